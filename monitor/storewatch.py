"""The daemon's watch on its store: is it still the same file, and can it take writes now?

``monitor schedule`` records the identity of its store when it starts (device and inode of the path,
and the random ``store_id`` written into the file when it was created). Every second it checks that
the path still names that file: a store deleted or replaced under the daemon (a restore without
stopping it) stops the daemon with one line, before a new run could create an empty store or write
into the replacement (whose old ``-wal`` would corrupt it). Before each run it also checks that the
store takes writes (space, permissions, a rolled-back write): while it cannot, no run fetches
anything, one line is logged when that starts and at most one a minute after, and runs resume on
their own once it can.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from pipelines.storeaccess import max_bytes
from storage import Store
from storage.health import StoreFault, StoreIdentity, probe_writes

logger = logging.getLogger("monitor.store")

GONE = ("deleted", "replaced", "missing")


class StoreWatch:
    def __init__(self, settings: Any, *, log_every: float = 60.0):
        self.path = str(settings.get("MONITOR_DB"))
        self.max_bytes = max_bytes(settings)
        self.busy = settings.getfloat("MONITOR_DB_BUSY_TIMEOUT", 30.0)
        self.log_every = log_every
        self.identity: StoreIdentity | None = None
        self.blocked: str | None = None  # the fault kind that keeps runs from starting
        self.last_logged = 0.0
        self.skipped = 0

    def start(self) -> None:
        if self.path == ":memory:":
            return
        with Store.open(self.path, create=False, busy_timeout=self.busy) as store:
            self.identity = StoreIdentity.of(self.path, store.store_id())

    def gone(self, *, read_id: bool = False) -> StoreFault | None:
        """The ``deleted``/``replaced`` fault when the path no longer names the daemon's store."""
        if self.identity is None:
            return None
        try:
            self.identity.verify(self._read_id if read_id else None)
        except StoreFault as fault:
            return fault
        return None

    def _read_id(self) -> str | None:
        with Store.open(self.path, readonly=True, busy_timeout=self.busy) as store:
            return store.store_id()

    def ready(self, source: str) -> StoreFault | bool:
        """True when a run may start; False when the store cannot take writes now (logged at most once a
        minute); a ``deleted``/``replaced`` fault when the daemon must stop."""
        fault = self.gone(read_id=True)
        if fault is not None:
            return fault
        try:
            with Store.open(self.path, create=False, busy_timeout=self.busy, max_bytes=self.max_bytes) as store:
                probe_writes(store.db.conn, self.path)
        except StoreFault as exc:
            if exc.kind in GONE:
                return exc
            return self._blocked(exc, source)
        except Exception as exc:  # noqa: BLE001 - any other failure to open: do not fetch, say why once
            return self._blocked(StoreFault("io_error", self.path, str(exc)), source)
        if self.blocked is not None:
            logger.warning("store %s takes writes again; runs resume (%d skipped)", self.path, self.skipped)
            self.blocked, self.skipped = None, 0
        return True

    def _blocked(self, fault: StoreFault, source: str) -> bool:
        now = time.monotonic()
        self.skipped += 1
        if fault.kind != self.blocked or now - self.last_logged >= self.log_every:
            logger.error("%s; no source runs until it can take writes (source %s skipped)", fault, source)
            self.last_logged = now
        self.blocked = fault.kind
        return False
