"""The intermediate representation every body layer produces: a flat list of blocks."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

# soft hyphen, zero-width space, word joiner, BOM: invisible, and they split words
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff"))


def clean_chars(text: str) -> str:
    """Unicode NFC (one spelling for canonically equal text) without invisible break marks.

    >>> clean_chars("Mit\u00adtel\u00adal\u00adter")
    'Mittelalter'
    """
    text = text.translate(_INVISIBLE)
    return text if text.isascii() else unicodedata.normalize("NFC", text)


@dataclass
class Block:
    """One paragraph-level unit of the article body, in page order.

    ``kind`` is ``"heading"`` (h2–h6 or similar), ``"para"`` (paragraph, list item, quote,
    table row) or ``"bold"`` (a paragraph whose whole text is bold: a heading candidate).
    ``links`` holds ``(href, anchor text)`` pairs found inside the block.
    """

    kind: str
    text: str
    links: list[tuple[str, str]] = field(default_factory=list)
    level: int = 0

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def link_chars(self) -> int:
        return sum(len(t) for _, t in self.links)
