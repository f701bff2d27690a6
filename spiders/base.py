"""What every source spider shares: start requests, revisits, article parsing, error handling."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone
from typing import Any, AsyncIterator, ClassVar, Iterable

import scrapy
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from monitor.items import ArticleItem
from monitor.middlewares import commit_validators
from monitor.parsing import NotArticle, parse_article_page
from monitor.sources import Source
from monitor.storeguard import report_store_error
from monitor.urls import canonical_url
from pipelines.storeaccess import store_for
from spiders.revisit import DEFAULT_RATIO, RevisitPolicy

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
    @property
    def revisit_policy(self) -> RevisitPolicy:
        policy = getattr(self, "_revisit_policy", None)
        if policy is None:
            policy = self._revisit_policy = RevisitPolicy(
                ratio=self.settings.getfloat("MONITOR_REVISIT_RATIO", DEFAULT_RATIO),
                max_age=timedelta(days=self.source.revisit_days),
                enabled=self.settings.getbool("MONITOR_REVISIT_ENABLED", True))
        return policy

    def revisit_requests(self) -> Iterable[scrapy.Request]:
        """Stored articles of this source that the revisit policy says are due, fetched again to catch updates."""
        policy = self.revisit_policy
        if not policy.enabled or self.source.revisit_days <= 0:
            return []
        now = datetime.now(timezone.utc)
        since = (now - policy.max_age).isoformat(timespec="seconds")
        rows = store_for(self.crawler).articles_to_revisit(
            self.name, since, limit=self.settings.getint("MONITOR_REVISIT_MAX", 500))
        due = [row for row in rows if policy.due(row["first_seen_at"], row["last_checked_at"], now)]
        self.crawler.stats.set_value("monitor/revisits", len(due))
        self.crawler.stats.set_value("monitor/revisits_not_due", len(rows) - len(due))
        return [self.article_request(row["url"], revisit=True) for row in due]

    def follow_links(self, links: Iterable[str]) -> Iterable[scrapy.Request]:
        """Requests for the article links an index lists: new URLs always, known ones only when due.

        A link is known when a stored article has it as URL or canonical URL (its first-seen and
        last-checked times decide), or when it was fetched before without becoming an article
        (irrelevant, a duplicate, not an article: ``url_state`` times decide). Links whose last
        fetch failed are fetched again like new ones.
        """
        links = list(dict.fromkeys(links))
        if not links:
            return
        store = store_for(self.crawler)
        canon = {link: canonical_url(link) for link in links}
        articles: dict[str, dict[str, Any]] = {}
        for row in store.articles_for_urls(links + list(canon.values())):
            articles.setdefault(row["url"], row)
            articles.setdefault(row["canonical_url"], row)
        fetched = store.url_states(links)
        policy, now, stats = self.revisit_policy, datetime.now(timezone.utc), self.crawler.stats
        for link in links:
            article = articles.get(link) or articles.get(canon[link])
            state = fetched.get(link)
            if article is not None:
                due = policy.due(article["first_seen_at"], article["last_checked_at"], now)
                url = article["url"] if article["source"] == self.name else link
            elif state is not None and (state["last_status"] or 0) < 400:
                due = policy.due(state["first_fetched_at"], state["last_fetched_at"], now)
                url = link
            else:
                stats.inc_value("monitor/links_new")
                yield self.article_request(link)
                continue
            if due:
                stats.inc_value("monitor/links_known_due")
                yield self.article_request(url, revisit=True)
            else:
                stats.inc_value("monitor/links_known_skipped")

    # -- indexes ------------------------------------------------------------------
    def parse_index(self, response: Response) -> Iterable[Any]:
        """A feed, sitemap or listing page: nothing to do on a 304; otherwise :meth:`index_entries`."""
        if self.not_modified(response):
            return
        self.crawler.stats.inc_value("monitor/indexes_parsed")
        yield from self.index_entries(response)

    def index_entries(self, response: Response) -> Iterable[Any]:
        """The requests an index page leads to (one implementation per source kind)."""
        raise NotImplementedError

    def article_request(self, url: str, *, revisit: bool = False) -> scrapy.Request:
        return scrapy.Request(url, callback=self.parse_article, errback=self.on_error,
                              meta={"monitor_role": "article", "monitor_revisit": revisit})

    @staticmethod
    def not_modified(response: Response) -> bool:
        """A 304 answer to a conditional request: nothing to parse (the middleware has recorded it)."""
        return response.status == 304

    # -- articles -----------------------------------------------------------------
    def parse_article(self, response: Response) -> Iterable[ArticleItem]:
        if self.not_modified(response):
            return
        ctype = (response.headers.get(b"Content-Type") or b"").split(b";")[0].strip().lower()
        if not isinstance(response, TextResponse) or (ctype and ctype not in HTML_TYPES):
            self.crawler.stats.inc_value("monitor/not_html")
            self.logger.warning("source %s: skipped %s: not an HTML page (Content-Type %s)",
                                self.name, response.url, ctype.decode("latin-1") or "unknown")
            commit_validators(store_for(self.crawler), response)  # settled: a 304 next time is fine
            return
        self.crawler.stats.inc_value("monitor/articles_parsed")
        try:
            article = parse_article_page(
                response.body, response.url, source=self.name, selectors=self.source.selectors or None,
                encoding=response.encoding)
        except NotArticle as exc:
            self.crawler.stats.inc_value("monitor/not_article")
            self.logger.info("source %s: skipped %s: not an article (%s)", self.name, response.url, exc)
            commit_validators(store_for(self.crawler), response)
            return
        yield ArticleItem(**article)

    def on_error(self, failure: Failure) -> None:
        if report_store_error(self.crawler, failure.value):  # our store failed, not the fetch
            return
        request = failure.request  # type: ignore[attr-defined]
        self.crawler.stats.inc_value("monitor/fetch_errors")
        self.logger.error("source %s: could not fetch %s: %s", self.name, request.url,
                          failure.getErrorMessage() or failure.type.__name__)


def log_empty(spider: SourceSpider, response: Response, what: str) -> None:
    spider.crawler.stats.inc_value("monitor/empty_index")
    spider.logger.log(logging.WARNING, "source %s: %s at %s lists no articles", spider.name, what, response.url)
