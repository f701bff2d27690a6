"""Scrapy extensions of the monitor."""

from __future__ import annotations

import logging
import sqlite3
import time
from typing import Any

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from monitor.storeguard import report_store_error, store_fault
from pipelines.storeaccess import store_for
from storage import dumps, utcnow


logger = logging.getLogger("monitor.runs")

#: Fields whose presence field coverage measures, by ``crawl_runs.coverage`` key.
COVERAGE_FIELDS = {"headline": "headline", "body": "body_text", "date": "published_at"}


def _present(value: Any) -> bool:
    return bool(value.strip()) if isinstance(value, str) else value is not None


def run_errors(get: Any) -> int:
    """``crawl_runs.errors``: every ERROR line of the run, each failure once.

    Every failed fetch (by reason in ``monitor/errors/<reason>``: ``http_404``, ``redirect_loop``,
    ``too_large``, ``cut_off``, ``timeout``, …), unreadable index, spider exception and failed write
    logs one ERROR line; a request that exhausted its retries logs a second one from Scrapy's retry
    middleware ("Gave up retrying", ``retry/max_reached``), which is not counted twice.
    """
    return max(0, get("log_count/ERROR") - get("retry/max_reached"))


class CrawlRunRecorder:
    """One ``crawl_runs`` row per spider run: pages, items, new/changed articles, errors, statuses,
    304s, revisits and field coverage.

    The row is created when the spider opens (so a crash still leaves a trace with no
    ``finished_at``) and completed when it closes. Field coverage counts every article the
    spider parsed (stored, unchanged or dropped): the share with a headline, a body and a
    publication date, each and all three (``field_coverage``); a parser that breaks silently
    shows up as a falling figure. A one-line summary of the run is logged when it closes.
    """

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.run_id: int | None = None
        self.started = 0.0
        self.started_at = ""
        self.parsed = 0
        self.present = {key: 0 for key in COVERAGE_FIELDS}
        self.complete = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "CrawlRunRecorder":
        if not crawler.settings.getbool("MONITOR_CRAWL_RUNS_ENABLED", True):
            raise NotConfigured("MONITOR_CRAWL_RUNS_ENABLED is off")
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        for signal in (signals.item_scraped, signals.item_dropped, signals.item_error):
            crawler.signals.connect(ext.item_seen, signal=signal)
        return ext

    def item_seen(self, item: Any, **kwargs: Any) -> None:
        adapter = ItemAdapter(item)
        self.parsed += 1
        complete = True
        for key, field in COVERAGE_FIELDS.items():
            if _present(adapter.get(field)):
                self.present[key] += 1
            else:
                complete = False
        self.complete += complete

    def coverage(self) -> tuple[float | None, dict[str, Any]]:
        if not self.parsed:
            return None, {"items": 0}
        shares = {key: round(n / self.parsed, 4) for key, n in self.present.items()}
        return round(self.complete / self.parsed, 4), dict(shares, items=self.parsed)

    def spider_opened(self, spider: Any) -> None:
        self.started = time.monotonic()
        self.started_at = utcnow()
        try:
            self.run_id = store_for(self.crawler).start_run(spider.name, type(spider).__name__, self.started_at)
        except sqlite3.Error as exc:
            if not report_store_error(self.crawler, exc):  # a lock: the row is written when the run closes
                logger.warning("source %s: crawl_runs row delayed (%s); it is written when the run ends",
                               spider.name, exc)
        self.crawler.monitor_run_id = self.run_id  # type: ignore[attr-defined]

    def spider_closed(self, spider: Any, reason: str) -> None:
        stats = self.crawler.stats.get_stats()
        get = lambda key: int(stats.get(key, 0) or 0)  # noqa: E731
        status_counts = {
            key.rsplit("/", 1)[1]: value for key, value in stats.items()
            if key.startswith("downloader/response_status_count/")
        }
        field_coverage, coverage = self.coverage()
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
            "errors": run_errors(get),
            "status_counts": status_counts,
            "not_modified": get("monitor/not_modified"),
            "revisits": get("monitor/revisits") + get("monitor/links_known_due"),
            "stats": {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in stats.items()},
        }
        row.update(field_coverage=field_coverage, coverage=dumps(coverage))
        self.crawler.monitor_run_row = dict(row, source=spider.name)  # type: ignore[attr-defined]
        self._record(spider, row)
        logger.info(
            "source %s: run finished (%s) in %.1fs: %d pages (%d not modified), %d articles "
            "(%d new, %d changed), %d alerts, %d errors, field coverage %s",
            spider.name, reason, row["duration_seconds"], row["pages"], row["not_modified"], row["items"],
            row["articles_new"], row["articles_changed"], get("monitor/alerts_raised"), row["errors"],
            "n/a" if field_coverage is None else f"{field_coverage:.0%}")

    def _record(self, spider: Any, row: dict[str, Any]) -> None:
        """Write (or complete) this run's ``crawl_runs`` row, trying again past locks held by others."""
        attempts = max(1, self.crawler.settings.getint("MONITOR_DB_RUN_RECORD_ATTEMPTS", 5))
        for attempt in range(1, attempts + 1):
            try:
                store = store_for(self.crawler)
                if self.run_id is None:
                    self.run_id = store.start_run(spider.name, type(spider).__name__, self.started_at)
                    self.crawler.monitor_run_id = self.run_id  # type: ignore[attr-defined]
                store.finish_run(self.run_id, spider.name, row)
                return
            except sqlite3.Error as exc:
                if store_fault(self.crawler) is not None or report_store_error(self.crawler, exc):
                    return  # the store cannot take it; the fault was reported once
                if attempt == attempts:
                    logger.error("source %s: could not record the run in crawl_runs after %d tries: %s",
                                 spider.name, attempts, exc)
                    return
                time.sleep(min(5.0, 0.5 * attempt))
