"""A crawl stops at the first store fault, reported once as what it is.

Without this, a full disk showed up as hundreds of ``could not fetch …: database or disk is full``
lines (the conditional-request middleware writes while a response comes in, so its error reached the
spider's errback) and a traceback per item, while the crawl went on fetching pages it could not
store. Now every component that meets an SQLite error hands it to :func:`report_store_error`: the
first store fault of a crawl logs one line (``store PATH: write failed: disk full (…): free space …;
the crawl stops``), is kept on the crawler (:func:`store_fault`, read by the CLI for its exit status
and by the daemon) and closes the spider with reason ``store_fault``; later errors of the same crawl
are only counted (``monitor/store_fault_repeats``). :class:`StoreFaultLogFormatter` keeps Scrapy's
per-item tracebacks of such errors at DEBUG.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.logformatter import LogFormatter

from storage.health import StoreFault, classify, fault_from_error

logger = logging.getLogger("monitor.store")

_FAULT = "_monitor_store_fault"
CLOSE_REASON = "store_fault"


def store_fault(crawler: Crawler) -> StoreFault | None:
    """The store fault that stopped this crawl, if any."""
    return getattr(crawler, _FAULT, None)


def report_store_error(crawler: Crawler, exc: BaseException | None) -> bool:
    """True when ``exc`` is a store fault (reported and acted on); False for any other error."""
    if exc is None:
        return False
    fault = fault_from_error(exc, str(crawler.settings.get("MONITOR_DB")), writing=True)
    if fault is None:
        return False
    if store_fault(crawler) is not None:
        crawler.stats.inc_value("monitor/store_fault_repeats")
        return True
    setattr(crawler, _FAULT, fault)
    crawler.stats.set_value("monitor/store_fault", fault.kind)
    logger.error("%s; the crawl stops", fault)
    engine = crawler.engine
    if engine is not None and engine.spider is not None:
        from scrapy.utils.defer import deferred_from_coro

        deferred_from_coro(engine.close_spider_async(reason=CLOSE_REASON))
    return True


class StoreFaultGuard:
    """Extension: store faults raised in pipelines or spider callbacks stop the crawl (see the module)."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "StoreFaultGuard":
        guard = cls(crawler)
        crawler.signals.connect(guard.item_error, signal=signals.item_error)
        crawler.signals.connect(guard.spider_error, signal=signals.spider_error)
        return guard

    def item_error(self, item: Any, response: Any, spider: Any, failure: Any) -> None:
        report_store_error(self.crawler, getattr(failure, "value", None))

    def spider_error(self, failure: Any, response: Any, spider: Any) -> None:
        report_store_error(self.crawler, getattr(failure, "value", None))


class StoreFaultLogFormatter(LogFormatter):
    """Scrapy's log formatter, with item and callback errors that are store faults at DEBUG: the
    guard has already said what is wrong, once."""

    def item_error(self, item: Any, exception: BaseException, response: Any, spider: Any) -> dict:
        entry = super().item_error(item, exception, response, spider)
        if classify(exception):
            entry["level"] = logging.DEBUG
        return entry

    def spider_error(self, failure: Any, request: Any, response: Any, spider: Any) -> dict:
        entry = super().spider_error(failure, request, response, spider)
        if classify(getattr(failure, "value", None)):
            entry["level"] = logging.DEBUG
        return entry
