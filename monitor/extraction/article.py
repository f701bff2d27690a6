"""``extract_article``: runs the layers in order and assembles the result dict."""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from . import clean, selectors as sel
from .blocks import Block, clean_chars
from .dates import normalize_date, page_date, reconcile_dates
from .decode import parse, to_text
from .errors import NotArticle
from .generic import generic_blocks
from .headlines import pick_headline
from .links import canonicalize, is_share_link, looks_like_article
from .nodes import CaselessPattern, norm_text
from .pagetype import count_teasers, has_pager, not_article_reason, teaser_titles
from .sections import body_text, build_sections, clean_blocks
from .authors import clean_authors, html_authors
from .structured import extract_structured, site_names
from .walk import html_to_blocks

EXTRACTOR_VERSION = "1.2.0"

_STANDFIRST_ATTR = CaselessPattern(
    r"(^|[\s_-])(standfirst|stand-first|dek|deck|sub-?title|subtitle|sub-?head(line)?|"
    r"strapline|summary|excerpt|lede|lead|intro|article-?lead|article-?summary|"
    r"entry-?subtitle|post-?excerpt|td-post-sub-title|description)($|[\s_-])")
_TITLE_SPLIT = re.compile(r"\s+[|–—\-:»·]\s+")
_DESCRIPTION_PROPS = etree.XPath('//*[@itemprop="alternativeHeadline" or @itemprop="description"]')
_IN_BOX = etree.XPath("boolean(ancestor::*[self::nav or self::aside or self::footer or self::li])")
_COUNT_P = etree.XPath("count(.//p)")


def _lang(value: str | None) -> str | None:
    if not value:
        return None
    m = re.match(r"^\s*([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]+)*\s*$", value)
    return m.group(1).lower() if m else None


def _first_h1(root: etree._Element) -> str | None:
    """The story's <h1>: in <article> or <main>, else the page's only one (several <h1>s
    outside them are logos and section names as often as headlines)."""
    lone = root.xpath("//h1")
    for xp in ("//article//h1", "//main//h1", lone if len(lone) == 1 else []):
        for h in (root.xpath(xp) if isinstance(xp, str) else xp):
            text = norm_text(h)
            if 3 <= len(text) <= 400:
                return text
    return None


def _title(root: etree._Element) -> str | None:
    title = root.findtext(".//title")
    if not title:
        return None
    title = " ".join(title.split())
    parts = _TITLE_SPLIT.split(title)
    return max(parts, key=len) if len(parts) > 1 else title or None


def _html_standfirst(root: etree._Element, headline: str | None) -> str | None:
    for el in _DESCRIPTION_PROPS(root):
        if el.tag not in ("meta", "link"):
            text = norm_text(el)
            if 5 <= len(text.split()) <= 80:
                return text
    for el in root.iter("p", "h2", "div", "span", "h3"):
        cls, id_ = el.get("class", ""), el.get("id", "")
        if not (cls or id_) or not _STANDFIRST_ATTR.search(f"{cls} {id_}"):
            continue
        if _IN_BOX(el):
            continue
        if el.tag != "p" and _COUNT_P(el) > 1:
            continue
        text = norm_text(el)
        if 5 <= len(text.split()) <= 80 and text != headline:
            return text
    # an h2 / p immediately following the h1 in the same header
    for h1 in root.xpath("//h1")[:1]:
        nxt = h1.getnext()
        if nxt is not None and nxt.tag in ("h2", "p") and not nxt.xpath(".//a"):
            text = norm_text(nxt)
            parent = h1.getparent()
            if 5 <= len(text.split()) <= 60 and parent is not None and parent.tag in (
                    "header", "hgroup") or (5 <= len(text.split()) <= 60 and nxt.tag == "h2"):
                return text
    return None


def _canonical(root: etree._Element, url: str, meta: dict[str, str], sd_canonical: str | None,
               ) -> str | None:
    for link in root.xpath('//link[@href]'):
        rel = (link.get("rel") or "").lower().split()
        if "canonical" in rel:
            found = canonicalize(link.get("href"), url)
            if found:
                return found
    for cand in (meta.get("og:url"), sd_canonical):
        found = canonicalize(cand, url) if cand else None
        if found:
            return found
    return None


def _jsonld_blocks(body: str) -> list[Block]:
    return [Block("para", " ".join(p.split())) for p in re.split(r"\n\s*\n|\n", body) if p.strip()]


def _link_dicts(pairs: list[tuple[str, str]], kind: str, base: str, exclude: set[str],
                seen: set[str]) -> list[dict]:
    out = []
    for href, text in pairs:
        url = canonicalize(href, base)
        if not url or url in exclude or url in seen or is_share_link(url):
            continue
        text = " ".join(text.split())
        if not text:
            continue
        if kind == "inline" and not looks_like_article(url):
            continue
        seen.add(url)
        out.append({"url": url, "text": text, "kind": kind})
    return out


