"""What a worker makes of a response: a result message (plain JSON), with the pure parsing functions.

Index pages give their article links (feed, sitemap or listing rules of ``spiders``); article pages
give the article dict of :func:`monitor.parsing.parse_article_page`. Nothing here touches a store:
which links to follow is the writer's decision (it knows what is stored).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Mapping

from scrapy.http import Response, TextResponse

from monitor.dates import parse_datetime
from monitor.distributed.messages import result_message
from monitor.parsing import NotArticle, parse_article_page

HTML_TYPES = (b"text/html", b"application/xhtml+xml")


def _header(response: Response, name: bytes) -> str | None:
    return (response.headers.get(name) or b"").decode("latin-1").strip() or None


def _validators(response: Response) -> dict[str, Any]:
    return {"etag": _header(response, b"ETag"), "last_modified": _header(response, b"Last-Modified")}


def index_result(request: Mapping[str, Any], response: Response) -> dict[str, Any]:
    from spiders.feed import feed_links
    from spiders.listing import listing_links
    from spiders.sitemap import sitemap_entries

    base = dict(url=response.url, status=response.status, **_validators(response))
    kind = request.get("kind")
    children: list[str] = []
    try:
        if kind == "feed":
            links = feed_links(response.body, response.url)
        elif kind == "sitemap":
            entries, children = sitemap_entries(response.body, response.url)
            horizon = parse_datetime(request["horizon"]) if request.get("horizon") else None
            links = [url for url, date in entries if not _older(date, horizon)]
        elif kind == "listing" and isinstance(response, TextResponse):
            links = listing_links(response, request.get("pattern") or "")
        else:
            return result_message("error", request, error=f"{kind} index {response.url} is not readable", **base)
    except ValueError as exc:
        return result_message("error", request, error=f"{kind} {response.url} is not readable XML: {exc}", **base)
    return result_message("index", request, links=links, children=children, **base)


def _older(date: str | None, horizon: datetime | None) -> bool:
    when = parse_datetime(date) if date and horizon is not None else None
    return when is not None and horizon is not None and when < horizon


def article_result(request: Mapping[str, Any], response: Response) -> dict[str, Any]:
    base = dict(url=response.url, status=response.status, **_validators(response))
    ctype = (response.headers.get(b"Content-Type") or b"").split(b";")[0].strip().lower()
    if not isinstance(response, TextResponse) or (ctype and ctype not in HTML_TYPES):
        return result_message("skipped", request, reason=f"not an HTML page ({ctype.decode('latin-1') or 'unknown'})",
                              **base)
    try:
        article = parse_article_page(response.body, response.url, source=request["source"],
                                     selectors=request.get("selectors") or None, encoding=response.encoding)
    except NotArticle as exc:
        return result_message("skipped", request, reason=f"not an article ({exc})", **base)
    return result_message("article", request, article=article, **base)


def page_result(request: Mapping[str, Any], response: Response) -> dict[str, Any]:
    """The result for one response to one request message."""
    if response.status == 304:
        return result_message("not_modified", request, url=response.url, status=304)
    if request.get("role") == "index":
        return index_result(request, response)
    return article_result(request, response)
