"""Exceptions raised by the extractor."""

from __future__ import annotations


class NotArticle(Exception):
    """The input is not an article page (empty, binary, listing, gallery...).

    ``reason`` holds a short human-readable explanation.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(f"not an article: {reason}")
        self.reason = reason
