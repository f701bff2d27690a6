"""One Store per crawler, shared by the pipelines, the spider and the crawl-run recorder."""

from __future__ import annotations

from scrapy import signals
from scrapy.crawler import Crawler

from storage import Store

_ATTR = "_monitor_store"


def store_for(crawler: Crawler) -> Store:
    """The crawler's Store, opened on first use from the ``MONITOR_DB`` setting and closed when the engine stops."""
    store = getattr(crawler, _ATTR, None)
    if store is None:
        store = Store.open(crawler.settings.get("MONITOR_DB"),
                           busy_timeout=crawler.settings.getfloat("MONITOR_DB_BUSY_TIMEOUT", 30.0))
        setattr(crawler, _ATTR, store)

        def _close() -> None:
            current = getattr(crawler, _ATTR, None)
            if current is not None:
                current.close()
                setattr(crawler, _ATTR, None)

        crawler.signals.connect(_close, signal=signals.engine_stopped, weak=False)
    return store
