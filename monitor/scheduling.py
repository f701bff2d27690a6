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
import contextlib
import logging
import random
import shutil
import signal
import sys
from collections import Counter
from datetime import datetime, timedelta, timezone
from typing import Any, Awaitable, Callable, Sequence, TextIO

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


def first_run_time(source: Source, last_started: str | None, now: datetime) -> datetime | None:
    """When a source should first run after (re)start.

    Never run before: now (plus up to five seconds of the source's jitter, so a fleet of new
    sources does not start in the same instant). Interval sources: one interval after the
    last recorded run, or now if that time has passed (all runs missed while the daemon was
    down fold into this one). Cron sources: now if a cron time passed since the last run
    (the missed runs again fold into one), else ``None``: the trigger's next time.
    """
    if not last_started:
        return now + timedelta(seconds=random.uniform(0, min(5.0, source.jitter.total_seconds())))
    try:
        last = datetime.fromisoformat(last_started)
    except ValueError:
        return now
    if last.tzinfo is None:
        last = last.replace(tzinfo=timezone.utc)
    if source.interval is None:
        missed = _trigger(source).get_next_fire_time(None, last + timedelta(seconds=1))
        return now if missed is not None and missed <= now else None
    return max(last + source.interval, now)


class ProgressDisplay:
    """A status line redrawn in place on a terminal: what is running, pages, items, alerts.

    Log lines go to the same stream through this object: the monitor's log handler
    (``monitor.logs``) writes to it, so a log line first clears the status line, which is drawn
    again right after the line (and on every tick). The scheduler owns that handler for the
    whole process, so no crawler can replace it (Scrapy re-installs *its* root handler for every
    crawler, which used to leave the status line glued to log text from the second crawl on).
    :meth:`attach` also wraps other root handlers writing to the stream. Not used when the stream
    is not a terminal (``monitor schedule`` under a service manager logs plain lines: one per run
    started and one summary per run finished).
    """

    def __init__(self, scheduler: "MonitorScheduler", stream: TextIO):
        import threading

        self.scheduler = scheduler
        self.stream = stream
        self.shown = False
        self.live = False  # drawn at least once and not detached: redraw after each log line
        self._line_ended = False
        self._lock = threading.RLock()

    # the proxy the logging handlers write through
    def write(self, text: str) -> int:
        with self._lock:
            self.clear()
            self._line_ended = text.endswith("\n")
            return self.stream.write(text)

    def flush(self) -> None:
        with self._lock:
            self.stream.flush()
            if self.live and self._line_ended:
                self._line_ended = False
                self.draw()

    def isatty(self) -> bool:
        return bool(getattr(self.stream, "isatty", lambda: False)())

    def attach(self) -> None:
        for handler in logging.getLogger().handlers:
            if isinstance(handler, logging.StreamHandler) and getattr(handler, "stream", None) is self.stream:
                handler.setStream(self)  # type: ignore[arg-type]

    def detach(self) -> None:
        self.live = False
        self.clear()
        for handler in logging.getLogger().handlers:
            if isinstance(handler, logging.StreamHandler) and getattr(handler, "stream", None) is self:
                handler.setStream(self.stream)

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.shown = False

    def line(self) -> str:
        sched = self.scheduler
        running = []
        for crawler in list(sched.process.crawlers):
            spider = getattr(crawler, "spider", None)
            if spider is not None and crawler.stats is not None:
                get = crawler.stats.get_value
                running.append(f"{spider.name} ({get('downloader/response_count', 0)} pages, "
                               f"{get('item_scraped_count', 0)} items)")
        totals = sched.totals
        text = (f"monitor: {sum(sched.completed.values())} runs done, {totals['pages']} pages, "
                f"{totals['items']} items, {totals['alerts']} alerts | ")
        if running:
            text += "running " + ", ".join(running)
        else:
            upcoming = sched.next_run()
            text += f"idle, next {upcoming[0]} at {upcoming[1]:%H:%M:%S %Z}" if upcoming else "idle"
        width = shutil.get_terminal_size((100, 20)).columns
        return text[: max(20, width - 1)]

    def draw(self) -> None:
        with self._lock:
            try:
                self.clear()
                self.stream.write(self.line())
                self.stream.flush()
                self.shown = self.live = True
            except (OSError, ValueError):  # terminal gone
                pass


