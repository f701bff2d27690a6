"""Link canonicalisation and classification (related / inline / ignored)."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

_TRACKING = re.compile(r"^(utm_|fbclid$|gclid$|mc_cid$|mc_eid$|ocid$|cmpid$|ref$|ref_src$|_ga$|"
                       r"ito$|ns_|at_|share$|amp$|outputtype$)", re.I)
_SHARE_HOSTS = re.compile(r"(^|\.)(facebook|twitter|x|t|linkedin|pinterest|reddit|whatsapp|wa|"
                          r"telegram|vk|ok|instagram|youtube|tiktok|plus\.google|tumblr|"
                          r"flipboard|getpocket|mix|threads|bsky)\.(com|me|ru|net|app|co)$", re.I)
_NON_ARTICLE_PATH = re.compile(
    r"/(tags?|topics?|category|categories|section|sections|author|authors|authors?-archive|"
    r"search|login|register|signin|subscribe|newsletter|contact|about|privacy|terms|cookies?|"
    r"feed|rss|page|archive|archives|profile|user|account|shop|advert|advertise|donate)(/|$)", re.I)
_FILE_EXT = re.compile(r"\.(jpe?g|png|gif|webp|svg|pdf|mp[34]|zip|css|js|xml|json)$", re.I)


def canonicalize(href: str | None, base: str) -> str | None:
    """Absolute http(s) URL without fragment and tracking parameters, or ``None``.

    >>> canonicalize("/news/a-b?utm_source=x&id=3#top", "https://Example.com/x/")
    'https://example.com/news/a-b?id=3'
    """
    if isinstance(href, str) and isinstance(base, str):
        return _canonicalize_cached(href, base)  # a page asks for the same links repeatedly
    return _canonicalize(href, base)


def _canonicalize(href: str | None, base: str) -> str | None:
    if not href:
        return None
    href = href.strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "data:", "whatsapp:")):
        return None
    try:
        absolute = urljoin(base, href)
        parts = urlsplit(absolute)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not _TRACKING.match(k)]
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, urlencode(query), ""))


_canonicalize_cached = lru_cache(maxsize=4096)(_canonicalize)


def _host(url: str) -> str:
    host = urlsplit(url).netloc.lower().split(":")[0]
    return host[4:] if host.startswith("www.") else host


def same_site(a: str, b: str) -> bool:
    ha, hb = _host(a), _host(b)
    if not ha or not hb:
        return False
    return ha == hb or ha.endswith("." + hb) or hb.endswith("." + ha) \
        or ".".join(ha.split(".")[-2:]) == ".".join(hb.split(".")[-2:])


def looks_like_article(url: str) -> bool:
    """Heuristic: does the URL point at an article (not a tag, section, file or share link)?"""
    parts = urlsplit(url)
    if _SHARE_HOSTS.search(parts.netloc.split(":")[0]):
        return False
    path = parts.path
    if _FILE_EXT.search(path) or _NON_ARTICLE_PATH.search(path):
        return False
    segments = [s for s in path.split("/") if s]
    if not segments:
        return bool(re.search(r"(^|&)(p|id|article|story)=\d", parts.query))
    last = segments[-1]
    return (len(segments) >= 2 or "-" in last or "_" in last or bool(re.search(r"\d{3,}", path))
            or "." in last)


def is_share_link(url: str) -> bool:
    host = urlsplit(url).netloc.split(":")[0]
    return bool(_SHARE_HOSTS.search(host)) or "/share" in url or "sharer" in url
