"""URL canonicalisation, built on w3lib (Scrapy's own URL library).

``canonical_url`` is the key one article is stored under: scheme and host lower-cased,
default ports, fragments and tracking parameters dropped, query arguments sorted,
percent-encoding normalised; AMP and mobile variants folded onto the main URL.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from w3lib.url import canonicalize_url, url_query_cleaner

TRACKING_PARAMS = (
    "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "utm_id",
    "utm_name", "utm_reader", "utm_brand", "utm_social", "utm_social-type",
    "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "yclid",
    "ocid", "cmpid", "ito", "ns_mchannel", "ns_source", "ns_campaign", "ns_linkname",
    "ns_fee", "at_medium", "at_campaign", "_ga", "share", "ref_src", "amp", "outputtype",
)
_AMP_PATH = re.compile(r"(?:/amp/?$|/amp(?=/)|\.amp(?=\.html?$|$))", re.IGNORECASE)


def canonical_url(url: str) -> str:
    """The stable key of a page URL.

    >>> canonical_url("HTTPS://Example.com:443/news/a?utm_source=x&b=2&a=1#top")
    'https://example.com/news/a?a=1&b=2'
    >>> canonical_url("https://m.example.com/news/story/amp/")
    'https://example.com/news/story'
    """
    url = url.strip()
    if not url:
        return url
    try:
        return _canonical(url)
    except ValueError:  # e.g. a port that is not a number: keep the URL as given, minus its fragment
        return url.split("#", 1)[0]


def _canonical(url: str) -> str:
    cleaned = url_query_cleaner(url, TRACKING_PARAMS, remove=True, unique=False, keep_fragments=False)
    parts = urlsplit(canonicalize_url(cleaned, keep_fragments=False))
    host = (parts.hostname or "").lower()
    if host.startswith(("m.", "amp.", "mobile.")):
        host = host.split(".", 1)[1]
    netloc = host
    if parts.port and not (parts.scheme == "http" and parts.port == 80) and not (
        parts.scheme == "https" and parts.port == 443
    ):
        netloc = f"{host}:{parts.port}"
    path = _AMP_PATH.sub("", parts.path) or "/"
    if len(path) > 1 and path.endswith("/"):
        path = path.rstrip("/")
    return urlunsplit((parts.scheme.lower(), netloc, path, parts.query, ""))
