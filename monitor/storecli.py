"""``monitor init``, ``monitor check`` and ``monitor backup``: the store's own commands."""

from __future__ import annotations

import argparse
import os
import sys

from storage import StoreError, resolve_db_path


def add_store_commands(sub: argparse._SubParsersAction, add_db) -> None:
    p = sub.add_parser("init", help="create the store (or check and repair an existing one)",
                       description="Create a new store at --db, or open an existing one: migrate and repair "
                                   "its schema, check its pages and that it takes writes.")
    add_db(p)
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("check", help="check the store in full (integrity, schema, writes); writes nothing",
                       description="Run PRAGMA integrity_check and foreign_key_check, compare the schema with "
                                   "what the monitor needs and try a rolled-back write. Exit 1 on any problem.")
    add_db(p)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("backup", help="copy the store consistently, even while the daemon writes",
                       description="Copy the store to PATH with SQLite's online backup API: one consistent "
                                   "snapshot, safe while `monitor schedule` runs. See the README's Backups.")
    p.add_argument("path", metavar="PATH", help="the backup file to write (must not exist unless --force)")
    add_db(p)
    p.add_argument("--force", action="store_true", help="overwrite PATH if it exists")
    p.set_defaults(func=cmd_backup)


def cmd_init(args: argparse.Namespace) -> int:
    from storage import Store

    db = resolve_db_path(args.db)
    existed = os.path.exists(db)
    with Store.open(db, check=True) as store:
        store_id = store.store_id()
    print(f"{'store' if existed else 'created store'} {db}: ready (store id {store_id})")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from storage.checks import run_checks

    db = resolve_db_path(args.db)
    findings = run_checks(db)
    print(f"store {db}")
    for finding in findings:
        print(f"  {finding.line()}")
    bad = [f for f in findings if not f.ok]
    if bad:
        raise StoreError(f"store {db}: {len(bad)} problem{'s' if len(bad) > 1 else ''} "
                         f"({bad[0].name}: {bad[0].detail})")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from storage.backup import backup

    db = resolve_db_path(args.db)
    counts = backup(db, args.path, overwrite=args.force)
    size = os.path.getsize(args.path) / 1e6
    print(f"backup {args.path}: {size:.1f} MB, " + ", ".join(f"{n} {t}" for t, n in counts.items()),
          file=sys.stdout)
    return 0
