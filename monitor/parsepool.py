"""Parse pages off the reactor thread, in worker processes, so the downloader never waits on a parse.

Parsing (article extraction and casualty figures) is pure CPU work on bytes: ``parse_article_page``
takes the body and returns a plain dict, so it runs as well in another process as in this one.
:class:`ParsePool` hands it to a ``ProcessPoolExecutor`` of ``MONITOR_PARSE_WORKERS`` processes
(default: the machine's cores) and gives the spider an awaitable; the pipelines stay in the crawl's
own process, one writer. ``MONITOR_PARSE_WORKERS = 0`` parses inline, as before.

Workers are started with ``spawn`` (never ``fork`` a process running a reactor and threads), once
per process and reused by every crawl of a daemon; a worker that dies (killed, out of memory) breaks
the pool, which is then replaced and the page parsed inline, so no page is lost to it.
"""

from __future__ import annotations

import asyncio
import atexit
import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Mapping

from monitor.parsing import parse_article_page

logger = logging.getLogger(__name__)

_pools: dict[int, ProcessPoolExecutor] = {}


def default_workers() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def workers_setting(value: Any) -> int:
    """``MONITOR_PARSE_WORKERS`` as a number: empty or ``auto`` means the cores; 0 means inline."""
    if value is None or str(value).strip().lower() in ("", "auto"):
        return default_workers()
    number = int(value)
    if number < 0:
        raise ValueError(f"MONITOR_PARSE_WORKERS cannot be negative, got {number}")
    return number


def _executor(workers: int) -> ProcessPoolExecutor:
    pool = _pools.get(workers)
    if pool is None:
        pool = _pools[workers] = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
    return pool


def shutdown() -> None:
    """Stop every worker process (at interpreter exit; tests may call it)."""
    while _pools:
        _, pool = _pools.popitem()
        pool.shutdown(wait=False, cancel_futures=True)


atexit.register(shutdown)


class ParsePool:
    """``await pool.parse(body, url, ...)``: the result of ``parse_article_page``, computed in a worker."""

    def __init__(self, workers: int):
        self.workers = workers

    @classmethod
    def from_settings(cls, settings: Any) -> "ParsePool":
        return cls(workers_setting(settings.get("MONITOR_PARSE_WORKERS")))

    async def parse(self, body: bytes, url: str, *, source: str | None = None,
                    selectors: Mapping[str, str] | None = None, encoding: str | None = None,
                    language: str | None = None, relevance_min: float | None = None) -> dict[str, Any]:
        kwargs = {"source": source, "selectors": dict(selectors) if selectors else None, "encoding": encoding,
                  "language": language, "relevance_min": relevance_min}
        if self.workers == 0:
            return parse_article_page(body, url, **kwargs)
        try:
            future = _executor(self.workers).submit(parse_article_page, body, url, **kwargs)
            return await asyncio.wrap_future(future)
        except BrokenProcessPool:
            _pools.pop(self.workers, None)
            logger.warning("a parse worker died; parsing %s here and starting new workers", url)
            return parse_article_page(body, url, **kwargs)
