"""Layer 1: structured data (JSON-LD, microdata, Open Graph and plain meta tags).

JSON-LD and microdata are read with extruct (maintained by Zyte, handles @graph, malformed
JSON with HTML comments/escapes, nested itemscopes); Open Graph and the handful of plain
``<meta>`` names are read directly from the already parsed tree, which is cheaper than
re-parsing and covers non-OG names (``author``, ``description``, ``dc.*``) extruct skips.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from lxml import html as lxml_html

from .authors import clean_authors
from .dates import normalize_date

ARTICLE_TYPES = {
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "blogposting",
    "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "report",
    "socialmediaposting", "liveblogposting", "scholarlyarticle", "techarticle", "posting",
    "creativework", "medicalscholarlyarticle", "advertisertcontentarticle", "satiricalarticle",
}
LISTING_TYPES = {"collectionpage", "itemlist", "searchresultspage", "profilepage", "imagegallery",
                 "mediagallery", "videogallery"}


@dataclass
class StructuredData:
    headline: str | None = None
    description: str | None = None
    published: str | None = None
    modified: str | None = None
    authors: list[str] = field(default_factory=list)
    language: str | None = None
    canonical: str | None = None
    article_body: str | None = None
    publisher: str | None = None
    types: set[str] = field(default_factory=set)
    og_type: str | None = None
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def is_article(self) -> bool:
        return bool(self.types & ARTICLE_TYPES) or (self.og_type or "").startswith("article")

    @property
    def is_listing(self) -> bool:
        return bool(self.types & LISTING_TYPES) and not (self.types & ARTICLE_TYPES)


def _clean(value: Any) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name")
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    if "<" in text and ">" in text:
        text = " ".join(lxml_html.fromstring(f"<div>{text}</div>").text_content().split()) \
            if text.strip() else text
    return text or None


def _types(node: dict) -> set[str]:
    t = node.get("@type") or node.get("type") or []
    if isinstance(t, str):
        t = [t]
    out = set()
    for item in t:
        if isinstance(item, str):
            out.add(item.rsplit("/", 1)[-1].rsplit(":", 1)[-1].lower())
    return out


def _walk(obj: Any, depth: int = 0) -> Iterable[dict]:
    if depth > 6:
        return
    if isinstance(obj, list):
        for item in obj:
            yield from _walk(item, depth + 1)
    elif isinstance(obj, dict):
        yield obj
        for key in ("@graph", "mainEntity", "itemListElement"):
            if key in obj:
                yield from _walk(obj[key], depth + 1)


def _names(value: Any) -> list[str]:
    out: list[str] = []
    items = value if isinstance(value, list) else [value]
    for item in items:
        if isinstance(item, dict):
            name = item.get("name")
            if name is None and isinstance(item.get("properties"), dict):
                name = item["properties"].get("name")
            if isinstance(name, list):
                name = next((n for n in name if isinstance(n, str)), None)
            if isinstance(name, str):
                out.append(name)
        elif isinstance(item, str):
            out.append(item)
    return out


def site_names(sd: StructuredData) -> list[str]:
    """The site's own names (never an author): og:site_name, application-name, publisher."""
    names = [sd.meta.get("og:site_name"), sd.meta.get("application-name"), sd.publisher,
             (sd.meta.get("twitter:site") or "").lstrip("@")]
    return [n for n in names if n]


def _jsonld(tree: lxml_html.HtmlElement, base_url: str) -> list[Any]:
    if not tree.xpath('//script[contains(translate(@type, "JSON", "json"), "ld+json")]'):
        return []
    try:
        from extruct.jsonld import JsonLdExtractor

        return JsonLdExtractor().extract_items(tree, base_url=base_url)
    except Exception:
        return []


def _microdata(tree: lxml_html.HtmlElement, base_url: str) -> list[dict]:
    if not tree.xpath("//*[@itemscope][1]"):
        return []
    try:
        from extruct.w3cmicrodata import MicrodataExtractor

        items = MicrodataExtractor().extract_items(tree, base_url)
        return list(items)[:50]
    except Exception:
        return []


def extract_structured(tree: lxml_html.HtmlElement, base_url: str) -> StructuredData:
    """Collect article metadata from JSON-LD, microdata, Open Graph and meta tags."""
    sd = StructuredData()
    meta: dict[str, str] = {}
    for el in tree.xpath("//meta[@content]"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv") or "")
        key = key.strip().lower()
        if key and key not in meta and el.get("content", "").strip():
            meta[key] = el.get("content").strip()
    sd.meta = meta
    sd.og_type = meta.get("og:type", "").lower() or None

    article_nodes: list[dict] = []
    other_nodes: list[dict] = []
    for node in _walk(_jsonld(tree, base_url)):
        types = _types(node)
        sd.types |= types
        (article_nodes if types & ARTICLE_TYPES else other_nodes).append(node)
    for item in _microdata(tree, base_url):
        if not isinstance(item, dict):
            continue
        types = _types(item)
        sd.types |= types
        props = item.get("properties", {})
        if types & ARTICLE_TYPES and isinstance(props, dict):
            node = dict(props)
            node["@type"] = list(types)
            article_nodes.append(node)

    # Prefer the most specific article node (NewsArticle over CreativeWork) with a headline.
    article_nodes.sort(key=lambda n: (not (n.get("headline") or n.get("name")),
                                      "creativework" in _types(n)))
    for node in article_nodes[:3]:
        sd.headline = sd.headline or _clean(node.get("headline")) or _clean(node.get("name"))
        sd.description = sd.description or _clean(node.get("description"))
        sd.published = sd.published or normalize_date(node.get("datePublished") or node.get("dateCreated"))
        sd.modified = sd.modified or normalize_date(node.get("dateModified"))
        sd.publisher = sd.publisher or next(iter(_names(node.get("publisher") or [])), None)
        if not sd.authors:
            sd.authors = clean_authors(_names(node.get("author") or node.get("creator") or []),
                                       site_names(sd))
        sd.language = sd.language or _clean(node.get("inLanguage"))
        if not sd.canonical:
            main = node.get("mainEntityOfPage")
            if isinstance(main, dict):
                main = main.get("@id") or main.get("url")
            sd.canonical = _clean(node.get("url")) or (main if isinstance(main, str) else None)
        body = node.get("articleBody")
        if isinstance(body, str) and not sd.article_body:
            sd.article_body = body.strip() or None
    for node in other_nodes:
        if "webpage" in _types(node) and not sd.published:
            sd.published = normalize_date(node.get("datePublished"))
            sd.modified = sd.modified or normalize_date(node.get("dateModified"))

    sd.headline = sd.headline or _clean(meta.get("og:title")) or _clean(meta.get("twitter:title"))
    sd.description = sd.description or _clean(meta.get("og:description")) \
        or _clean(meta.get("description")) or _clean(meta.get("twitter:description"))
    for key in ("article:published_time", "datepublished", "og:article:published_time",
                "article.published", "pubdate", "publishdate", "dc.date.issued", "dc.date",
                "date", "parsely-pub-date", "sailthru.date", "publication_date"):
        if sd.published:
            break
        sd.published = normalize_date(meta.get(key))
    for key in ("article:modified_time", "datemodified", "og:updated_time", "last-modified",
                "article.updated"):
        if sd.modified:
            break
        sd.modified = normalize_date(meta.get(key))
    sd.language = sd.language or _clean(meta.get("og:locale")) or _clean(meta.get("content-language")) \
        or _clean(meta.get("language")) or _clean(meta.get("dc.language"))
    return sd