def extract_article(html: str | bytes, url: str, *, selectors: dict | None = None,
                    encoding: str | None = None) -> dict[str, Any]:
    """Extract an article from ``html`` fetched at ``url``.

    Layers, in order: structured data (JSON-LD, microdata, Open Graph, meta) for metadata;
    per-source CSS ``selectors`` when given; a generic main-content extractor for the body;
    then our own cleaning (captions, credits, share prompts, "Read also" lines, breadcrumbs,
    sidebars, closing credit/house lines), sectioning and link classification. Authors come
    from structured data, then byline markup (hCard, ``rel=author``, ``itemprop``, meta tags,
    "By A and B" text): see :mod:`.authors`.

    Dates are ISO 8601 with an offset; a page giving a naive time is assumed to be in UTC.
    Raises :class:`NotArticle` for anything that is not an article page; never anything else.
    """
    try:
        return _extract(html, url or "", selectors or {}, encoding)
    except NotArticle:
        raise
    except RecursionError:
        raise NotArticle("document nested too deeply to parse") from None
    except Exception as exc:  # defensive: the crawler must only ever see NotArticle
        raise NotArticle(f"extraction failed ({type(exc).__name__}: {exc})") from None


def _extract(html: str | bytes, url: str, selectors: dict, encoding: str | None) -> dict[str, Any]:
    text = to_text(html, encoding)
    root = parse(text)
    if root.find("body") is None and not root.xpath("//p|//div|//article"):
        raise NotArticle("no HTML body")
    sd = extract_structured(root, url)
    if not isinstance(selectors, dict):
        selectors = {}

    # --- metadata: selectors > structured data > HTML heuristics
    h1 = _first_h1(root)
    sites = site_names(sd)
    headline = sel.select_text(root, selectors.get("headline")) \
        or pick_headline(sd.headline, h1, root.findtext(".//title"), sites, url) or _title(root)
    # a dek printed on the page is cut from the body; a meta description is often just the
    # first paragraph, so it is reported but the body keeps it
    page_standfirst = sel.select_text(root, selectors.get("standfirst")) \
        or _html_standfirst(root, headline)
    standfirst = page_standfirst or sd.description
    if standfirst and headline and standfirst.strip() == headline.strip():
        standfirst = None
    chosen = normalize_date(sel.select_text(root, selectors.get("published_at"),
                                            ("datetime", "content")))
    published = sd.published
    if not published:
        for t in root.xpath("//article//time[@datetime]|//time[@itemprop][@datetime]|"
                            "//time[@pubdate][@datetime]")[:1]:
            published = normalize_date(t.get("datetime"))
    published = chosen or reconcile_dates(
        published, page_date(root, url, extensive=not published))
    modified = sd.modified
    if not modified:  # hAtom (WordPress "time.updated") and stray microdata
        for t in root.xpath('//time[contains(concat(" ", normalize-space(@class), " "), " updated ")]'
                            '[@datetime]|//*[@itemprop="dateModified"][@datetime or @content]')[:1]:
            modified = normalize_date(t.get("datetime") or t.get("content"))
    authors = clean_authors(sel.select_texts(root, selectors.get("authors")), sites) \
        or sd.authors or html_authors(root, sd.meta, sites)
    html_el = root if root.tag == "html" else root.find(".//html")
    language = _lang(html_el.get("lang") or html_el.get("xml:lang")) if html_el is not None else None
    language = language or _lang(sd.language) or _lang(sd.meta.get("og:locale"))
    canonical = _canonical(root, url, sd.meta, sd.canonical)

    teasers = count_teasers(root)
    titles, pager = teaser_titles(root), has_pager(root)

    # --- related blocks out of the tree, then boilerplate
    related_pairs: list[tuple[str, str]] = []
    for el in sel.select(root, selectors.get("related")):
        related_pairs.extend(clean._links(el, url))
    clean.remove_elements(root, sel.select(root, selectors.get("related")))
    body_els = sel.select(root, selectors.get("body"))
    related_pairs.extend(clean.collect_related(root, url))
    clean.prune(root, headline, protect=body_els)

    # --- body: selectors > generic > JSON-LD articleBody
    method = "generic"
    blocks: list[Block] = []
    if body_els:
        top = [el for el in body_els if not any(a in body_els for a in el.iterancestors())]
        blocks = html_to_blocks(top)
        method = "selectors"
    if not blocks:
        blocks = generic_blocks(root, url)
        method = "generic"
    words = sum(b.words for b in blocks)
    if sd.article_body and len(sd.article_body.split()) > max(50, 2 * words):
        blocks, method = _jsonld_blocks(sd.article_body), "jsonld"

    for b in blocks:
        b.text = clean_chars(b.text)
    blocks, line_related = clean_blocks(blocks, headline, page_standfirst)
    related_pairs.extend(line_related)

    reason = not_article_reason(root, url, sd, blocks, teasers, titles, pager)
    if reason:
        raise NotArticle(reason)

    sections = build_sections(blocks)
    exclude = {u for u in (canonicalize(url, url), canonical) if u}
    seen: set[str] = set()
    related_links = _link_dicts(related_pairs, "related", url, exclude, seen)
    inline_pairs = [pair for b in blocks for pair in b.links]
    related_links += _link_dicts(inline_pairs, "inline", url, exclude, seen)

    return {
        "url": url,
        "canonical_url": canonical,
        "headline": headline,
        "standfirst": standfirst,
        "published_at": published,
        "modified_at": modified,
        "authors": authors,
        "language": language,
        "sections": sections,
        "body_text": body_text(sections),
        "related_links": related_links,
        "page_type": "article",
        "method": method,
    }


__all__ = ["extract_article", "EXTRACTOR_VERSION", "NotArticle"]
