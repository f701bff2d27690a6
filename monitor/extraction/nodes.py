"""Compiled XPath helpers shared by the layers.

``el.xpath("...")`` parses the expression and builds an evaluator on every call; a compiled
:class:`lxml.etree.XPath` does that once, which is several times cheaper on the hot paths
(every paragraph's text, every candidate container).
"""

from __future__ import annotations

import re

from lxml import etree

_STRING = etree.XPath("string()", smart_strings=False)

# ``boolean(...)`` stops lxml from building a result list when only presence matters
has_h1 = etree.XPath("boolean(.//h1)")
has_link = etree.XPath("boolean(.//a[@href])")
_TEXT_LEN = etree.XPath("string-length(normalize-space(.))")
_NOT_READ = ("a", "script", "style", "noscript", "template")


def prose_chars(el: etree._Element) -> int:
    """Characters of text under ``el`` outside links (and scripts): the weight of what a
    reader reads there.

    Unlike paragraph text this also counts pages laid out with ``<br>`` and bare ``<div>``s
    (Blogger, older sites), and unlike all text it does not count menus and teaser lists.
    """
    n = int(_TEXT_LEN(el))
    for sub in el.iter(*_NOT_READ):
        n -= int(_TEXT_LEN(sub))
    return max(n, 0)


def text_of(el: etree._Element) -> str:
    """XPath ``string(.)`` of ``el``: all the text under it, in document order."""
    return _STRING(el)


def norm_text(el: etree._Element) -> str:
    """The text under ``el`` with runs of whitespace collapsed to one space."""
    return " ".join(_STRING(el).split())


class CaselessPattern:
    """``re.compile(pattern, re.I).search`` as a yes/no test, faster on ASCII text.

    In case-insensitive mode Python's matcher cannot take its quick literal test on each
    alternative, which makes the long class/id vocabularies slow. For an ASCII string,
    lowercasing it and matching the (all-lowercase) pattern case-sensitively is the same test;
    anything else goes through the case-insensitive pattern.
    """

    def __init__(self, pattern: str) -> None:
        if pattern != pattern.lower():
            raise ValueError("CaselessPattern needs an all-lowercase pattern")
        self.caseless = re.compile(pattern, re.I)
        self._lower = re.compile(pattern)

    def search(self, text: str) -> bool:
        if text.isascii():
            return self._lower.search(text.lower()) is not None
        return self.caseless.search(text) is not None
