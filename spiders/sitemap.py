"""News sitemaps (and sitemap indexes): recent ``<url><loc>`` entries are article candidates."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any, Iterable
from urllib.parse import urljoin

import scrapy
from parsel import Selector
from scrapy.http import Response

from monitor.dates import parse_datetime
from spiders.base import SourceSpider, log_empty


def sitemap_entries(body: bytes | str, base_url: str) -> tuple[list[tuple[str, str | None]], list[str]]:
    """``([(article_url, publication_date), ...], [child_sitemap_url, ...])``."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    sel = Selector(text=text, type="xml")
    sel.remove_namespaces()
    urls = []
    for node in sel.xpath("//urlset/url"):
        loc = (node.xpath("loc/text()").get() or "").strip()
        if loc:
            date = node.xpath("news/publication_date/text()").get() or node.xpath("lastmod/text()").get()
            urls.append((urljoin(base_url, loc), date.strip() if date else None))
    children = [urljoin(base_url, s.strip()) for s in sel.xpath("//sitemapindex/sitemap/loc/text()").getall() if s.strip()]
    return urls, children


class SitemapSpider(SourceSpider):
    kind = "sitemap"

    def index_entries(self, response: Response) -> Iterable[Any]:
        try:
            urls, children = sitemap_entries(response.body, response.url)
        except ValueError as exc:
            self.crawler.stats.inc_value("monitor/bad_index")
            self.logger.error("source %s: sitemap %s is not readable XML: %s", self.name, response.url, exc)
            return
        for child in children:
            yield self.index_request(child, depth=response.meta.get("monitor_depth", 0) + 1, link=child)
        horizon = datetime.now(timezone.utc) - timedelta(days=max(self.source.revisit_days, 2.0))
        kept: list[str] = []
        for url, date in urls:
            when = parse_datetime(date) if date else None
            # News sitemaps list the last two days; a dated entry far older is not news any more.
            if when is not None and self.settings.getbool("MONITOR_SITEMAP_RECENT_ONLY", True) and when < horizon:
                continue
            kept.append(url)
        yield from self.follow_links(kept)
        if not urls and not children:
            log_empty(self, response, "sitemap")
