"""``monitor worker``: a Scrapy spider that fetches and parses what the writer queued in Redis.

The spider's ``start()`` never ends: it takes request messages from the shared stream (and claims
those a dead worker left behind) and yields a Scrapy request carrying the validators the store holds
(``If-None-Match`` / ``If-Modified-Since``). Scrapy's own middlewares do the rest (robots.txt,
retries, redirects, timeouts, size limits); the last one waits for the host's lease shared by all
workers (:mod:`.politeness`). The
callback turns the response into a result message (:mod:`.pages`) and publishes it; the request is
acknowledged in the same Redis transaction. A worker writes nothing to SQLite.
"""

from __future__ import annotations

import asyncio
import os
import socket
from typing import Any, AsyncIterator

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from monitor.distributed.connection import Keys, async_client
from monitor.distributed.messages import result_message
from monitor.distributed.pages import page_result
from monitor.distributed.politeness import DomainLeases
from monitor.distributed.queues import Entry, Streams, ensure_groups

CLAIM_EVERY_SECONDS = 2.0


class WorkerSpider(scrapy.Spider):
    name = "monitor-worker"

    def __init__(self, redis_url: str, consumer: str | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.redis_url = redis_url
        self.consumer = consumer or f"{socket.gethostname()}-{os.getpid()}"
        self.active: set[str] = set()  # entry ids taken and not yet completed

    def _setup(self) -> None:
        settings = self.settings
        keys = Keys(settings.get("MONITOR_REDIS_PREFIX") or "monitor")
        client = async_client(self.redis_url)
        self.keys = keys
        self.client = client
        claim_ms = int(settings.getfloat("MONITOR_REDIS_CLAIM_SECONDS") * 1000)
        self.streams = Streams(client, keys, self.consumer, claim_ms,
                               give_up=lambda: not self.crawler.crawling)
        self.leases = DomainLeases(client, keys, settings.getfloat("MONITOR_REDIS_DOMAIN_DELAY"), self.consumer)
        self.limit = max(1, settings.getint("MONITOR_REDIS_PREFETCH") or settings.getint("CONCURRENT_REQUESTS"))

    async def start(self) -> AsyncIterator[Any]:
        self._setup()
        await ensure_groups(self.client, self.keys)
        loop = asyncio.get_running_loop()
        last_claim = 0.0
        self.logger.info("worker %s: taking requests from %s", self.consumer, self.keys.requests)
        while True:
            while self.crawler.engine.needs_backout():
                await asyncio.sleep(0.05)
            now = loop.time()
            room = self.limit - len(self.active)
            if room <= 0:
                await asyncio.sleep(0.05)
                continue
            entries: list[Entry] = []
            if now - last_claim >= CLAIM_EVERY_SECONDS:
                last_claim = now
                entries += [e for e in await self.streams.claim_requests(room) if e[0] not in self.active]
            if not entries:
                entries = await self.streams.take_requests(room, 50 if self.active else 1000)
            for entry_id, message in entries:
                request = await self._request_for(entry_id, message)
                if request is not None:
                    yield request

    async def _request_for(self, entry_id: str, message: dict[str, Any]) -> scrapy.Request | None:
        if "url" not in message:
            await self.streams.complete_request(entry_id, result_message("error", message, error="invalid request"))
            return None
        self.active.add(entry_id)
        headers = {}
        if message.get("etag"):
            headers["If-None-Match"] = message["etag"]
        if message.get("last_modified"):
            headers["If-Modified-Since"] = message["last_modified"]
        self.crawler.stats.inc_value(f"monitor/worker/{message.get('role')}_requests")
        return scrapy.Request(message["url"], callback=self.parse_page, errback=self.on_error, headers=headers,
                              dont_filter=True, meta={"monitor_entry": entry_id, "monitor_message": message,
                                                      "handle_httpstatus_list": [304]})

    async def parse_page(self, response: Response) -> None:
        message = response.meta["monitor_message"]
        await self._complete(response.meta["monitor_entry"], page_result(message, response))

    async def on_error(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        response = getattr(failure.value, "response", None)
        error = failure.getErrorMessage() or failure.type.__name__
        self.logger.error("source %s: could not fetch %s: %s", request.meta["monitor_message"].get("source"),
                          request.url, error)
        await self._complete(request.meta["monitor_entry"], result_message(
            "error", request.meta["monitor_message"], url=request.url,
            status=response.status if response is not None else None, error=error))

    async def _complete(self, entry_id: str, result: dict[str, Any]) -> None:
        import redis

        result["worker"] = self.consumer
        try:
            await self.streams.complete_request(entry_id, result)
        except (redis.exceptions.RedisError, OSError) as exc:
            if self.crawler.crawling:
                raise
            # shutting down with Redis away: the request stays pending and another worker fetches it again
            self.logger.warning("worker %s: result for %s not published (%s)", self.consumer, result.get("url"), exc)
            return
        self.active.discard(entry_id)
        self.crawler.stats.inc_value(f"monitor/worker/results/{result['type']}")
