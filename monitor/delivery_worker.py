"""A crawl's delivery worker: one thread, its own database connection, woken by the alert pipeline.

Items never wait for it. :meth:`DeliveryWorker.finish` (at spider close) asks for a last pass with a
time budget: the close waits at most ``budget`` seconds, after which no new post starts and whatever
is left stays queued. A post still under way then goes on in the background (in a long-running
daemon it is settled as usual; a process that exits leaves it bookkept as ``sending``, with a retry
time beyond three timeouts and the alert claimed for ``MONITOR_ALERT_CLAIM_SECONDS``), so it is never
repeated blindly: its outcome is unknown, and only a later run retries it.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from typing import Any, Mapping, Sequence

from monitor.channels import Channel
from monitor.delivery import BACKOFF_BASE_SECONDS, LEASE_SECONDS, Deliverer, PassResult

logger = logging.getLogger("monitor.alerts")


class DeliveryWorker:
    def __init__(self, db_path: str, channels: Mapping[str, Sequence[Channel]], *,
                 base_delay: float = BACKOFF_BASE_SECONDS, lease_seconds: float = LEASE_SECONDS,
                 busy_timeout: float = 30.0, shared_store: Any = None):
        self.db_path = db_path
        self.channels = channels
        self.base_delay, self.lease_seconds, self.busy_timeout = base_delay, lease_seconds, busy_timeout
        self.totals = PassResult()
        self.left_running = False
        self._wake = threading.Event()
        self._done = threading.Event()
        self._thread: threading.Thread | None = None
        self._finishing = False
        self._deadline = self._hard_deadline = float("inf")
        self._start_lock = threading.Lock()

    # -- called from the crawl's thread ---------------------------------------------------
    def wake(self) -> None:
        self._start()
        self._wake.set()

    def finish(self, budget: float) -> None:
        """Last pass (health alerts, due retries); no new post after ``budget`` seconds from now."""
        self._deadline = time.monotonic() + max(0.0, budget)
        self._hard_deadline = self._deadline + 0.2
        self._finishing = True
        self._start()
        self._wake.set()

    def settled(self) -> bool:
        """True once the worker is done, or the budget has run out."""
        if self._done.is_set():
            return True
        if time.monotonic() > self._hard_deadline:
            if not self.left_running:
                logger.warning("alert delivery still running after its time budget; what is left stays queued")
            self.left_running = True
            return True
        return False

    def wait(self, budget: float = 10.0) -> None:
        """Finish and block until settled (for callers without a reactor)."""
        self.finish(budget)
        while not self.settled():
            time.sleep(0.02)

    # -- the thread ------------------------------------------------------------------------
    def _start(self) -> None:
        with self._start_lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="monitor-alert-delivery", daemon=True)
                self._thread.start()

    def _stop_posting(self) -> bool:
        return self._finishing and time.monotonic() > self._deadline

    def _run(self) -> None:
        from storage import Store

        try:
            if self.db_path == ":memory:":
                logger.warning("an in-memory store cannot be shared with the delivery worker: alerts stay queued")
                return
            with Store.open(self.db_path, busy_timeout=self.busy_timeout) as store:
                deliverer = Deliverer(store, self.channels, base_delay=self.base_delay,
                                      lease_seconds=self.lease_seconds, should_stop=self._stop_posting)
                deliverer.warn_new_destinations()
                self._loop(deliverer)
        except Exception:  # noqa: BLE001 - a delivery failure must never take the crawl down
            logger.exception("alert delivery worker failed; alerts stay queued")
        finally:
            self._done.set()

    def _loop(self, deliverer: Deliverer) -> None:
        while True:
            self._wake.wait()
            self._wake.clear()
            last = self._finishing
            result = asyncio.run(deliverer.run_pass())
            self.totals.delivered += result.delivered
            self.totals.failed += result.failed
            self.totals.dead += result.dead
            if self._stop_posting():
                return
            if last and not (result.delivered or result.dead):
                return  # a pass after the close that sent nothing new: done
            if last:
                self._wake.set()  # something moved (e.g. a dead letter queued a health alert): once more
