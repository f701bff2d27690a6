"""Scrapy extensions of the monitor."""

from __future__ import annotations

import time
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from pipelines.storeaccess import store_for
from storage import utcnow


class CrawlRunRecorder:
    """One ``crawl_runs`` row per spider run: pages, items, new/changed articles, errors, statuses.

    The row is created when the spider opens (so a crash still leaves a trace with no
    ``finished_at``) and completed when it closes.
    """

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.run_id: int | None = None
        self.started = 0.0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "CrawlRunRecorder":
        if not crawler.settings.getbool("MONITOR_CRAWL_RUNS_ENABLED", True):
            raise NotConfigured("MONITOR_CRAWL_RUNS_ENABLED is off")
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider: Any) -> None:
        self.started = time.monotonic()
        self.run_id = store_for(self.crawler).start_run(spider.name, type(spider).__name__, utcnow())

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self.run_id is None:
            return
        stats = self.crawler.stats.get_stats()
        get = lambda key: int(stats.get(key, 0) or 0)  # noqa: E731
        status_counts = {
            key.rsplit("/", 1)[1]: value for key, value in stats.items()
            if key.startswith("downloader/response_status_count/")
        }
        row = {
            "finished_at": utcnow(),
            "finish_reason": reason,
            "duration_seconds": round(time.monotonic() - self.started, 3),
            "pages": get("downloader/response_count"),
            "items": get("item_scraped_count"),
            "articles_new": get("monitor/articles_new"),
            "articles_changed": get("monitor/articles_changed"),
            "articles_unchanged": get("monitor/articles_unchanged"),
            "duplicates": get("monitor/duplicates"),
            "irrelevant": get("monitor/irrelevant"),
            "invalid": get("monitor/invalid"),
            "errors": get("log_count/ERROR") + get("spider_exceptions/count"),
            "status_counts": status_counts,
            "stats": {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in stats.items()},
        }
        store_for(self.crawler).finish_run(self.run_id, spider.name, row)
