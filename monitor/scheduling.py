"""``monitor schedule``: APScheduler 3 and Scrapy in one long-running process.

Design (see the README): Scrapy's asyncio reactor runs the event loop; APScheduler's
``AsyncIOScheduler`` lives on that same loop and fires one ``async`` job per source,
which awaits ``AsyncCrawlerProcess.crawl``. Jobs run with ``max_instances=1`` (never
two runs of one source at once), ``coalesce=True`` (missed runs fold into one) and an
explicit ``misfire_grace_time``. The first run of each source is placed after its last
recorded run (``source_state``), so a restart does not re-crawl everything at once.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections import Counter
from datetime import datetime, timedelta, timezone
from typing import Any, Awaitable, Callable, Sequence

from scrapy.settings import Settings

from monitor.sources import Source
from storage import Store

logger = logging.getLogger("monitor.scheduling")

MISFIRE_GRACE_SECONDS = 300


def _trigger(source: Source) -> Any:
    from apscheduler.triggers.cron import CronTrigger
    from apscheduler.triggers.interval import IntervalTrigger

    jitter = int(source.jitter.total_seconds()) or None
    if source.cron:
        trigger = CronTrigger.from_crontab(source.cron, timezone=timezone.utc)
        trigger.jitter = jitter
        return trigger
    assert source.interval is not None
    return IntervalTrigger(seconds=source.interval.total_seconds(), jitter=jitter, timezone=timezone.utc)


def first_run_time(source: Source, last_started: str | None, now: datetime) -> datetime:
    """When a source should first run after (re)start: now, unless its last run is recent."""
    if not last_started or source.interval is None:
        return now + timedelta(seconds=random.uniform(0, min(5.0, source.jitter.total_seconds())))
    try:
        last = datetime.fromisoformat(last_started)
    except ValueError:
        return now
    due = last + source.interval
    return max(due, now)


class MonitorScheduler:
    """Runs sources on their schedules inside Scrapy's reactor until stopped."""

    def __init__(self, settings: Settings, sources: Sequence[Source], *, install_signal_handlers: bool = True,
                 start_paused: bool = False):
        from scrapy.crawler import AsyncCrawlerProcess

        self.settings = settings
        self.sources = {s.name: s for s in sources}
        self.process = AsyncCrawlerProcess(settings)
        self.install_signal_handlers = install_signal_handlers
        self.start_paused = start_paused  # jobs wait for run_all_now() (the demo drives rounds itself)
        self.scheduler: Any = None
        self.running: set[str] = set()
        self.completed: Counter[str] = Counter()
        self.overlaps_skipped: Counter[str] = Counter()
        self._stopping = False

    # -- jobs -------------------------------------------------------------------------
    async def run_source(self, name: str) -> None:
        if self._stopping:
            return
        if name in self.running:  # max_instances=1 already prevents this; belt and braces
            self.overlaps_skipped[name] += 1
            logger.warning("source %s: previous run still going, skipping this one", name)
            return
        self.running.add(name)
        logger.info("source %s: run starting", name)
        try:
            await self.process.crawl(name)
        except Exception:  # one source's failure never stops the daemon
            logger.exception("source %s: run failed", name)
        finally:
            self.running.discard(name)
            self.completed[name] += 1
            logger.info("source %s: run finished", name)

    def _last_started(self) -> dict[str, str]:
        try:
            with Store.open(self.settings.get("MONITOR_DB")) as store:
                return {r["source"]: r["last_run_started_at"] for r in store.iter_rows(
                    "select source, last_run_started_at from source_state")}
        except Exception as exc:
            logger.warning("could not read last run times (%s); running every source now", exc)
            return {}

    def _start(self, on_started: Callable[["MonitorScheduler"], Awaitable[None] | None] | None) -> None:
        from apscheduler.schedulers.asyncio import AsyncIOScheduler

        loop = asyncio.get_event_loop()
        self.scheduler = AsyncIOScheduler(event_loop=loop, timezone=timezone.utc)
        last = self._last_started()
        now = datetime.now(timezone.utc)
        for name, source in self.sources.items():
            first = None if self.start_paused else first_run_time(source, last.get(name), now)
            self.scheduler.add_job(
                self.run_source, trigger=_trigger(source), args=[name], id=name, name=f"crawl {name}",
                max_instances=1, coalesce=True, misfire_grace_time=MISFIRE_GRACE_SECONDS,
                next_run_time=first, replace_existing=True,
            )
            logger.info("source %s: %s, first run at %s", name, source.schedule_text,
                        first.isoformat(timespec="seconds") if first else "(paused)")
        self.scheduler.start()
        if on_started is not None:
            result = on_started(self)
            if asyncio.iscoroutine(result):
                loop.create_task(self._guard(result))

    async def _guard(self, coro: Awaitable[None]) -> None:
        try:
            await coro
        except Exception:
            logger.exception("scheduler controller failed")
            await self.stop()

    # -- control ----------------------------------------------------------------------
    async def run_all_now(self, timeout: float = 120.0) -> None:
        """Fire every source's job now (through the scheduler) and wait until each has run once."""
        before = dict(self.completed)
        now = datetime.now(timezone.utc)
        for job in self.scheduler.get_jobs():
            job.modify(next_run_time=now)
        self.scheduler.wakeup()
        deadline = asyncio.get_event_loop().time() + timeout
        while any(self.completed[n] <= before.get(n, 0) for n in self.sources):
            if asyncio.get_event_loop().time() > deadline:
                raise TimeoutError("sources did not finish their runs in time")
            await asyncio.sleep(0.05)

    async def stop(self) -> None:
        """Stop scheduling, let running crawls close cleanly, then stop the reactor."""
        from twisted.internet import reactor

        if self._stopping:
            return
        self._stopping = True
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        await self.process.stop()
        reactor.stop()

    def run(self, on_started: Callable[["MonitorScheduler"], Awaitable[None] | None] | None = None) -> None:
        """Start the reactor with the scheduler on its loop; returns when stopped (Ctrl-C, SIGTERM or :meth:`stop`)."""
        from twisted.internet import reactor

        reactor.callLater(0, self._start, on_started)
        self.process.start(stop_after_crawl=False, install_signal_handlers=self.install_signal_handlers)
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.shutdown(wait=False)
