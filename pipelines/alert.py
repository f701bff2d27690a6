"""Deliver queued alerts through their channels.

Alerts are already in the ``alerts`` table (written with their version): this pipeline only sends
them — after each item that raised one, and when the spider closes (which also sends crawl-health
alerts and retries earlier failures that are due). Network calls run in a thread so a slow webhook
never stalls the crawl; the bookkeeping stays on the reactor thread.

Channels: ``MONITOR_ALERT_CHANNELS`` for content alerts, ``MONITOR_HEALTH_CHANNELS`` for crawl health.
"""

from __future__ import annotations

from typing import Any, Mapping

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future

from monitor.channels import Channel, build_channels, channel_options
from monitor.delivery import adeliver_pending
from pipelines.storeaccess import store_for
from storage import Store


async def send_in_thread(channel: Channel, alert: Mapping[str, Any]) -> None:
    from twisted.internet import threads

    await maybe_deferred_to_future(threads.deferToThread(channel.send, dict(alert)))


class AlertPipeline:
    def __init__(self, store: Store, channels: dict[str, list[Channel]], stats: Any, base_delay: float):
        self.store = store
        self.channels = channels
        self.stats = stats
        self.base_delay = base_delay
        self.send = send_in_thread  # how the network part runs (tests send inline)
        self.lease_seconds = 300.0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "AlertPipeline":
        settings = crawler.settings
        if not settings.getbool("MONITOR_ALERTS_ENABLED", True):
            raise NotConfigured("MONITOR_ALERTS_ENABLED is off")
        try:
            options = channel_options(settings)  # templates, webhook signing, digest spool
            channels = {
                "content": build_channels(settings.getlist("MONITOR_ALERT_CHANNELS", ["log"]), **options),
                "health": build_channels(settings.getlist("MONITOR_HEALTH_CHANNELS", ["log"]), **options),
            }
        except ValueError as exc:
            raise NotConfigured(str(exc)) from None
        pipeline = cls(store_for(crawler), channels, crawler.stats,
                       settings.getfloat("MONITOR_ALERT_RETRY_DELAY", 30.0))
        pipeline.lease_seconds = settings.getfloat("MONITOR_ALERT_CLAIM_SECONDS", 300.0)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    async def deliver(self) -> None:
        delivered, failed = await adeliver_pending(self.store, self.channels, base_delay=self.base_delay,
                                                   send=self.send, lease_seconds=self.lease_seconds)
        if delivered:
            self.stats.inc_value("monitor/alerts_delivered", delivered)
        if failed:
            self.stats.inc_value("monitor/alerts_failed", failed)

    async def process_item(self, item: Any) -> Any:
        if (ItemAdapter(item).get("state") or {}).get("alerts"):
            await self.deliver()
        return item

    async def spider_closed(self, spider: Any) -> None:
        await self.deliver()
