"""Article or not? Evidence from structured data, URL shape and page layout."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml import etree

from .blocks import Block
from .links import looks_like_article
from .nodes import CaselessPattern, norm_text
from .structured import StructuredData

_LISTING_PATH = re.compile(r"/(tags?|topics?|category|categories|section|sections|author|authors|"
                           r"archive|archives|search|page/\d+|latest|news/?$)(/|$)", re.I)
MIN_WORDS = 10
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def _size(text: str) -> int:
    """Word count; for Chinese/Japanese/Korean text, two characters count as a word."""
    return max(len(text.split()), len(_CJK.findall(text)) // 2)


_IN_OR_AROUND_LINK = etree.XPath("boolean(.//a[@href] | ancestor::a[@href])")
_HREFS = etree.XPath("descendant-or-self::a/@href", smart_strings=False)


def count_teasers(root: etree._Element) -> int:
    """Headline links (h2–h4 wrapping or inside a link) pointing at article-like URLs."""
    n = 0
    for h in root.iter("h2", "h3", "h4"):
        if _IN_OR_AROUND_LINK(h):
            n += 1
    return n


def teaser_titles(root: etree._Element) -> list[str]:
    """Texts of headline links (h2–h4 wrapping or inside a link) of four words or more."""
    out = []
    for h in root.iter("h2", "h3", "h4"):
        if _IN_OR_AROUND_LINK(h):
            text = norm_text(h)
            if len(text.split()) >= 4:
                out.append(text)
    return out


_PAGER = CaselessPattern(r"([?&](page|paged|pg)=\d+|/page/\d+/?)$")


def has_pager(root: etree._Element) -> bool:
    """A link to page 2, 3... of the same listing ("Older news »", "/page/2/")."""
    return any(_PAGER.search(href) for href in _HREFS(root))


PROSE_WORDS = 150


def prose_words(blocks: list[Block]) -> int:
    """Words in the body's paragraphs that read as prose: 20 words or more, mostly not links.

    A section page's body is teasers (short, or mostly link text); an article's is prose.
    """
    return sum(b.words for b in blocks if b.kind == "para" and b.words >= 20
               and b.link_chars < 0.3 * len(b.text))


def _teaser_words(blocks: list[Block], titles: list[str]) -> int:
    """Words of the body's blocks that hold a teaser headline of the page."""
    if not titles:
        return 0
    found = 0
    for b in blocks:
        text = " ".join(b.text.split())
        if any(t in text for t in titles):
            found += b.words
    return found


def not_article_reason(root: etree._Element, url: str, sd: StructuredData,
                       blocks: list[Block], teasers: int, titles: list[str] | None = None,
                       pager: bool = False) -> str | None:
    """A reason string if the page is not an article, else ``None``.

    ``titles`` are the page's teaser headlines and ``pager`` whether it links to a page 2
    (both taken before boilerplate removal): on a page with no article markup and no date,
    teaser headlines that make it into the body and a pager mark a section page, however few
    teasers it has.
    """
    words = sum(_size(b.text) for b in blocks if b.kind == "para")
    if words == 0:
        return "no body text"
    if words < MIN_WORDS:
        return f"too little body text ({words} words): gallery, video or stub page"
    path = urlsplit(url).path if url else ""
    article_score = 0
    if sd.is_article:
        article_score += 2
    if sd.published:
        article_score += 1
    if len(root.xpath("//h1")) == 1:
        article_score += 1
    if url and looks_like_article(url):
        article_score += 1
    prose = prose_words(blocks)
    if prose >= PROSE_WORDS:
        article_score += 2  # the body reads as a story, whatever the page's markup lacks
    listing_score = 0
    if url and re.fullmatch(r"/?|/(index\.\w+|home|[a-z]{2}(-[a-z]{2})?/?)", path):
        listing_score += 2  # (no URL known says nothing about the page)
    if _LISTING_PATH.search(path):
        listing_score += 2
    if sd.is_listing:
        listing_score += 2
    if sd.og_type == "website":
        listing_score += 1
    if teasers >= 15:  # (a news page's sidebars alone carry eight or ten)
        listing_score += 1
    if not sd.is_article and not sd.published:
        teaser_words = _teaser_words(blocks, titles or [])
        if teaser_words and teaser_words >= prose:
            listing_score += 2  # the "body" is made of teasers
        if pager:
            listing_score += 1
    paras = [b for b in blocks if b.kind == "para"]
    linky = sum(1 for b in paras if b.links and b.link_chars >= 0.5 * len(b.text))
    if paras and linky / len(paras) > 0.4 and prose < PROSE_WORDS:
        listing_score += 2  # a body of link lines, with no story among them
    if listing_score >= 2 and listing_score > article_score:
        return "listing page (home, tag, section or search page)"
    return None
