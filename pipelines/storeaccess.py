"""One Store per crawler, shared by the pipelines, the spider and the crawl-run recorder."""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.crawler import Crawler

from storage import Store

if TYPE_CHECKING:
    from scrapy.settings import Settings

    from monitor.similarity import SimilarityIndex

_ATTR = "_monitor_store"


def store_for(crawler: Crawler) -> Store:
    """The crawler's Store, opened on first use from the ``MONITOR_DB`` setting and closed when the engine stops."""
    store = getattr(crawler, _ATTR, None)
    if store is None:
        store = Store.open(crawler.settings.get("MONITOR_DB"),
                           busy_timeout=crawler.settings.getfloat("MONITOR_DB_BUSY_TIMEOUT", 30.0),
                           create=crawler.settings.getbool("MONITOR_DB_CREATE", True),
                           max_bytes=max_bytes(crawler.settings))
        setattr(crawler, _ATTR, store)
        # The handler must outlive this call (weak=False), and the signal registry keeps it as long as
        # the crawler lives; it must therefore not hold the crawler itself, or no finished crawler
        # would ever be freed in a long-running daemon.
        crawler_ref = weakref.ref(crawler)

        def _close() -> None:
            store.close()
            owner = crawler_ref()
            if owner is not None:
                for attr in (_ATTR, _INDEX_ATTR):
                    if hasattr(owner, attr):
                        delattr(owner, attr)

        crawler.signals.connect(_close, signal=signals.engine_stopped, weak=False)
    return store


def max_bytes(settings: "Settings") -> int | None:
    """``MONITOR_DB_MAX_SIZE_MB`` in bytes (None: no limit)."""
    size = settings.getfloat("MONITOR_DB_MAX_SIZE_MB", 0.0)
    return int(size * 1024 * 1024) if size > 0 else None


_INDEX_ATTR = "_monitor_similarity"


def similarity_for(crawler: Crawler) -> "SimilarityIndex":
    """The crawler's near-duplicate/story index, topped up with signatures stored since the last call.

    Loads the signatures of articles first stored in the last ``MONITOR_STORY_WINDOW_DAYS`` days;
    later calls add only those stored since (by this crawl or a concurrent one).
    """
    from datetime import datetime, timedelta, timezone

    from monitor.similarity import CAPACITY, NEAR_THRESHOLD, STORY_THRESHOLD, SimilarityIndex

    index = getattr(crawler, _INDEX_ATTR, None)
    if index is None:
        index = SimilarityIndex(
            near_threshold=crawler.settings.getfloat("MONITOR_NEAR_DUPLICATE_THRESHOLD", NEAR_THRESHOLD),
            story_threshold=crawler.settings.getfloat("MONITOR_STORY_THRESHOLD", STORY_THRESHOLD),
            capacity=max(1, crawler.settings.getint("MONITOR_SIMILARITY_CAPACITY", CAPACITY)))
        setattr(crawler, _INDEX_ATTR, index)
    days = crawler.settings.getfloat("MONITOR_STORY_WINDOW_DAYS", 7.0)
    since = (datetime.now(timezone.utc) - timedelta(days=days)).isoformat(timespec="seconds")
    index.load(store_for(crawler).recent_signatures(since, index.last_article_id))
    return index
