"""What is wrong with a store, named once: each fault is one condition with one line of advice.

A store can fail in a few distinct ways, and each needs a different action from the person running
the monitor: a file that cannot be written, a disk (or size limit) that is full, pages that are
corrupt, a schema that lost tables or columns, a file written by a newer monitor, a file deleted or
replaced under a running daemon. :class:`StoreFault` is one of these, with a message that names the
file, the cause and what to do; :func:`fault_from_error` turns an SQLite error into one (or ``None``
for a passing condition such as a lock held by another process). The checks here are what
:meth:`storage.Store.open` runs (``probe_writes``, ``repair_schema``, ``quick_check``) and what
``monitor check`` runs in full (``integrity_check``).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: A store with fewer free pages than this below its page limit counts as full at open.
MIN_HEADROOM_PAGES = 16
#: A store whose file system has less free space than this counts as full at open.
MIN_FREE_BYTES = 1024 * 1024

#: kind -> (cause, what to do). ``{detail}`` is the specific finding.
FAULTS: dict[str, tuple[str, str]] = {
    "not_writable": ("cannot be written ({detail})",
                     "check the file's and its folder's permissions and the file system (read-only mount?)"),
    "disk_full": ("disk full ({detail})",
                  "free space on its disk (or raise MONITOR_DB_MAX_SIZE_MB), then run again"),
    "corrupt": ("corrupt ({detail})",
                "restore the last backup (README: Backups) or move the file away to start a new store"),
    "schema_damaged": ("schema damaged ({detail})",
                       "restore the last backup (README: Backups); `monitor check` lists every problem"),
    "schema_incomplete": ("schema incomplete ({detail})",
                          "run `monitor init` to re-create what is missing (nothing stored is lost)"),
    "newer": ("written by a newer monitor ({detail})", "upgrade the monitor; the file was not touched"),
    "deleted": ("no longer exists ({detail})",
                "restore it, or start the monitor again to create a new store on purpose"),
    "replaced": ("was replaced by another file while the monitor ran ({detail})",
                 "start the monitor again to use the new file (stop it first when restoring: README: Backups)"),
    "not_a_database": ("is not an SQLite database ({detail})", "check the path (--db); the file was not touched"),
    "missing": ("does not exist ({detail})", "run `monitor init` (or a first crawl) to create it"),
    "io_error": ("could not be read or written ({detail})",
                 "check the disk and the file system; `monitor check` tests the file"),
}

#: Exit status of a command stopped by each kind of fault in the middle of its work.
EXIT_WRITE_FAILED = 3
EXIT_STORE_GONE = 4


class StoreError(RuntimeError):
    """The database cannot be opened or written; the message says which file and why."""


class StoreFault(StoreError):
    """One store condition: ``kind`` (a key of :data:`FAULTS`), the file and the finding."""

    def __init__(self, kind: str, path: str, detail: str, *, opening: bool = False, writing: bool = False):
        self.kind, self.path, self.detail = kind, path, detail
        cause, action = FAULTS[kind]
        where = f"cannot open database {path}" if opening else f"store {path}"
        if writing:
            where += ": write failed"
        super().__init__(f"{where}: {cause.format(detail=detail)}: {action}")

    @property
    def write_failure(self) -> bool:
        return self.kind in ("not_writable", "disk_full", "io_error")


def classify(exc: BaseException) -> str | None:
    """The fault an SQLite error means, or None when it is no store fault (a lock: wait and retry)."""
    if not isinstance(exc, sqlite3.Error):
        return None
    name = str(getattr(exc, "sqlite_errorname", "") or "")
    text = str(exc).lower()
    if name.startswith("SQLITE_FULL") or "database or disk is full" in text:
        return "disk_full"
    if name.startswith("SQLITE_READONLY") or "readonly database" in text:
        return "not_writable"
    if name.startswith("SQLITE_NOTADB") or "not a database" in text:
        return "not_a_database"
    if name.startswith("SQLITE_CORRUPT") or "malformed" in text:
        return "corrupt"
    if name.startswith("SQLITE_CANTOPEN") or "unable to open database" in text:
        return "not_writable"
    if name.startswith("SQLITE_IOERR") or "disk i/o error" in text:
        return "io_error"
    return None


def fault_from_error(exc: BaseException, path: str, *, opening: bool = False,
                     writing: bool = False) -> StoreFault | None:
    if isinstance(exc, StoreFault):
        return exc
    kind = classify(exc)
    return StoreFault(kind, path, str(exc), opening=opening, writing=writing) if kind else None


# -- writability and space ---------------------------------------------------------------
def free_bytes(path: str) -> int | None:
    try:
        return shutil.disk_usage(Path(path).resolve().parent).free
    except OSError:
        return None


def probe_writes(conn: sqlite3.Connection, path: str) -> None:
    """Raise :class:`StoreFault` unless the store can take a write now: room below its page limit,
    free space on its disk, and a real (rolled back) write. A lock held by another process is no
    fault: the write would only wait."""
    if path == ":memory:":
        return
    limit = conn.execute("PRAGMA max_page_count").fetchone()[0]
    used = conn.execute("PRAGMA page_count").fetchone()[0] - conn.execute("PRAGMA freelist_count").fetchone()[0]
    if limit - used < MIN_HEADROOM_PAGES:
        raise StoreFault("disk_full", path, f"{used} of its {limit}-page size limit used", opening=True)
    free = free_bytes(path)
    if free is not None and free < MIN_FREE_BYTES:
        raise StoreFault("disk_full", path, f"{free // 1024} KiB free on its disk", opening=True)
    busy = conn.execute("PRAGMA busy_timeout").fetchone()[0]
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        in_txn = conn.in_transaction
        if not in_txn:
            conn.execute("BEGIN IMMEDIATE")
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            conn.execute(f"PRAGMA user_version = {int(version)}")  # a write; rolled back at once
        finally:
            if not in_txn:
                conn.execute("ROLLBACK")
    except sqlite3.OperationalError as exc:
        fault = fault_from_error(exc, path, opening=True)
        if fault is not None:
            raise fault from None
        # "database is locked": another process writes; ours will wait for it (busy timeout)
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(busy)}")


# -- corruption ----------------------------------------------------------------------
def quick_check(conn: sqlite3.Connection, path: str) -> None:
    """``PRAGMA quick_check`` (every page, not the indexes' contents): raise a ``corrupt`` fault."""
    problems = _check(conn, "quick_check(5)")
    if problems:
        raise StoreFault("corrupt", path, "; ".join(problems), opening=True)


def integrity_check(conn: sqlite3.Connection) -> list[str]:
    """Every problem ``PRAGMA integrity_check`` and ``foreign_key_check`` find (empty: none)."""
    problems = _check(conn, "integrity_check(100)")
    try:
        bad = conn.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return problems + [str(exc)]
    tables = sorted({row[0] for row in bad})
    if bad:
        problems.append(f"{len(bad)} rows refer to missing rows (in {', '.join(tables)})")
    return problems


def _check(conn: sqlite3.Connection, pragma: str) -> list[str]:
    try:
        rows = [r[0] for r in conn.execute(f"PRAGMA {pragma}").fetchall()]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    return [] if rows == ["ok"] else rows


# -- schema ----------------------------------------------------------------------------
@dataclass
class SchemaReport:
    repairable: list[str]  # a migration can re-create these (nothing stored is lost)
    fatal: list[str]  # these cannot be re-created without losing or inventing data

    @property
    def ok(self) -> bool:
        return not self.repairable and not self.fatal


def schema_report(conn: sqlite3.Connection, tables: dict[str, dict], indexes: list[tuple[str, list[str], bool]]
                  ) -> SchemaReport:
    """Compare the file with the tables, columns and indexes the code needs.

    Repairable: a missing table no stored row refers to, a missing nullable column, a missing index or
    full-text index. Fatal: a missing table that other tables' rows refer to (its rows are lost), a
    missing primary-key or NOT NULL column (it cannot be added to stored rows), or a name used by
    something that is not a table.
    """
    kinds = {name: kind for name, kind in conn.execute("select name, type from sqlite_master")}
    report = SchemaReport([], [])
    for name, spec in tables.items():
        if name not in kinds:
            referrers = _rows_referring_to(conn, name, tables, kinds)
            if referrers:
                report.fatal.append(f"table {name} is missing but {referrers} refer to its rows")
            else:
                report.repairable.append(f"table {name} is missing")
            continue
        if kinds[name] != "table":
            report.fatal.append(f"{name} is a {kinds[name]}, not a table")
            continue
        have = {row[1] for row in conn.execute(f"PRAGMA table_info([{name}])")}
        for column in spec["columns"]:
            if column in have:
                continue
            if column == spec.get("pk") or column in spec.get("not_null", ()):
                report.fatal.append(f"column {name}.{column} is missing (required; cannot be re-created)")
            else:
                report.repairable.append(f"column {name}.{column} is missing")
    for table, columns, unique in indexes:
        if table in kinds and not _has_index(conn, table, columns, unique):
            report.repairable.append(f"index on {table}({', '.join(columns)}) is missing")
    if "articles" in kinds and "articles_fts" not in kinds:
        report.repairable.append("full-text index articles_fts is missing")
    return report


def _rows_referring_to(conn: sqlite3.Connection, missing: str, tables: dict[str, dict], kinds: dict[str, str]
                       ) -> str:
    found = []
    for name, spec in tables.items():
        for column, other, _ in spec.get("foreign_keys") or ():
            if other == missing and kinds.get(name) == "table":
                try:
                    n = conn.execute(f"select count(*) from [{name}] where [{column}] is not null").fetchone()[0]
                except sqlite3.DatabaseError:
                    continue
                if n:
                    found.append(f"{n} {name} rows")
    return ", ".join(found)


def _has_index(conn: sqlite3.Connection, table: str, columns: list[str], unique: bool) -> bool:
    for row in conn.execute(f"PRAGMA index_list([{table}])"):
        index_columns = [r[2] for r in conn.execute(f"PRAGMA index_info([{row[1]}])")]
        if index_columns == list(columns) and (bool(row[2]) or not unique):
            return True
    return False


# -- identity --------------------------------------------------------------------------
@dataclass(frozen=True)
class StoreIdentity:
    """Which file a running monitor writes to: device and inode of the path, and the id stored in it."""

    path: str
    device: int
    inode: int
    store_id: str | None

    @classmethod
    def of(cls, path: str, store_id: str | None) -> "StoreIdentity":
        st = os.stat(path)
        return cls(path, st.st_dev, st.st_ino, store_id)

    def verify(self, store_id_now: Any = None) -> None:
        """Raise a ``deleted`` or ``replaced`` fault when the file at the path is no longer this one.
        ``store_id_now`` (a callable or a value) is the id read from the file now, when known."""
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            raise StoreFault("deleted", self.path, "the file was deleted while the monitor ran") from None
        if (st.st_dev, st.st_ino) != (self.device, self.inode):
            raise StoreFault("replaced", self.path, f"inode {self.inode} is now {st.st_ino}")
        now = store_id_now() if callable(store_id_now) else store_id_now
        if self.store_id and now and now != self.store_id:
            raise StoreFault("replaced", self.path, f"store id {self.store_id} is now {now}")
