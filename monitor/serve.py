"""``monitor serve``: Datasette over the store, read-only, with the desk's metadata, queries and chart.

What it runs is plain Datasette 0.65 (``datasette serve``) with three things the project ships in
``monitor/datasette/``: ``metadata.yml`` (descriptions, canned queries, the casualty dashboard of
datasette-dashboards) and ``plugins/`` (a busy timeout, a safe full-text query function, highlighted
search snippets and coloured diffs). :func:`datasette_command` returns the equivalent command line.

Before serving, the store's schema and views are brought up to date (the only write; skipped with a
warning if the file is not writable). Datasette then opens the file with ``mode=ro`` connections:
it never writes, and in WAL mode it reads while the crawler writes.
"""

from __future__ import annotations

import os
import shlex
import sqlite3
import sys
import tempfile
from pathlib import Path
from typing import Any, Sequence

DATASETTE_DIR = Path(__file__).resolve().parent / "datasette"
METADATA = DATASETTE_DIR / "metadata.yml"
PLUGINS_DIR = DATASETTE_DIR / "plugins"
METADATA_DB_KEY = "monitor"  # the database key in metadata.yml: the name Datasette gives monitor.db
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8001
#: Datasette settings of the desk, set explicitly (`--setting NAME VALUE`): a query runs at most 3 s,
#: a page or JSON answer holds at most 1,000 rows, facets get 200 ms, a CSV export stops at 20 MB, and
#: the whole-file download is off (it would hand over the operational tables too).
DESK_SETTINGS = {"sql_time_limit_ms": "3000", "max_returned_rows": "1000", "facet_time_limit_ms": "200",
                 "max_csv_mb": "20", "allow_download": "off"}
#: Operational tables: delivery bookkeeping, HTTP validators, scheduler state, MinHash signatures.
#: Not listed and their pages refused (403) unless served with ``--show-operational``.
OPERATIONAL_TABLES = ("alert_deliveries", "url_state", "source_state", "article_signatures")
#: Environment variables of the desk's login (datasette-auth-passwords, HTTP Basic).
PASSWORD_HASH_ENV = "MONITOR_DESK_PASSWORD_HASH"
USER_ENV = "MONITOR_DESK_USER"
DEFAULT_USER = "analyst"


class ServeError(RuntimeError):
    """The store cannot be served; the message says why."""


def database_name(db_path: str | os.PathLike[str]) -> str:
    """The name Datasette gives a database file: its stem (``/x/demo.db`` -> ``demo``)."""
    return Path(db_path).stem


def load_metadata(db_name: str = METADATA_DB_KEY) -> dict[str, Any]:
    """The shipped metadata with its database key (and the dashboards' ``db``) renamed to ``db_name``."""
    import yaml

    metadata = yaml.safe_load(METADATA.read_text(encoding="utf-8"))
    databases = metadata.get("databases", {})
    if db_name != METADATA_DB_KEY and METADATA_DB_KEY in databases:
        databases[db_name] = databases.pop(METADATA_DB_KEY)
    for dashboard in (metadata.get("plugins", {}).get("datasette-dashboards") or {}).values():
        for part in ("charts", "filters"):
            for item in (dashboard.get(part) or {}).values():
                if item.get("db") == METADATA_DB_KEY:
                    item["db"] = db_name
    return metadata


def is_loopback(host: str) -> bool:
    """True for addresses only this machine can reach (127.0.0.0/8, ::1, localhost).

    >>> is_loopback("127.0.0.1"), is_loopback("::1"), is_loopback("localhost"), is_loopback("0.0.0.0")
    (True, True, True, False)
    """
    import ipaddress

    if host.strip().lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def access_policy(metadata: dict[str, Any], db_name: str, *, host: str, insecure_public: bool,
                  show_operational: bool, environ: Any = os.environ) -> list[str]:
    """Apply who-may-see-what to ``metadata`` in place; return warning lines.

    Beyond loopback the desk needs a login (HTTP Basic, datasette-auth-passwords, the account
    ``$MONITOR_DESK_USER`` with the hash in ``$MONITOR_DESK_PASSWORD_HASH``), unless
    ``insecure_public``. A hash set in the environment turns the login on for loopback too.
    """
    warnings = []
    password_hash = environ.get(PASSWORD_HASH_ENV, "").strip()
    if password_hash:
        user = environ.get(USER_ENV, "").strip() or DEFAULT_USER
        metadata.setdefault("plugins", {})["datasette-auth-passwords"] = {
            "http_basic_auth": True, f"{user}_password_hash": {"$env": PASSWORD_HASH_ENV}}
    elif not is_loopback(host):
        if not insecure_public:
            raise ServeError(f"listening on {host} makes the desk reachable from other machines: set "
                             f"{PASSWORD_HASH_ENV} (make one with `datasette hash-password`; user "
                             f"${USER_ENV}, default {DEFAULT_USER!r}) to require a login, or pass "
                             "--insecure-public to serve it to anyone who can reach the port")
        warnings.append(f"serving on {host} WITHOUT authentication (--insecure-public): anyone who can reach "
                        "this port can read every shown table and run read-only SQL")
    if not show_operational:
        tables = metadata.setdefault("databases", {}).setdefault(db_name, {}).setdefault("tables", {})
        for name in OPERATIONAL_TABLES:
            tables.setdefault(name, {}).update({"hidden": True, "allow": False})
    return warnings


