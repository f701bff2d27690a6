"""``monitor backup PATH``: a consistent copy of a live store with SQLite's online backup API.

The copy is taken in one step on a read transaction: in WAL mode a reader never blocks the daemon's
writes, and the copy is the store as of one instant (the last committed transaction, never half a
version). It is written to a temporary file beside PATH, checked (``quick_check``), switched to
rollback-journal mode so it is one self-contained file, fsync'd and only then renamed to PATH.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from .health import StoreError, quick_check
from .store import Store

COUNTED = ("articles", "versions", "alerts", "crawl_runs")


def backup(source: str, target: str, *, overwrite: bool = False, busy_timeout: float = 30.0) -> dict[str, int]:
    """Copy the store at ``source`` to ``target``; returns row counts of the copy."""
    dest = Path(target)
    if dest.exists() and not overwrite:
        raise StoreError(f"backup {target}: the file exists (choose a new name or pass --force)")
    if dest.resolve() == Path(source).resolve():
        raise StoreError(f"backup {target}: that is the store itself")
    if not dest.resolve().parent.is_dir():
        raise StoreError(f"backup {target}: folder {dest.resolve().parent} does not exist")
    partial = dest.with_name(f".{dest.name}.partial-{os.getpid()}")
    store = Store.open(source, readonly=True, busy_timeout=busy_timeout)
    try:
        copy = sqlite3.connect(partial)
        try:
            store.db.conn.backup(copy)  # all pages in one step: one consistent snapshot
            copy.execute("PRAGMA journal_mode = DELETE")
            quick_check(copy, str(partial))
            counts = {t: copy.execute(f"select count(*) from [{t}]").fetchone()[0] for t in COUNTED}
        finally:
            copy.close()
        with open(partial, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(partial, dest)
    except sqlite3.Error as exc:
        raise StoreError(f"backup {target}: {exc}") from None
    finally:
        store.close()
        if partial.exists():
            partial.unlink()
    return counts
