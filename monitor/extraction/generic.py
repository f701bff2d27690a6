"""Layer 3: generic main-content extraction.

trafilatura finds the main content: first its fast pass (its own heuristics, without the
readability/jusText comparison); when that keeps under a quarter of the page's reading text
(text outside links), its full pass, which recovers older layouts the fast one misses (the
public suites showed it: whole articles reduced to a line). We ask it for its XML tree
(headings, lists, bold runs, links kept) and turn that into our blocks, text between blocks
included.
Everything after that — captions, share prompts, related lines, sectioning, link
classification — is done by our own modules.
"""

from __future__ import annotations

import logging
import re

from lxml import etree

from .blocks import Block
from .nodes import norm_text, prose_chars, text_of

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)

_CONTAINERS = {"list", "quote", "div", "item", "table", "row", "cell", "main", "doc"}
_BLOCKS = {"p", "head", "list", "quote", "table"}
FAST = True  # trafilatura's fast pass first...
FULL_MODE_SHARE = 0.25  # ...and its full pass (readability/jusText fallbacks) when it is short
_ANCHORS = etree.XPath("//p//a[@href]|//li//a[@href]|//blockquote//a[@href]")


def _text(el: etree._Element) -> str:
    parts: list[str] = []

    def rec(node: etree._Element) -> None:
        if node.tag == "lb":
            parts.append("\n")
        elif node.text:
            parts.append(node.text)
        for child in node:
            rec(child)
            if child.tail:
                parts.append(child.tail)
        if node.tag in ("cell",):
            parts.append(" ")

    rec(el)
    text = re.sub(r"[ \t\u00a0]+", " ", "".join(parts))
    return re.sub(r" *\n *", "\n", text).strip()


def _refs(el: etree._Element) -> list[tuple[str, str]]:
    out = []
    for ref in el.iter("ref"):
        text = " ".join("".join(ref.itertext()).split())
        if ref.get("target") and text:
            out.append((ref.get("target"), text))
    return out


def _is_bold_only(el: etree._Element) -> bool:
    if (el.text or "").strip():
        return False
    children = list(el)
    if not children:
        return False
    for child in children:
        if (child.tail or "").strip():
            return False
        if child.tag == "lb":
            continue
        if not (child.tag == "hi" and "#b" in (child.get("rend") or "")):
            # <ref> wrapped in bold etc. does not count
            return False
    return True


def _to_blocks(el: etree._Element, out: list[Block]) -> None:
    for child in el:
        _child_blocks(child, out)
        tail = (child.tail or "").strip()
        if tail:  # text between two blocks: an untagged sub-heading, a tweet's attribution
            out.append(Block("para", " ".join(tail.split()), []))


def _child_blocks(child: etree._Element, out: list[Block]) -> None:
    tag = child.tag
    if tag == "head":
        text = _text(child)
        if text:
            rend = child.get("rend") or "h2"
            level = int(rend[1]) if re.fullmatch(r"h[1-6]", rend) else 3
            out.append(Block("heading", " ".join(text.split()), [], level=level))
    elif tag in ("p", "code"):
        text = _text(child)
        if text:
            kind = "bold" if _is_bold_only(child) else "para"
            out.append(Block(kind, text, _refs(child)))
    elif tag == "row" and any(g.tag in _BLOCKS for cell in child for g in cell):
        for cell in child:  # a layout table: the cells hold paragraphs, headings, lists
            if (cell.text or "").strip():
                out.append(Block("para", " ".join(cell.text.split()), []))
            _to_blocks(cell, out)
    elif tag == "row":
        text = " ".join(_text(c) for c in child if c.tag == "cell")
        text = " ".join(text.split())
        if text:
            out.append(Block("para", text, _refs(child)))
    elif tag in _CONTAINERS:
        if any(c.tag in ("p", "list", "item", "head", "quote", "row", "table", "code")
               for c in child):
            if (child.text or "").strip():
                out.append(Block("para", child.text.strip(), []))
            _to_blocks(child, out)
        else:
            text = _text(child)
            if text:
                out.append(Block("para", text, _refs(child)))
    elif tag in ("graphic", "lb"):
        return
    else:
        text = _text(child)
        if text:
            out.append(Block("para", text, _refs(child)))


def _bare(tree: etree._Element, url: str, fast: bool):
    import trafilatura

    try:
        return trafilatura.bare_extraction(
            tree, url=url or None, fast=fast, include_comments=False, include_tables=True,
            include_images=False, include_formatting=False, include_links=False,
            with_metadata=False, deduplicate=False)
    except Exception:
        return None


def _words(body: etree._Element | None) -> int:
    return len(" ".join(body.itertext()).split()) if body is not None else 0


def _too_short(body: etree._Element | None, tree: etree._Element) -> bool:
    """The fast pass kept under a quarter of the page's reading text: try the full one."""
    return _words(body) < FULL_MODE_SHARE * prose_chars(tree) / 6


def generic_blocks(tree: etree._Element, url: str) -> list[Block]:
    """Main-content blocks of ``tree`` (an lxml HTML tree; it is copied, not modified)."""
    doc = _bare(tree, url, fast=FAST)
    body = getattr(doc, "body", None) if doc is not None else None
    if FAST and _too_short(body, tree):
        full = _bare(tree, url, fast=False)
        full_body = getattr(full, "body", None) if full is not None else None
        if full_body is not None and _words(full_body) > _words(body):
            body = full_body
    if body is None:
        return []
    out: list[Block] = []
    _to_blocks(body, out)
    _annotate(tree, out)
    return out


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _annotate(tree: etree._Element, blocks: list[Block]) -> None:
    """Put back what trafilatura's plain mode drops: links and bold-only paragraphs.

    (Asking trafilatura for links changes its link-density heuristics and costs precision.)
    """
    bold: set[str] = set()
    for p in tree.iter("p", "div"):
        if (p.text or "").strip():
            continue
        kids = [c for c in p if isinstance(c.tag, str) and c.tag != "br"]
        if not kids or len(kids) > 2:
            continue
        if all(c.tag in ("b", "strong") and not (c.tail or "").strip() for c in kids):
            key = _key(text_of(p))
            if key:
                bold.add(key)
    anchors: list[tuple[str, str]] = []
    for a in _ANCHORS(tree):
        text = norm_text(a)
        if len(text) >= 4:
            anchors.append((a.get("href"), text))
    for b in blocks:
        if b.kind == "para" and bold and _key(b.text) in bold:
            b.kind = "bold"
        if anchors and b.kind == "para":
            b.links = _links_in(b.text, anchors)


def _links_in(text: str, anchors: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The page's anchors whose text stands in ``text`` as whole words, each text once
    (a menu's "News" or "Home" must not make a paragraph that says "news" link text)."""
    out, seen = [], set()
    for href, anchor in anchors:
        if anchor in seen or anchor not in text:
            continue
        i = text.find(anchor)
        before = text[i - 1] if i > 0 else " "
        after = text[i + len(anchor)] if i + len(anchor) < len(text) else " "
        if before.isalnum() or after.isalnum():
            continue
        seen.add(anchor)
        out.append((href, anchor))
    return out
