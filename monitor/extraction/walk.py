"""Turn an HTML element (already cleaned) into blocks: used by the selectors layer."""

from __future__ import annotations

import re

from lxml import etree

from .blocks import Block

_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BLOCK_TAGS = {"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "table", "tr",
               "section", "article", "main", "header", "figure", "h1", "h2", "h3", "h4", "h5", "h6",
               "hr", "center", "address", "details", "summary", "tbody", "thead"}
_BOLD = {"b", "strong"}
_SKIP = {"script", "style", "noscript", "template", "svg", "button", "select", "iframe", "form",
         "figcaption", "nav", "aside", "footer", "img", "picture", "video", "audio", "input"}


def _norm(text: str) -> str:
    text = re.sub(r"[ \t\r\f\v\u00a0\u200b]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    return text.strip()


class _Walker:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.parts: list[str] = []
        self.bold_parts: list[str] = []
        self.links: list[tuple[str, str]] = []

    def flush(self) -> None:
        text = _norm("".join(self.parts))
        if text:
            bold = _norm("".join(self.bold_parts))
            kind = "bold" if bold and bold == text else "para"
            self.blocks.append(Block(kind, text, self.links))
        self.parts, self.bold_parts, self.links = [], [], []

    def walk(self, el: etree._Element, in_bold: bool = False) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _SKIP or not tag:
            if el.tail:
                self._add(el.tail, in_bold=False)
            return
        if tag in _HEADINGS:
            self.flush()
            text = _norm(el.xpath("string(.)"))
            if text:
                self.blocks.append(Block("heading", text, [], level=_HEADINGS[tag]))
        else:
            block = tag in _BLOCK_TAGS
            if block:
                self.flush()
            if tag == "br":
                self._add("\n", in_bold)
            bold = in_bold or tag in _BOLD
            if el.text:
                self._add(el.text, bold)
            for child in el:
                self.walk(child, bold)
            if tag == "a":
                text = _norm(el.xpath("string(.)"))
                if el.get("href") and text:
                    self.links.append((el.get("href"), text))
            if block:
                self.flush()
            if tag in ("td", "th"):
                self._add(" ", False)
        if el.tail:
            self._add(el.tail, in_bold)

    def _add(self, text: str, in_bold: bool) -> None:
        self.parts.append(text)
        if in_bold:
            self.bold_parts.append(text)
        elif text.strip():
            self.bold_parts.append("\x00")  # marks non-bold text


def html_to_blocks(elements: list[etree._Element]) -> list[Block]:
    """Blocks of the given elements in document order."""
    walker = _Walker()
    for el in elements:
        walker.walk(el)
        walker.flush()
    return walker.blocks
