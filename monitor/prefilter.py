"""Drop an off-topic page before extracting it, when that can never lose a relevant article.

The relevance score (:func:`monitor.relevance.score_relevance`) only grows with the text it reads:
each term family gives ``HEADLINE_WEIGHT`` if the headline names it, plus one point per body
mention up to ``BODY_CAP``. Whatever the extractor later takes as headline and body comes from the
page, so scoring the page's own text as both headline and body bounds the article's score from
above. When even that bound is below the threshold, the article would be dropped after a full
extraction; it is dropped now, for the cost of a few regular expressions.

"The page's own text" is read three ways and every family's mentions are added up over them, so
no way of writing a word escapes the bound: the markup removed (a word split by inline tags,
``Arme<b>nia</b>``), the markup replaced by spaces (words in adjacent blocks), and the raw source
with attributes and scripts (``og:title``, JSON-LD, where ``\\u0410``-style escapes are decoded);
HTML entities are decoded in all three. The page is decoded exactly as the extractor decodes it.

>>> could_be_relevant("<html><h1>Harvest festival</h1><p>Apricots sold out.</p></html>", 3.0)
False
>>> could_be_relevant('<meta property="og:title" content="Armenia and Azerbaijan talk">', 3.0)
True
>>> could_be_relevant("<p>Border talks in Yer<i>evan</i>.</p>", 1.0)
True
"""

from __future__ import annotations

import html
import re

from monitor import relevance

_TAG = re.compile(r"<[^>]*>")
_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


def _views(text: str) -> tuple[str, ...]:
    raw = _JSON_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    return html.unescape(_TAG.sub("", text)), html.unescape(_TAG.sub(" ", text)), html.unescape(raw)


def relevance_ceiling(text: str) -> float:
    """The highest relevance score any headline and body taken from this page could reach."""
    views = _views(text)
    score = 0.0
    for pattern in relevance._PATTERNS.values():
        hits = 0
        for view in views:
            for _ in pattern.finditer(view):
                hits += 1
                if hits >= relevance.BODY_CAP:
                    break
            if hits >= relevance.BODY_CAP:
                break
        if hits:
            score += relevance.HEADLINE_WEIGHT + hits
    return score


def could_be_relevant(page: str | bytes, threshold: float, encoding: str | None = None) -> bool:
    """False only when no article extracted from ``page`` can reach ``threshold``."""
    if isinstance(page, (bytes, bytearray, memoryview)):
        from monitor.extraction.decode import to_text

        page = to_text(bytes(page), encoding)
    return relevance_ceiling(page) >= threshold