class MonitorScheduler:
    """Runs sources on their schedules inside Scrapy's reactor until stopped.

    SIGINT and SIGTERM stop it cleanly: no new run starts, the runs in flight finish the
    requests and items they have in progress (Scrapy's graceful close; each version is one
    transaction) and are recorded with finish reason ``shutdown``; then the process exits.
    A second signal stops the reactor at once, which still never leaves half a version.
    """

    def __init__(self, settings: Settings, sources: Sequence[Source], *, install_signal_handlers: bool = True,
                 start_paused: bool = False, progress: bool | None = None, progress_stream: TextIO | None = None):
        from scrapy.crawler import AsyncCrawlerProcess

        from monitor.logs import prepare_settings

        self.settings = prepare_settings(settings)
        self.sources = {s.name: s for s in sources}
        self.process = AsyncCrawlerProcess(self.settings)
        self.install_signal_handlers = install_signal_handlers
        self.start_paused = start_paused  # jobs wait for run_all_now() (the demo drives rounds itself)
        self.scheduler: Any = None
        self.running: set[str] = set()
        self.completed: Counter[str] = Counter()
        self.overlaps_skipped: Counter[str] = Counter()
        self.totals: Counter[str] = Counter()
        self._stopping = False
        self._signals = 0
        self._due: dict[str, datetime] = {}  # source -> the (latest) run time the job now running was due at
        self.store_watch: Any = None  # monitor.storewatch.StoreWatch, set up when the scheduler starts
        self.store_gone: Any = None  # the StoreFault (deleted/replaced) that stopped the daemon
        stream = progress_stream or sys.stderr
        if progress is None:
            mode = str(settings.get("MONITOR_PROGRESS", "auto")).strip().lower()
            if mode in ("1", "true", "on", "yes"):
                progress = True
            elif mode in ("0", "false", "off", "no"):
                progress = False
            else:
                progress = not start_paused and hasattr(stream, "isatty") and stream.isatty()
        self.progress = ProgressDisplay(self, stream) if progress else None
        from monitor.logs import install_handler

        # one handler for the process, writing through the status line when there is one
        install_handler(self.settings, self.progress or stream)

    # -- jobs -------------------------------------------------------------------------
    async def run_source(self, name: str) -> None:
        if self._stopping or not self._store_ready(name):
            return
        if name in self.running:  # max_instances=1 already prevents this; belt and braces
            self.overlaps_skipped[name] += 1
            logger.warning("source %s: previous run still going, skipping this one", name)
            return
        self.running.add(name)
        due = self._due.pop(name, None)
        logger.info("source %s: run starting%s", name,
                    f" (due {due.isoformat(timespec='seconds')})" if due is not None else "")
        crawler = None
        try:
            crawler = self.process.create_crawler(name)
            await self.process.crawl(crawler)
        except Exception:  # one source's failure never stops the daemon
            logger.exception("source %s: run failed", name)
        finally:
            self.running.discard(name)
            self.completed[name] += 1
            stats = crawler.stats.get_stats() if crawler is not None and crawler.stats is not None else {}
            self.totals["pages"] += int(stats.get("downloader/response_count", 0) or 0)
            self.totals["items"] += int(stats.get("item_scraped_count", 0) or 0)
            self.totals["alerts"] += int(stats.get("monitor/alerts_raised", 0) or 0)
            logger.debug("source %s: run finished", name)

    def next_run(self) -> tuple[str, datetime] | None:
        """The source that runs next and when, or None (paused, stopped)."""
        if self.scheduler is None or not self.scheduler.running:
            return None
        jobs = [j for j in self.scheduler.get_jobs() if j.next_run_time is not None]
        if not jobs:
            return None
        job = min(jobs, key=lambda j: j.next_run_time)
        return job.id, job.next_run_time

    def _on_job_event(self, event: Any) -> None:
        from apscheduler.events import EVENT_JOB_MAX_INSTANCES, EVENT_JOB_MISSED, EVENT_JOB_SUBMITTED

        if event.code == EVENT_JOB_SUBMITTED:
            if event.scheduled_run_times:
                self._due[event.job_id] = max(event.scheduled_run_times)
        elif event.code == EVENT_JOB_MAX_INSTANCES:
            self.overlaps_skipped[event.job_id] += 1
            logger.warning("source %s: run due but the previous run is still going; skipped (no overlap)",
                           event.job_id)
        elif event.code == EVENT_JOB_MISSED:
            logger.warning("source %s: run due at %s missed by more than %ss; skipped",
                           event.job_id, event.scheduled_run_time, MISFIRE_GRACE_SECONDS)

    def _last_started(self) -> dict[str, str]:
        try:
            with Store.open(self.settings.get("MONITOR_DB")) as store:
                return {r["source"]: r["last_run_started_at"] for r in store.iter_rows(
                    "select source, last_run_started_at from source_state")}
        except Exception as exc:
            logger.warning("could not read last run times (%s); running every source now", exc)
            return {}

    def _start(self, on_started: Callable[["MonitorScheduler"], Awaitable[None] | None] | None) -> None:
        from apscheduler.events import EVENT_JOB_MAX_INSTANCES, EVENT_JOB_MISSED, EVENT_JOB_SUBMITTED
        from apscheduler.schedulers.asyncio import AsyncIOScheduler

        loop = asyncio.get_event_loop()
        self.scheduler = AsyncIOScheduler(event_loop=loop, timezone=timezone.utc)
        self.scheduler.add_listener(self._on_job_event,
                                    EVENT_JOB_MAX_INSTANCES | EVENT_JOB_MISSED | EVENT_JOB_SUBMITTED)
        if str(self.settings.get("LOG_LEVEL", "INFO")).upper() != "DEBUG":
            # _on_job_event reports skipped and missed runs in the monitor's words; APScheduler's own
            # warnings about them would say it twice (its errors still show)
            logging.getLogger("apscheduler").setLevel(logging.ERROR)
        last = self._last_started()
        self._watch_store()
        now = datetime.now(timezone.utc)
        for name, source in self.sources.items():
            options: dict[str, Any] = {}
            if self.start_paused:
                options["next_run_time"] = None
            else:
                first = first_run_time(source, last.get(name), now)
                if first is not None:
                    options["next_run_time"] = first
            self.scheduler.add_job(
                self.run_source, trigger=_trigger(source), args=[name], id=name, name=f"crawl {name}",
                max_instances=1, coalesce=True, misfire_grace_time=MISFIRE_GRACE_SECONDS,
                replace_existing=True, **options,
            )
            when = "(paused)" if self.start_paused else "(on its schedule)"
            if options.get("next_run_time") is not None:
                when = options["next_run_time"].isoformat(timespec="seconds")
            logger.info("source %s: %s, last run %s, first run at %s", name, source.schedule_text,
                        last.get(name) or "never", when)
        self.scheduler.start()
        if self.progress is not None:
            self.progress.attach()
            self._tick()
        if on_started is not None:
            result = on_started(self)
            if asyncio.iscoroutine(result):
                loop.create_task(self._guard(result))

    # -- the store (monitor/storewatch.py) ---------------------------------------------
    def _watch_store(self) -> None:
        from monitor.storewatch import StoreWatch

        self.store_watch = StoreWatch(self.settings)
        try:
            self.store_watch.start()
        except Exception as exc:  # noqa: BLE001 - the store vanished between the CLI's check and now
            from storage.health import StoreFault

            self.store_watch = None
            self._store_lost(exc if isinstance(exc, StoreFault) else StoreFault("io_error", str(
                self.settings.get("MONITOR_DB")), str(exc)))
            return
        self._check_store_identity()

    def _check_store_identity(self) -> None:
        from twisted.internet import reactor

        if self._stopping or self.store_watch is None:
            return
        fault = self.store_watch.gone()
        if fault is not None:
            self._store_lost(fault)
            return
        reactor.callLater(1.0, self._check_store_identity)

    def _store_ready(self, name: str) -> bool:
        if self.store_watch is None:
            return True
        ready = self.store_watch.ready(name)
        if ready is True or ready is False:
            return ready
        self._store_lost(ready)
        return False

    def _store_lost(self, fault: Any) -> None:
        if self.store_gone is not None:
            return
        self.store_gone = fault
        logger.error("%s; the daemon stops", fault)
        asyncio.get_event_loop().create_task(self.stop())

    def _tick(self) -> None:
        from twisted.internet import reactor

        if self.progress is None or self._stopping:
            return
        self.progress.draw()
        reactor.callLater(1.0, self._tick)

    async def _guard(self, coro: Awaitable[None]) -> None:
        try:
            await coro
        except Exception:
            logger.exception("scheduler controller failed")
            await self.stop()

    # -- signals ----------------------------------------------------------------------
    def _on_signal(self, signum: int, _frame: Any) -> None:
        # No logging in a signal handler (the interrupted code may be writing the same stream):
        # hand over to the reactor thread.
        from twisted.internet import reactor

        self._signals += 1
        if self._signals == 1:
            reactor.callFromThread(self._graceful, signum)
        else:
            reactor.callFromThread(self._force, signum)

    def _graceful(self, signum: int) -> None:
        logger.info("received %s: no new runs; finishing the runs in flight (%s). Send again to force.",
                    signal.Signals(signum).name, ", ".join(sorted(self.running)) or "none")
        asyncio.get_event_loop().create_task(self.stop())

    def _force(self, signum: int) -> None:
        from twisted.internet import reactor

        logger.warning("received %s again: stopping now", signal.Signals(signum).name)
        with contextlib.suppress(RuntimeError):
            reactor.stop()

    def _install_signal_handlers(self) -> None:
        from scrapy.utils.ossignal import install_shutdown_handlers

        install_shutdown_handlers(self._on_signal)

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
        while self.running:  # the jobs record their runs after the crawl returns
            await asyncio.sleep(0.01)
        if self.progress is not None:
            self.progress.detach()
        with contextlib.suppress(RuntimeError):
            reactor.stop()

    def run(self, on_started: Callable[["MonitorScheduler"], Awaitable[None] | None] | None = None) -> None:
        """Start the reactor with the scheduler on its loop; returns when stopped (Ctrl-C, SIGTERM or :meth:`stop`)."""
        from twisted.internet import reactor

        reactor.callLater(0, self._start, on_started)
        if self.install_signal_handlers:
            reactor.callLater(0, self._install_signal_handlers)
        # Scrapy's own handlers would stop the crawls but not the scheduler, which could start new ones.
        self.process.start(stop_after_crawl=False, install_signal_handlers=False)
        if self.progress is not None:
            self.progress.detach()
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        logger.info("scheduler stopped after %d runs", sum(self.completed.values()))
