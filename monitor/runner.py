"""Scrapy settings for a run, and a single crawl pass over some sources."""

from __future__ import annotations

import os
from typing import Any, Mapping, Sequence

from scrapy.settings import Settings
from scrapy.utils.project import get_project_settings

SETTINGS_MODULE = "monitor.settings"


def build_settings(*, db: str, sources_path: str | None, overrides: Mapping[str, Any] | None = None) -> Settings:
    """The project settings with the run's DB and sources file (and any overrides) at command-line priority."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", SETTINGS_MODULE)
    settings = get_project_settings()
    settings.set("MONITOR_DB", db, priority="cmdline")
    settings.set("MONITOR_SOURCES", sources_path or "", priority="cmdline")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


def crawl_once(settings: Settings, names: Sequence[str]) -> list:
    """Crawl the named sources once, side by side, and return their crawlers when all have finished.

    A source that fails (unreachable, broken feed) is logged and recorded in ``crawl_runs``;
    the others go on. Each returned crawler carries ``monitor_run_id`` (its ``crawl_runs`` row) and
    ``monitor_run_row`` (the figures of that row, kept even when the store could not take them).
    """
    from scrapy.crawler import AsyncCrawlerProcess

    from monitor.logs import install_handler, prepare_settings

    process = AsyncCrawlerProcess(prepare_settings(settings))
    install_handler(settings)  # quiet by default; Scrapy's own INFO lines at DEBUG only
    crawlers = []
    for name in names:
        crawler = process.create_crawler(name)
        crawlers.append(crawler)
        process.crawl(crawler)
    process.start()
    return crawlers
