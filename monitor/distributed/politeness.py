"""Per-domain politeness across all workers: a lease per host in Redis.

Right before a worker's downloader sends a request to a host (the last downloader middleware,
:class:`DomainLeaseMiddleware`, so robots.txt fetches, retries and redirects are covered too) it must
take the host's lease: ``SET PREFIX:polite:HOST NX PX delay``. Only one worker gets it; the others
learn how long it still runs (PTTL) and wait until then. So however many workers there are, a host sees at most one request per
``MONITOR_REDIS_DOMAIN_DELAY`` seconds from the whole fleet (each worker's own Scrapy limits —
``CONCURRENT_REQUESTS_PER_DOMAIN``, AutoThrottle, robots.txt — still apply on top).
"""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import urlsplit

from monitor.distributed.connection import Keys, retrying


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


class DomainLeases:
    def __init__(self, client: Any, keys: Keys, delay_seconds: float, owner: str):
        self.client = client
        self.keys = keys
        self.delay_ms = int(round(delay_seconds * 1000))
        self.owner = owner

    async def wait_for(self, url: str) -> float:
        """0 when this worker may fetch ``url`` now (the lease is taken), else seconds until it may try again."""
        if self.delay_ms <= 0:
            return 0.0
        key = self.keys.polite(host_of(url))

        async def op() -> float:
            if await self.client.set(key, self.owner, nx=True, px=self.delay_ms):
                return 0.0
            left = await self.client.pttl(key)
            return max(left, 10) / 1000.0 if left and left > 0 else 0.01

        return await retrying(op, "taking a domain lease")


class DomainLeaseMiddleware:
    """Downloader middleware of ``monitor worker``: wait for the host's lease, then let the request go."""

    def __init__(self, crawler: Any):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> "DomainLeaseMiddleware":
        return cls(crawler)

    async def process_request(self, request: Any) -> None:
        leases: DomainLeases | None = getattr(self.crawler.spider, "leases", None)
        if leases is None:
            return None
        while (wait := await leases.wait_for(request.url)) > 0:
            self.crawler.stats.inc_value("monitor/worker/lease_waits")
            await asyncio.sleep(wait)
        return None
