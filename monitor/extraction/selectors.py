"""Layer 2: per-source CSS selectors (from the sources config) — they win when they match."""

from __future__ import annotations

from functools import lru_cache

from cssselect import HTMLTranslator, SelectorError
from lxml import etree

KEYS = ("headline", "standfirst", "body", "published_at", "authors", "related")


@lru_cache(maxsize=512)
def _xpath(css: str) -> etree.XPath | None:
    try:
        return etree.XPath(HTMLTranslator().css_to_xpath(css))
    except (SelectorError, etree.XPathSyntaxError, TypeError, ValueError, Exception):
        return None


def select(root: etree._Element, css: str | None) -> list[etree._Element]:
    """Elements matching ``css`` (empty list for a missing or invalid selector)."""
    if not css or not isinstance(css, str):
        return []
    xp = _xpath(css.strip())
    if xp is None:
        return []
    try:
        return [el for el in xp(root) if isinstance(el, etree._Element)]
    except Exception:
        return []


def select_text(root: etree._Element, css: str | None, attrs: tuple[str, ...] = ()) -> str | None:
    """Whitespace-normalised text (or first present attribute) of the first match."""
    for el in select(root, css):
        for attr in attrs:
            if el.get(attr):
                return " ".join(el.get(attr).split())
        text = " ".join(el.xpath("string(.)").split())
        if text:
            return text
    return None


def select_texts(root: etree._Element, css: str | None) -> list[str]:
    out = []
    for el in select(root, css):
        text = " ".join((el.get("content") or el.xpath("string(.)")).split())
        if text:
            out.append(text)
    return out
