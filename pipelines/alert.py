"""Deliver queued alerts through their destinations, off the item path.

Alerts are already in the ``alerts`` table (written with their version): this pipeline only has them
sent. An item that raised alerts wakes a delivery worker (:class:`monitor.delivery_worker.DeliveryWorker`:
one thread per crawl, with its own database connection) and goes on at once, so a slow or dead
receiver never holds up the crawl. When the spider closes (crawl-health alerts are queued by then),
the worker makes a last pass and the close waits for it at most ``MONITOR_ALERT_DELIVERY_BUDGET``
seconds; what is left stays queued for the next run or ``monitor alerts --deliver`` (a post still
under way is bookkept as ``sending``: outcome unknown, never repeated within the claim and retry time).

Destinations: ``MONITOR_ALERT_CHANNELS`` for content alerts, ``MONITOR_HEALTH_CHANNELS`` for crawl
health, plus ``MONITOR_DESTINATIONS_FILE``.
"""

from __future__ import annotations

from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from monitor.channels import Channel, configured_channels
from monitor.delivery_worker import DeliveryWorker
from pipelines.itemstate import state_of
from pipelines.storeaccess import store_for


class AlertPipeline:
    def __init__(self, worker: DeliveryWorker, stats: Any, budget: float):
        self.worker = worker
        self.stats = stats
        self.budget = budget

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "AlertPipeline":
        settings = crawler.settings
        if not settings.getbool("MONITOR_ALERTS_ENABLED", True):
            raise NotConfigured("MONITOR_ALERTS_ENABLED is off")
        try:
            channels: dict[str, list[Channel]] = configured_channels(settings)
        except ValueError as exc:
            raise NotConfigured(str(exc)) from None
        worker = DeliveryWorker(
            store_for(crawler).path, channels,
            base_delay=settings.getfloat("MONITOR_ALERT_RETRY_DELAY", 30.0),
            lease_seconds=settings.getfloat("MONITOR_ALERT_CLAIM_SECONDS", 300.0),
            busy_timeout=settings.getfloat("MONITOR_DB_BUSY_TIMEOUT", 30.0),
            shared_store=store_for(crawler))
        pipeline = cls(worker, crawler.stats, settings.getfloat("MONITOR_ALERT_DELIVERY_BUDGET", 3.0))
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def process_item(self, item: Any) -> Any:
        if state_of(item).get("alerts"):
            self.worker.wake()  # never waits for a receiver
        return item

    async def spider_closed(self, spider: Any) -> None:
        from scrapy.utils.defer import maybe_deferred_to_future
        from twisted.internet import reactor, task

        self.worker.finish(self.budget)
        while not self.worker.settled():
            await maybe_deferred_to_future(task.deferLater(reactor, 0.05))
        self.record_stats()

    def record_stats(self) -> None:
        totals = self.worker.totals
        for key, value in (("delivered", totals.delivered), ("failed", totals.failed), ("dead", totals.dead)):
            if value:
                self.stats.set_value(f"monitor/alerts_{key}", value)
        if self.worker.left_running:
            self.stats.set_value("monitor/alerts_delivery_cut_short", 1)
