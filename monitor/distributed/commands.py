"""Running a worker or the writer: their Scrapy settings and process (the CLI calls these)."""

from __future__ import annotations

from typing import Any, Sequence

from scrapy.settings import Settings

from monitor.sources import Source

#: Components that need the store: off in a worker (it never opens SQLite).
WORKER_OFF = {
    "ITEM_PIPELINES": ["pipelines.validate.ValidatePipeline", "pipelines.relevance.RelevancePipeline",
                       "pipelines.dedup.DedupPipeline", "pipelines.versioning.VersionPipeline",
                       "pipelines.store.StorePipeline", "pipelines.alert.AlertPipeline"],
    "DOWNLOADER_MIDDLEWARES": ["monitor.middlewares.ConditionalRequestMiddleware"],
    "EXTENSIONS": ["monitor.extensions.CrawlRunRecorder", "monitor.health.CrawlHealthMonitor"],
}
#: One-process run bookkeeping the writer replaces with its rounds (monitor.distributed.rounds).
WRITER_OFF = {"EXTENSIONS": ["monitor.extensions.CrawlRunRecorder", "monitor.health.CrawlHealthMonitor"]}


def _switch_off(settings: Settings, off: dict[str, list[str]]) -> None:
    for name, paths in off.items():
        components = dict(settings.getdict(name))
        components.update({path: None for path in paths})
        settings.set(name, components, priority="cmdline")


#: The per-host lease is the last downloader middleware: it waits right before the request is sent.
LEASE_MIDDLEWARE = ("monitor.distributed.politeness.DomainLeaseMiddleware", 1000)


def run_worker(settings: Settings, redis_url: str) -> None:
    from scrapy.crawler import AsyncCrawlerProcess

    from monitor.distributed.worker import WorkerSpider

    _switch_off(settings, WORKER_OFF)
    middlewares = dict(settings.getdict("DOWNLOADER_MIDDLEWARES"))
    middlewares[LEASE_MIDDLEWARE[0]] = LEASE_MIDDLEWARE[1]
    settings.set("DOWNLOADER_MIDDLEWARES", middlewares, priority="cmdline")
    process = AsyncCrawlerProcess(settings)
    process.crawl(WorkerSpider, redis_url=redis_url)
    process.start()


def run_writer(settings: Settings, redis_url: str, sources: Sequence[Source], *, once: bool) -> dict[str, Any]:
    from scrapy.crawler import AsyncCrawlerProcess

    from monitor.distributed.connection import Keys
    from monitor.distributed.locks import WriterLock
    from monitor.distributed.writer import WriterSpider

    lock = WriterLock(settings.get("MONITOR_DB"), redis_url, Keys(settings.get("MONITOR_REDIS_PREFIX")).writer_lock,
                      settings.getfloat("MONITOR_REDIS_WRITER_LEASE"))
    lock.acquire()
    try:
        _switch_off(settings, WRITER_OFF)
        process = AsyncCrawlerProcess(settings)
        crawler = process.create_crawler(WriterSpider)
        process.crawl(crawler, redis_url=redis_url, sources=list(sources), once=once, lock=lock)
        process.start()
        return {"handled": getattr(crawler.spider, "handled", 0), "stats": crawler.stats.get_stats()}
    finally:
        lock.release()
