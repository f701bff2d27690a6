"""``monitor writer``: the one process that owns the SQLite store.

A Scrapy spider that downloads nothing: its ``start()`` reads the result stream and yields each
parsed article as an :class:`~monitor.items.ArticleItem`, so the project's own item pipelines
(validate, relevance, dedup, versions, stories, alerts) run on it exactly as in one process. The
entry is acknowledged only once the item has come out of the pipelines (its version committed) and
the page's validators are stored. Index results go to the frontier (:mod:`.frontier`), which queues
the links worth fetching; the schedule queues each source's rounds.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone
from typing import Any, AsyncIterator, Sequence

import scrapy
from scrapy import signals

from monitor.distributed.connection import Keys, async_client
from monitor.distributed.frontier import Frontier, Schedule, SpiderFrontier
from monitor.distributed.locks import WriterLock
from monitor.distributed.queues import Streams, ensure_groups
from monitor.distributed.rounds import Rounds
from monitor.items import ArticleItem
from monitor.sources import Source
from pipelines.itemstate import state_of
from pipelines.storeaccess import store_for
from storage import utcnow

CONSUMER = "writer"  # fixed: a restarted writer re-reads its own unacknowledged entries
FIELDS = set(ArticleItem.fields)


class WriterSpider(scrapy.Spider):
    name = "monitor-writer"

    def __init__(self, redis_url: str, sources: Sequence[Source], once: bool = False,
                 lock: WriterLock | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.redis_url = redis_url
        self.sources = {s.name: s for s in sources}
        self.once = once
        self.lock = lock
        self.outcomes: dict[int, asyncio.Future] = {}
        self.frontier: Frontier | None = None  # the plug-in point for another frontier
        self.handled = 0

    # -- item outcomes (signals) ----------------------------------------------------
    def _outcome(self, item: Any, outcome: str) -> None:
        future = self.outcomes.pop(id(item), None)
        if future is not None and not future.done():
            future.set_result(outcome)

    def _scraped(self, item: Any, **kwargs: Any) -> None:
        self._outcome(item, "stored")

    def _dropped(self, item: Any, **kwargs: Any) -> None:
        self._outcome(item, "dropped")

    def _error(self, item: Any, **kwargs: Any) -> None:
        self._outcome(item, "error")

    def _setup(self) -> None:
        settings = self.settings
        self.keys = Keys(settings.get("MONITOR_REDIS_PREFIX") or "monitor")
        self.client = async_client(self.redis_url)
        claim_ms = int(settings.getfloat("MONITOR_REDIS_CLAIM_SECONDS") * 1000)
        self.streams = Streams(self.client, self.keys, CONSUMER, claim_ms,
                               give_up=lambda: not self.crawler.crawling)
        self.inflight_seconds = max(1, settings.getint("MONITOR_REDIS_INFLIGHT_SECONDS"))
        self.batch = max(1, settings.getint("MONITOR_REDIS_BATCH"))
        self.store = store_for(self.crawler)
        if self.frontier is None:
            self.frontier = SpiderFrontier(self.crawler, self.sources.values())
        self.rounds = Rounds(self.store, self.inflight_seconds, on_finished=self._round_finished)
        for handler, signal in ((self._scraped, signals.item_scraped), (self._dropped, signals.item_dropped),
                                (self._error, signals.item_error)):
            self.crawler.signals.connect(handler, signal=signal)

    def _round_finished(self, source: str, reason: str) -> None:
        """Crawl-health alerts after each round, with the one-process rules (``monitor.health``)."""
        from types import SimpleNamespace

        from monitor.health import CrawlHealthMonitor

        if not self.settings.getbool("MONITOR_HEALTH_ENABLED", True):
            return
        before = self.crawler.stats.get_value("monitor/health_alerts", 0)
        CrawlHealthMonitor(self.crawler).spider_closed(SimpleNamespace(name=source), reason)
        if self.crawler.stats.get_value("monitor/health_alerts", 0) > before:
            for component in self.crawler.engine.scraper.itemproc.middlewares:
                if hasattr(component, "deliver"):  # the alert pipeline: send it now, not at the next content alert
                    asyncio.ensure_future(component.deliver())

    def _last_started(self) -> dict[str, str | None]:
        return {r["source"]: r["last_run_started_at"] for r in self.store.iter_rows(
            "select source, last_run_started_at from source_state")}

    # -- the loop --------------------------------------------------------------------
    async def start(self) -> AsyncIterator[Any]:
        self._setup()
        await ensure_groups(self.client, self.keys)
        loop = asyncio.get_running_loop()
        schedule = None if self.once else Schedule(self.sources.values(), self._last_started(),
                                                   datetime.now(timezone.utc))
        if self.once:
            for source in self.sources.values():
                await self.enqueue_round(source)
        pending, renewed = True, loop.time()
        lease = self.settings.getfloat("MONITOR_REDIS_WRITER_LEASE")
        while True:
            if self.lock is not None and loop.time() - renewed >= lease / 3:
                if not await self.lock.renew(self.client):
                    self.logger.error("writer: another writer took the store's lease; stopping")
                    return
                renewed = loop.time()
            if schedule is not None:
                for source in schedule.due(datetime.now(timezone.utc)):
                    await self.enqueue_round(source)
            entries = await self.streams.take_results(self.batch, 500, pending=pending)
            if pending and not entries:
                pending = False  # own unacknowledged entries (from a killed writer) done: new ones now
                continue
            for entry_id, result in entries:
                try:
                    async for item in self.handle(entry_id, result):
                        yield item
                except Exception:
                    if not self.crawler.crawling:
                        return  # shutting down: the entry stays pending and is handled after the restart
                    # as in one process, a page whose handling fails is logged and fetched again next round
                    self.logger.exception("writer: could not handle result %s (%s)", entry_id, result.get("url"))
                    await self.streams.ack_result(entry_id)
            self.rounds.expire()
            if self.once and not self.rounds.open():
                return

    async def enqueue_round(self, source: Source) -> None:
        if self.rounds.running(source.name):
            self.logger.warning("source %s: previous round still in flight; skipping this one", source.name)
            return
        messages = await self.streams.enqueue(self.frontier.round_requests(source), self.inflight_seconds)
        self.rounds.begin(source.name, messages)
        self.logger.info("source %s: round queued (%d requests)", source.name, len(messages))

    # -- one result ------------------------------------------------------------------
    async def handle(self, entry_id: str, result: dict[str, Any]) -> AsyncIterator[Any]:
        kind, request = result.get("type"), result.get("request") or {}
        source = self.sources.get(request.get("source", ""))
        outcome = kind
        if kind == "article" and source is not None:
            item = ArticleItem(**{k: v for k, v in (result.get("article") or {}).items() if k in FIELDS})
            self.rounds.article_seen(source.name, result.get("article") or {})
            future = asyncio.get_running_loop().create_future()
            self.outcomes[id(item)] = future
            yield item
            outcome = await future
            self._record_article(result, outcome, item)
        elif kind == "index" and source is not None:
            messages = self.frontier.index_requests(source, result.get("links") or [], result.get("children") or [])
            self.rounds.add(source.name, await self.streams.enqueue(messages, self.inflight_seconds))
            self.store.record_fetch(result["url"], status=result.get("status") or 200, when=utcnow(),
                                    etag=result.get("etag"), last_modified=result.get("last_modified"))
        elif kind == "not_modified":
            now = utcnow()
            self.store.record_fetch(request["url"], status=304, when=now)
            if request.get("role") == "article":
                from monitor.urls import canonical_url

                self.store.mark_checked(request["url"], canonical_url(request["url"]), now)
        elif kind == "skipped":
            self.logger.info("source %s: skipped %s: %s", request.get("source"), result.get("url"),
                             result.get("reason"))
            if str(result.get("reason", "")).startswith("not an article"):
                self.rounds.count(request.get("source"), "not_article")
            self.store.record_fetch(result["url"], status=200, when=utcnow(), etag=result.get("etag"),
                                    last_modified=result.get("last_modified"))
        else:
            self.logger.error("source %s: %s: %s", request.get("source"), result.get("url") or request.get("url"),
                              result.get("error") or f"unusable result ({kind})")
            if result.get("status") and request.get("role") in ("index", "article"):
                self.store.record_fetch(request["url"], status=int(result["status"]), when=utcnow())
        if request.get("url"):
            await self.streams.release(request["url"])
        self.rounds.settle(request, outcome)
        await self.streams.ack_result(entry_id)
        self.handled += 1

    def _record_article(self, result: dict[str, Any], outcome: str, item: Any) -> None:
        if outcome == "error":  # the next fetch must be a full one (as in one process)
            self.store.forget_validators(result["url"])
            return
        self.store.record_fetch(result["url"], status=200, when=utcnow(), etag=result.get("etag"),
                                last_modified=result.get("last_modified"))
        state = state_of(item)
        if outcome == "stored":
            self.rounds.count(result["request"].get("source"),
                              "articles_unchanged" if state.get("unchanged") else
                              "articles_new" if state.get("version") == 1 else "articles_changed")