def prepare_store(db_path: str) -> list[str]:
    """Bring schema, views and WAL mode up to date; return warnings (empty when all went well)."""
    from storage import Store, StoreError
    from storage.views import ensure_views

    try:
        store = Store.open(db_path)  # schema + WAL; waits for a crawler's write lock (busy timeout)
    except StoreError as exc:
        return [f"could not update the store's schema and views ({exc}); serving it as it is"]
    try:
        ensure_views(store.db)  # also for stores whose schema was already current
    except sqlite3.Error as exc:
        return [f"could not update the store's views ({exc}); serving it as it is"]
    finally:
        store.close()
    return []


def datasette_command(db_path: str, metadata_path: str | os.PathLike[str], *, host: str = DEFAULT_HOST,
                      port: int = DEFAULT_PORT, extra: Sequence[str] = ()) -> list[str]:
    """The ``datasette serve`` arguments ``monitor serve`` runs (without the program name)."""
    return [
        "serve", os.fspath(db_path),
        "--metadata", os.fspath(metadata_path),
        "--plugins-dir", os.fspath(PLUGINS_DIR),
        "--host", host, "--port", str(port),
        *[arg for name, value in DESK_SETTINGS.items() for arg in ("--setting", name, value)],
        *extra,
    ]


def free_port(host: str) -> int:
    """A port on ``host`` that is free now (the kernel picks it; released for Datasette to bind)."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            sock.bind((host, 0))
            return int(sock.getsockname()[1])
    except OSError as exc:
        raise ServeError(f"cannot listen on {host}: {exc.strerror or exc}") from None


def serve(db_path: str, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, extra: Sequence[str] = (),
          prepare: bool = True, err=sys.stderr, insecure_public: bool = False,
          show_operational: bool = False) -> int:
    """Run Datasette on ``db_path`` until interrupted; returns its exit status."""
    path = Path(db_path)
    if not path.is_file():
        raise ServeError(f"cannot serve {db_path}: no such file (run a crawl or `monitor demo` first)")
    try:
        from datasette.cli import cli
    except ImportError:  # pragma: no cover - datasette is a dependency
        raise ServeError("Datasette is not installed: pip install -r requirements.lock") from None
    metadata = load_metadata(database_name(path))
    warnings = access_policy(metadata, database_name(path), host=host, insecure_public=insecure_public,
                             show_operational=show_operational)
    if prepare:
        warnings += prepare_store(str(path))
    for warning in warnings:
        print(f"monitor: warning: {warning}", file=err)

    import yaml

    if port == 0:  # print the address people can open, not ":0"
        port = free_port(host)
    with tempfile.TemporaryDirectory(prefix="monitor-serve-") as tmp:
        metadata_path = Path(tmp) / "metadata.yml"
        metadata_path.write_text(yaml.safe_dump(metadata, allow_unicode=True, sort_keys=False), encoding="utf-8")
        args = datasette_command(str(path), metadata_path, host=host, port=port, extra=extra)
        shown = datasette_command(str(path), METADATA, host=host, port=port, extra=extra)
        renamed = "" if database_name(path) == METADATA_DB_KEY else \
            f"  (with the metadata's database key {METADATA_DB_KEY!r} renamed to {database_name(path)!r})"
        print(f"monitor: serving {path} read-only with Datasette on http://{host}:{port}/ (Ctrl-C to stop)\n"
              f"monitor: same as: datasette {shlex.join(shown)}{renamed}", file=err, flush=True)
        try:
            cli.main(args=args, prog_name="datasette", standalone_mode=False)
        except KeyboardInterrupt:
            return 0
        except SystemExit as exc:  # click or uvicorn asked to exit
            return exc.code if isinstance(exc.code, int) else 1
        except Exception as exc:  # noqa: BLE001 - click usage errors and the like: one line, exit 1
            import click

            if isinstance(exc, click.ClickException):
                raise ServeError(f"datasette: {exc.format_message()}") from None
            raise
    return 0
