"""Deliver queued alerts through the configured channels (``MONITOR_ALERT_CHANNELS``).

Alerts are already in the ``alerts`` table (written with their version); this pipeline
only sends them, after each stored item and once more when the spider closes, so an
alert a crash left undelivered goes out on the next run.
"""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from monitor.alerts import Channel, build_channels, deliver_pending
from pipelines.storeaccess import store_for
from storage import Store, utcnow


class AlertPipeline:
    def __init__(self, store: Store, channels: list[Channel], stats: Any):
        self.store = store
        self.channels = channels
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "AlertPipeline":
        if not crawler.settings.getbool("MONITOR_ALERTS_ENABLED", True):
            raise NotConfigured("MONITOR_ALERTS_ENABLED is off")
        try:
            channels = build_channels(crawler.settings.getlist("MONITOR_ALERT_CHANNELS", ["log"]))
        except ValueError as exc:
            raise NotConfigured(str(exc)) from None
        pipeline = cls(store_for(crawler), channels, crawler.stats)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def _deliver(self) -> None:
        delivered, failed = deliver_pending(self.store, self.channels, utcnow())
        if delivered:
            self.stats.inc_value("monitor/alerts_delivered", delivered)
        if failed:
            self.stats.inc_value("monitor/alerts_failed", failed)

    def process_item(self, item: Any) -> Any:
        if (ItemAdapter(item).get("state") or {}).get("alerts"):
            self._deliver()
        return item

    def spider_closed(self, spider: Any) -> None:
        self._deliver()
