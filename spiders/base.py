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
from monitor.parsepool import ParsePool
from monitor.parsing import NotArticle, OffTopic
from monitor.sources import Source
from monitor.storeguard import report_store_error
from monitor.urls import canonical_url
from pipelines.storeaccess import store_for
from spiders.frontier import DEPTH, LINK, RunFrontier
from spiders.revisit import DEFAULT_RATIO, RevisitPolicy

HTML_TYPES = (b"text/html", b"application/xhtml+xml")


class SourceSpider(scrapy.Spider):
    """Base class; ``spiders.loader`` makes a subclass per source with ``name`` and ``source`` set."""

    source: ClassVar[Source]
    kind: ClassVar[str] = ""

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> "SourceSpider":
        spider = super().from_crawler(crawler, *args, **kwargs)
        # a page that went through the pipelines (stored, unchanged, dropped) settles its link
        crawler.signals.connect(spider._item_settled, signal=scrapy.signals.item_scraped)
        crawler.signals.connect(spider._item_settled, signal=scrapy.signals.item_dropped)
        crawler.signals.connect(spider._request_dropped, signal=scrapy.signals.request_dropped)
        crawler.signals.connect(spider._item_failed, signal=scrapy.signals.item_error)
        crawler.signals.connect(spider._callback_failed, signal=scrapy.signals.spider_error)
        return spider

    def _item_failed(self, item: Any, response: Response | None = None, spider: Any = None, failure: Any = None,
                     **kwargs: Any) -> None:
        self.frontier.failed(response, failure)

    def _callback_failed(self, failure: Any, response: Response | None = None, spider: Any = None,
                         **kwargs: Any) -> None:
        self.frontier.failed(response, failure)

    def _request_dropped(self, request: scrapy.Request, spider: Any = None, **kwargs: Any) -> None:
        """The scheduler refused a request: for a redirect, its target was already asked for in this run.
        A redirect back to a URL of its own chain is a loop (an error); any other redirect onto a URL
        this run fetches anyway settles the link (the other request covers the page)."""
        chain = request.meta.get("redirect_urls")
        if not chain or request.meta.get("monitor_role") not in ("index", "article"):
            return  # the same URL twice in one run: the other request settles it
        if request.url in chain:
            self.count_error("redirect_loop")
            self.logger.error("source %s: could not fetch %s: redirect loop (%s)", self.name, chain[0],
                              " -> ".join([*chain, request.url]))
        self.frontier.settle_request(request)

    @property
    def frontier(self) -> RunFrontier:
        frontier = getattr(self, "_frontier", None)
        if frontier is None:
            frontier = self._frontier = RunFrontier(self)
        return frontier

    def _item_settled(self, item: Any, response: Response | None = None, spider: Any = None, **kwargs: Any) -> None:
        self.frontier.settle_response(response)  # signals are per crawler: always this spider's

    async def start(self) -> AsyncIterator[Any]:
        # links an interrupted run left pending come first
        for link in self.frontier.take_up():
            if link.kind == "index":
                if self.count_sitemap(link.url):
                    yield self.index_request(link.url, depth=link.depth, link=link.url)
                else:
                    self.frontier.settle_request(self.index_request(link.url, link=link.url))
            else:
                yield self.article_request(link.url, link=link.url)
        for request in self.start_index_requests():
            yield request
        for request in self.revisit_requests():
            yield request

    def start_index_requests(self) -> Iterable[scrapy.Request]:
        return [self.index_request(url) for url in self.source.start_urls]

    def index_request(self, url: str, *, depth: int = 0, link: str | None = None, **kwargs: Any) -> scrapy.Request:
        meta: dict[str, Any] = {"monitor_role": "index", DEPTH: depth}
        if link:
            meta[LINK] = link
        return scrapy.Request(url, callback=self.parse_index, errback=self.on_error, meta=meta, **kwargs)

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

    # -- limits on what a site can make us do -------------------------------------
    def limit_reached(self, limit: str, message: str, count: int = 1) -> None:
        """Count ``count`` things left out by ``limit`` (``monitor/limits/<limit>``); log the first time per run."""
        self.crawler.stats.inc_value(f"monitor/limits/{limit}", count)
        logged = self.__dict__.setdefault("_limits_logged", set())
        if limit not in logged:
            logged.add(limit)
            self.logger.warning("source %s: limit reached: %s", self.name, message)

    def limit_links(self, response: Response | None, links: list[str]) -> list[str]:
        """At most MONITOR_INDEX_MAX_LINKS links of one index (the first ones: feeds and sitemaps list newest first)."""
        limit = self.settings.getint("MONITOR_INDEX_MAX_LINKS", 1000)
        if limit and len(links) > limit:
            where = response.url if response is not None else "an index"
            self.limit_reached("index_links", f"{where} lists {len(links)} links; following the first {limit} "
                                              f"(MONITOR_INDEX_MAX_LINKS)", count=len(links) - limit)
            return links[:limit]
        return links

    def count_sitemap(self, url: str) -> bool:
        """Sitemap spiders count sitemap files against MONITOR_SITEMAP_MAX_FILES; others have no such limit."""
        return True

    def count_error(self, reason: str) -> None:
        """One failure of ``reason`` (``monitor/errors/<reason>``, summed into ``crawl_runs.errors``)."""
        self.crawler.stats.inc_value("monitor/errors")
        self.crawler.stats.inc_value(f"monitor/errors/{reason}")

    def follow_links(self, links: Iterable[str], response: Response | None = None) -> Iterable[scrapy.Request]:
        """Requests for the article links an index lists: new URLs always, known ones only when due.

        A link is known when a stored article has it as URL or canonical URL (its first-seen and
        last-checked times decide), or when it was fetched before without becoming an article
        (irrelevant, a duplicate, not an article: ``url_state`` times decide). Links whose last
        fetch failed are fetched again like new ones.
        """
        links = self.limit_links(response, list(dict.fromkeys(links)))
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
                yield self.article_request(link, link=link)
                continue
            if due:
                stats.inc_value("monitor/links_known_due")
                yield self.article_request(url, revisit=True, link=link)
            else:
                stats.inc_value("monitor/links_known_skipped")

    # -- indexes ------------------------------------------------------------------
    def parse_index(self, response: Response) -> Iterable[Any]:
        """A feed, sitemap or listing page: nothing to do on a 304; otherwise :meth:`index_entries`.

        The requests it leads to are recorded in the frontier before the first is yielded: from then on
        the index counts as read, and its validators wait until every one of them is settled.
        """
        if self.not_modified(response):
            self.frontier.settle_response(response)
            return
        self.crawler.stats.inc_value("monitor/indexes_parsed")
        entries = list(self.index_entries(response))
        self.frontier.record(response, entries)
        yield from entries

    def index_entries(self, response: Response) -> Iterable[Any]:
        """The requests an index page leads to (one implementation per source kind)."""
        raise NotImplementedError

    def article_request(self, url: str, *, revisit: bool = False, link: str | None = None) -> scrapy.Request:
        meta: dict[str, Any] = {"monitor_role": "article", "monitor_revisit": revisit}
        if link:
            meta[LINK] = link
        return scrapy.Request(url, callback=self.parse_article, errback=self.on_error, meta=meta)

    @staticmethod
    def not_modified(response: Response) -> bool:
        """A 304 answer to a conditional request: nothing to parse (the middleware has recorded it)."""
        return response.status == 304

    # -- articles -----------------------------------------------------------------
    @property
    def prefilter_threshold(self) -> float | None:
        """The relevance threshold pages are checked against before extraction (None: no check).

        Off when the relevance filter is off, and when ``MONITOR_RELEVANCE_PREFILTER`` is False.
        """
        settings = self.settings
        if not (settings.getbool("MONITOR_RELEVANCE_ENABLED", True)
                and settings.getbool("MONITOR_RELEVANCE_PREFILTER", True)):
            return None
        return settings.getfloat("MONITOR_RELEVANCE_MIN", 3.0)

    @property
    def parse_pool(self) -> ParsePool:
        """Where pages are parsed: worker processes (``MONITOR_PARSE_WORKERS``), or inline when 0."""
        pool = getattr(self, "_parse_pool", None)
        if pool is None:
            pool = self._parse_pool = ParsePool.from_settings(self.settings)
        return pool

    async def parse_article(self, response: Response) -> AsyncIterator[ArticleItem]:
        if self.not_modified(response):
            self.frontier.settle_response(response)
            return
        ctype = (response.headers.get(b"Content-Type") or b"").split(b";")[0].strip().lower()
        if not isinstance(response, TextResponse) or (ctype and ctype not in HTML_TYPES):
            self.crawler.stats.inc_value("monitor/not_html")
            self.logger.warning("source %s: skipped %s: not an HTML page (Content-Type %s)",
                                self.name, response.url, ctype.decode("latin-1") or "unknown")
            commit_validators(store_for(self.crawler), response)  # settled: a 304 next time is fine
            self.frontier.settle_response(response)
            return
        self.crawler.stats.inc_value("monitor/articles_parsed")
        try:
            article = await self.parse_pool.parse(
                response.body, response.url, source=self.name, selectors=self.source.selectors or None,
                encoding=response.encoding, language=self.source.language,
                relevance_min=self.prefilter_threshold)
        except OffTopic as exc:
            self.crawler.stats.inc_value("monitor/irrelevant")
            self.crawler.stats.inc_value("monitor/irrelevant_before_extraction")
            self.logger.debug("source %s: skipped %s: off-topic (%s)", self.name, response.url, exc)
            commit_validators(store_for(self.crawler), response)
            self.frontier.settle_response(response)
            return
        except NotArticle as exc:
            self.crawler.stats.inc_value("monitor/not_article")
            self.logger.debug("source %s: skipped %s: not an article (%s)", self.name, response.url, exc)
            commit_validators(store_for(self.crawler), response)
            self.frontier.settle_response(response)
            return
        yield ArticleItem(**article)

    def on_error(self, failure: Failure) -> None:
        if report_store_error(self.crawler, failure.value):  # our store failed, not the fetch
            return
        from spiders.errors import failure_reason

        request = failure.request  # type: ignore[attr-defined]
        reason = failure_reason(failure)
        self.crawler.stats.inc_value("monitor/fetch_errors")
        self.count_error(reason)
        first = (request.meta.get("redirect_urls") or [request.url])[0]
        via = f" (redirected to {request.url})" if first != request.url else ""
        self.logger.error("source %s: could not fetch %s%s: %s: %s", self.name, first, via, reason.replace("_", " "),
                          failure.getErrorMessage() or failure.type.__name__)
        self.frontier.settle_request(request)  # failed for good: retries are behind us


def log_empty(spider: SourceSpider, response: Response, what: str) -> None:
    spider.crawler.stats.inc_value("monitor/empty_index")
    spider.logger.log(logging.WARNING, "source %s: %s at %s lists no articles", spider.name, what, response.url)
