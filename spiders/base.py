"""What every source spider shares: start requests, revisits, article parsing, error handling."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone
from typing import Any, AsyncIterator, ClassVar, Iterable

import scrapy
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from monitor.items import ArticleItem
from monitor.parsing import NotArticle, parse_article_page
from monitor.sources import Source
from pipelines.storeaccess import store_for

HTML_TYPES = (b"text/html", b"application/xhtml+xml")


class SourceSpider(scrapy.Spider):
    """Base class; ``spiders.loader`` makes a subclass per source with ``name`` and ``source`` set."""

    source: ClassVar[Source]
    kind: ClassVar[str] = ""

    async def start(self) -> AsyncIterator[Any]:
        for url in self.source.start_urls:
            yield scrapy.Request(url, callback=self.parse_index, errback=self.on_error,
                                 meta={"monitor_role": "index"})
        for request in self.revisit_requests():
            yield request

    # -- revisits -----------------------------------------------------------------
    def revisit_requests(self) -> Iterable[scrapy.Request]:
        """Recently published articles of this source, fetched again to catch updates."""
        if not self.settings.getbool("MONITOR_REVISIT_ENABLED", True) or self.source.revisit_days <= 0:
            return []
        since = (datetime.now(timezone.utc) - timedelta(days=self.source.revisit_days)).isoformat(timespec="seconds")
        rows = store_for(self.crawler).articles_to_revisit(self.name, since)
        self.crawler.stats.set_value("monitor/revisits", len(rows))
        return [self.article_request(row["url"], revisit=True) for row in rows]

    # -- indexes ------------------------------------------------------------------
    def parse_index(self, response: Response) -> Iterable[Any]:
        raise NotImplementedError

    def article_request(self, url: str, *, revisit: bool = False) -> scrapy.Request:
        return scrapy.Request(url, callback=self.parse_article, errback=self.on_error,
                              meta={"monitor_role": "article", "monitor_revisit": revisit})

    # -- articles -----------------------------------------------------------------
    def parse_article(self, response: Response) -> Iterable[ArticleItem]:
        ctype = (response.headers.get(b"Content-Type") or b"").split(b";")[0].strip().lower()
        if not isinstance(response, TextResponse) or (ctype and ctype not in HTML_TYPES):
            self.crawler.stats.inc_value("monitor/not_html")
            self.logger.warning("source %s: skipped %s: not an HTML page (Content-Type %s)",
                                self.name, response.url, ctype.decode("latin-1") or "unknown")
            return
        try:
            article = parse_article_page(
                response.body, response.url, source=self.name, selectors=self.source.selectors or None,
                encoding=response.encoding)
        except NotArticle as exc:
            self.crawler.stats.inc_value("monitor/not_article")
            self.logger.info("source %s: skipped %s: not an article (%s)", self.name, response.url, exc)
            return
        yield ArticleItem(**article)

    def on_error(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        self.crawler.stats.inc_value("monitor/fetch_errors")
        self.logger.error("source %s: could not fetch %s: %s", self.name, request.url,
                          failure.getErrorMessage() or failure.type.__name__)


def log_empty(spider: SourceSpider, response: Response, what: str) -> None:
    spider.crawler.stats.inc_value("monitor/empty_index")
    spider.logger.log(logging.WARNING, "source %s: %s at %s lists no articles", spider.name, what, response.url)
