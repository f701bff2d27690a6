"""The intermediate representation every body layer produces: a flat list of blocks."""

from __future__ import annotations

from dataclasses import dataclass, field


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
