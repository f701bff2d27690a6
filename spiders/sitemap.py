"""News sitemaps (and sitemap indexes): recent ``<url><loc>`` entries are article candidates."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any, Iterable
from urllib.parse import urljoin, urlsplit

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


GZIP_MAGIC = b"\x1f\x8b"


class TooLarge(ValueError):
    """A gzipped sitemap that unpacks to more than the download limit (a gzip bomb, or just too big)."""


def sitemap_body(body: bytes, max_size: int = 0) -> bytes:
    """The XML of a sitemap response: ``.xml.gz`` files (gzip magic bytes) are unpacked, at most
    ``max_size`` bytes (0: no limit). A ``Content-Encoding: gzip`` answer arrives already unpacked
    (Scrapy's HttpCompressionMiddleware, with the same limit). Raises :class:`TooLarge`, or
    ``OSError`` for a broken gzip file.

    >>> import gzip
    >>> sitemap_body(gzip.compress(b"<urlset/>"))
    b'<urlset/>'
    >>> sitemap_body(b"<urlset/>")
    b'<urlset/>'
    """
    if body[:2] != GZIP_MAGIC:
        return body
    from scrapy.utils.gz import gunzip

    try:
        return gunzip(body, max_size=max_size)
    except ValueError as exc:  # scrapy's _DecompressionMaxSizeExceeded
        raise TooLarge(str(exc)) from None


class SitemapSpider(SourceSpider):
    kind = "sitemap"

    # -- where the sitemaps come from -------------------------------------------------
    def start_index_requests(self) -> Iterable[scrapy.Request]:
        """The start URLs; with ``sitemap_from_robots``, also the sitemaps each site's robots.txt names
        (a start URL that is a site's root only names the site)."""
        if not getattr(self.source, "sitemap_from_robots", False):
            return [r for r in super().start_index_requests() if self.count_sitemap(r.url)]
        requests, sites = [], {}
        for url in self.source.start_urls:
            parts = urlsplit(url)
            sites.setdefault(f"{parts.scheme}://{parts.netloc}", None)
            if parts.path not in ("", "/") and self.count_sitemap(url):
                requests.append(self.index_request(url))
        for site in sites:
            requests.append(scrapy.Request(f"{site}/robots.txt", callback=self.parse_robots, errback=self.on_error,
                                           meta={"monitor_role": "robots", "dont_obey_robotstxt": True}))
        return requests

    def parse_robots(self, response: Response) -> Iterable[Any]:
        from scrapy.utils.sitemap import sitemap_urls_from_robots

        if response.status != 200:
            return
        urls = list(dict.fromkeys(sitemap_urls_from_robots(response.body, base_url=response.url)))
        self.crawler.stats.inc_value("monitor/robots_sitemaps", len(urls))
        if not urls:
            self.logger.warning("source %s: %s names no sitemap", self.name, response.url)
        for url in urls:
            if self.count_sitemap(url):
                yield self.index_request(url)

    # -- limits -------------------------------------------------------------------------
    def count_sitemap(self, url: str) -> bool:
        """Count one more sitemap file for this run; False (logged once, counted) past MONITOR_SITEMAP_MAX_FILES."""
        limit = self.settings.getint("MONITOR_SITEMAP_MAX_FILES", 50)
        requested = self.crawler.stats.get_value("monitor/sitemaps_requested", 0)
        if limit and requested >= limit:
            self.limit_reached("sitemap_files", f"{limit} sitemap files in one run (MONITOR_SITEMAP_MAX_FILES); "
                                                f"not fetching {url} and any further ones")
            return False
        self.crawler.stats.inc_value("monitor/sitemaps_requested")
        return True

    def child_requests(self, response: Response, children: list[str]) -> Iterable[scrapy.Request]:
        depth = int(response.meta.get("monitor_depth", 0) or 0) + 1
        max_depth = self.settings.getint("MONITOR_SITEMAP_MAX_DEPTH", 3)
        if children and depth > max_depth:
            self.limit_reached("sitemap_depth", f"sitemap index nested deeper than {max_depth} "
                                                f"(MONITOR_SITEMAP_MAX_DEPTH) at {response.url}; "
                                                f"its {len(children)} sitemaps are not fetched", count=len(children))
            return
        for child in self.limit_links(response, children):
            if self.count_sitemap(child):
                yield self.index_request(child, depth=depth, link=child)

    # -- reading ----------------------------------------------------------------------
    def index_entries(self, response: Response) -> Iterable[Any]:
        try:
            body = sitemap_body(response.body, self.settings.getint("DOWNLOAD_MAXSIZE", 0))
            urls, children = sitemap_entries(body, response.url)
        except TooLarge as exc:
            self.count_error("too_large")
            self.logger.error("source %s: sitemap %s is too large once unpacked: %s", self.name, response.url, exc)
            return
        except (ValueError, OSError, EOFError) as exc:
            self.crawler.stats.inc_value("monitor/bad_index")
            self.logger.error("source %s: sitemap %s is not readable XML: %s", self.name, response.url, exc)
            return
        yield from self.child_requests(response, list(dict.fromkeys(children)))
        horizon = datetime.now(timezone.utc) - timedelta(days=max(self.source.revisit_days, 2.0))
        kept: list[str] = []
        for url, date in urls:
            when = parse_datetime(date) if date else None
            # News sitemaps list the last two days; a dated entry far older is not news any more.
            if when is not None and self.settings.getbool("MONITOR_SITEMAP_RECENT_ONLY", True) and when < horizon:
                continue
            kept.append(url)
        yield from self.follow_links(kept, response)
        if not urls and not children:
            log_empty(self, response, "sitemap")
