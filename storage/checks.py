"""``monitor check``: every test of a store, each reported as one line; nothing is written.

The same conditions as :meth:`storage.Store.open` finds (see :mod:`storage.health`), but in full:
``PRAGMA integrity_check`` and ``foreign_key_check`` instead of the quick check, every schema
problem instead of the first refusal, and a rolled-back write on a connection of its own.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from . import health
from .schema import INDEXES, SCHEMA_VERSION, TABLES


@dataclass
class Finding:
    name: str
    ok: bool
    detail: str

    def line(self) -> str:
        return f"{'ok     ' if self.ok else 'PROBLEM'} {self.name}: {self.detail}"


def run_checks(path: str) -> list[Finding]:
    """Findings for the store at ``path``, in order; the first failing open stops the list."""
    if not Path(path).is_file():
        return [Finding("file", False, "no such file (`monitor init` creates a store)")]
    found = [Finding("file", True, f"{Path(path).stat().st_size / 1e6:.1f} MB")]
    try:
        conn = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True, timeout=5)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        return found + [Finding("format", False, str(exc))]
    try:
        if version > SCHEMA_VERSION:
            return found + [Finding("version", False, f"schema {version}, newer than this monitor's {SCHEMA_VERSION}")]
        found.append(Finding("version", version == SCHEMA_VERSION,
                             f"schema {version}" + ("" if version == SCHEMA_VERSION else
                                                    f" (a writable open migrates it to {SCHEMA_VERSION})")))
        problems = health.integrity_check(conn)
        found.append(Finding("integrity", not problems, "; ".join(problems[:5]) or "integrity_check ok"))
        try:
            report = health.schema_report(conn, TABLES, INDEXES)
        except sqlite3.DatabaseError as exc:
            return found + [Finding("schema", False, f"cannot be read: {exc}")]
        if report.fatal:
            found.append(Finding("schema", False, "cannot be repaired: " + "; ".join(report.fatal)))
        if report.repairable:
            found.append(Finding("schema", False, "repairable (any writable open, e.g. `monitor init`, repairs it): "
                                 + "; ".join(report.repairable)))
        if report.ok:
            found.append(Finding("schema", True, f"{len(TABLES)} tables with every column the monitor needs"))
        found.append(_identity(conn))
    finally:
        conn.close()
    found.append(_writable(path))
    return found


def _identity(conn: sqlite3.Connection) -> Finding:
    try:
        meta = dict(conn.execute("select key, value from store_meta").fetchall())
    except sqlite3.DatabaseError:
        return Finding("identity", True, "no store id yet (written by the next writable open)")
    return Finding("identity", True, f"store id {meta.get('store_id')}, created {meta.get('created_at')}")


def _writable(path: str) -> Finding:
    if not os.access(path, os.W_OK) or not os.access(Path(path).resolve().parent, os.W_OK):
        return Finding("writes", False, "the file or its folder is not writable")
    try:
        conn = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=rw", uri=True, timeout=5)
        try:
            health.probe_writes(conn, path)
        finally:
            conn.close()
    except health.StoreFault as fault:
        return Finding("writes", False, f"{fault.kind}: {fault.detail}")
    except sqlite3.DatabaseError as exc:
        return Finding("writes", False, str(exc))
    free = health.free_bytes(path)
    return Finding("writes", True, "a test write succeeded (rolled back)"
                   + (f"; {free / 1e9:.1f} GB free on its disk" if free is not None else ""))
