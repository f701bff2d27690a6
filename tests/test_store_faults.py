"""Issue 19, rows 2, 3, 6–10 and backups: each store fault found at open and named once, with real SQLite files."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time

import pytest

from conftest import REPO, run_monitor
from store_drill_site import FAST, DrillSite, version_record
from storage import Store, StoreError, StoreFault
from storage.backup import backup
from storage.checks import run_checks


@pytest.fixture
def site():
    s = DrillSite(3)
    yield s
    s.close()


def one_error_line(result) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr[-3000:]
    assert lines[0].startswith("monitor: error: "), lines
    return lines[0]


# -- row 6: schema damaged, corrupt pages ------------------------------------------------------
def test_missing_table_and_column_at_current_version_are_repaired(db_path):
    Store.open(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute("drop table alert_deliveries")
    conn.execute("alter table alerts drop column claimed_until")
    conn.commit()
    conn.close()
    assert any(not f.ok and f.name == "schema" for f in run_checks(db_path))
    with Store.open(db_path) as store:
        assert store.db.table("alert_deliveries").exists()
        assert "claimed_until" in store.db.table("alerts").columns_dict
    assert all(f.ok for f in run_checks(db_path))


def test_missing_table_whose_rows_are_referred_to_is_refused(db_path):
    with Store.open(db_path) as store:
        store.save_version(version_record(), None)
    conn = sqlite3.connect(db_path)
    conn.execute("pragma foreign_keys = off")
    conn.execute("drop table articles")
    conn.commit()
    conn.close()
    with pytest.raises(StoreFault, match=r"schema damaged \(table articles is missing but 1 versions rows"):
        Store.open(db_path)
    result = run_monitor("alerts", "--deliver", "--db", db_path, "--channel", "log")
    assert result.returncode == 1
    assert "schema damaged" in one_error_line(result)


def corrupt_copy(db_path, tmp_path):
    with Store.open(db_path) as store:
        for i in range(30):
            store.save_version(version_record(f"https://example.com/{i}", f"{i} killed " * 400), None)
    conn = sqlite3.connect(db_path)
    conn.execute("pragma wal_checkpoint(truncate)")
    conn.close()
    bad = tmp_path / "corrupt.db"
    data = bytearray(open(db_path, "rb").read())
    page = 4096
    for p in range(3, len(data) // page - 1, 2):  # leave the header page; overwrite every other page
        data[p * page + 8:p * page + 200] = b"\xff" * 192
    bad.write_bytes(bytes(data))
    return str(bad)


def test_corrupt_pages_are_found_at_open_and_by_monitor_check(db_path, tmp_path):
    bad = corrupt_copy(db_path, tmp_path)
    with pytest.raises(StoreFault, match="corrupt"):
        Store.open(bad, check=True)
    result = run_monitor("check", "--db", bad)
    assert result.returncode == 1
    assert "PROBLEM integrity" in result.stdout
    assert result.stderr.startswith("monitor: error: store ")
    good = run_monitor("check", "--db", db_path)
    assert good.returncode == 0, good.stdout + good.stderr


def test_newer_store_is_refused_with_advice(db_path):
    Store.open(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute("pragma user_version = 999")
    conn.close()
    result = run_monitor("init", "--db", db_path)
    assert result.returncode == 1
    assert "written by a newer monitor" in one_error_line(result) and "upgrade the monitor" in result.stderr


# -- row 3: not writable -----------------------------------------------------------------------
def make_read_only(path) -> callable:
    """Make ``path`` unwritable (chmod, or chattr +i for root); returns the undo, or skips."""
    if os.geteuid() != 0:
        os.chmod(path, 0o444)
        return lambda: os.chmod(path, 0o644)
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
        pytest.skip("root, and chattr +i is not available here: cannot make a file unwritable")
    return lambda: subprocess.run(["chattr", "-i", str(path)], check=True)


def test_read_only_store_is_one_line_and_nothing_is_fetched(tmp_path, site):
    db = tmp_path / "ro.db"
    Store.open(str(db)).close()
    undo = make_read_only(db)
    try:
        result = run_monitor("crawl", "--db", str(db), "--sources", str(site.sources(tmp_path / "s.toml")), *FAST)
    finally:
        undo()
    assert result.returncode == 1
    line = one_error_line(result)
    assert "cannot be written" in line and str(db) in line and "permissions" in line
    assert site.hits == []


# -- row 2: a lock held by another process delays the crawl_runs row, never loses it ------------
def test_crawl_runs_row_survives_a_lock_held_at_start(tmp_path, site):
    db = tmp_path / "locked.db"
    Store.open(str(db)).close()
    holder = sqlite3.connect(db)
    holder.execute("BEGIN IMMEDIATE")
    env = dict(os.environ)
    env.pop("MONITOR_DB", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "monitor", "crawl", "--db", str(db), "--sources", str(site.sources(tmp_path / "s.toml")),
         *FAST, "-s", "MONITOR_DB_BUSY_TIMEOUT=1"], cwd=REPO, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen = []
    try:
        for line in proc.stderr:
            seen.append(line)
            if "crawl_runs row delayed" in line:
                break
    finally:
        holder.rollback()
        holder.close()
    out, err = proc.communicate(timeout=180)
    err = "".join(seen) + err
    assert proc.returncode == 0, err[-3000:]
    assert "crawl_runs row delayed" in err
    conn = sqlite3.connect(db)
    rows = conn.execute("select source, finished_at, finish_reason from crawl_runs").fetchall()
    conn.close()
    assert len(rows) == 1 and rows[0][1] is not None and rows[0][2] == "finished"
    assert out.startswith("wire: finished;")


# -- row 7: two processes creating one new store ------------------------------------------------
def test_processes_creating_one_store_at_once_wait_for_each_other(tmp_path):
    db = tmp_path / "new.db"
    env = dict(os.environ)
    env.pop("MONITOR_DB", None)
    procs = [subprocess.Popen([sys.executable, "-m", "monitor", "init", "--db", str(db)], cwd=REPO, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(6)]
    results = [p.communicate(timeout=120) + (p.returncode,) for p in procs]
    for out, err, rc in results:
        assert rc == 0, err
        assert "locked" not in err
    ids = {out.split("store id ")[1].strip(") \n") for out, _, _ in results}
    assert len(ids) == 1  # one store, created once


# -- rows 8 and 9: sources ---------------------------------------------------------------------
def test_no_enabled_sources_is_one_line_for_crawl_and_schedule(tmp_path, site):
    sources = site.sources(tmp_path / "s.toml", enabled=False)
    for command in ("crawl", "schedule"):
        result = run_monitor(command, "--db", str(tmp_path / "x.db"), "--sources", str(sources), timeout=60)
        assert result.returncode == 1
        assert "no enabled sources" in one_error_line(result)
        assert str(sources) in result.stderr


@pytest.mark.parametrize("line, message", [
    ('start_urls = ["http://127.0.0.1:1/a feed.xml"]', r"start_urls: .* contains a space"),
    ('start_urls = ["http:///rss.xml"]', r"start_urls: no host"),
    ('start_urls = ["ftp://example.com/rss.xml"]', r"start_urls: not an http\(s\) URL"),
    ('start_urls = ["https://exa mple.com/"]', r"contains a space"),
    ('start_urls = ["https://example.com:99999/"]', r"not a valid URL"),
    ('interval = "999999999d"', r"interval: .*far too long|interval: at most 366d"),
    ('interval = "400d"', r"interval: at most 366d"),
    ('jitter = "3d"', r"jitter: at most 1d"),
    ('cron = "61 * * * *"', r"cron: invalid cron expression"),
    ('cron = "0 0 30 2 *"', r"cron: cron expression .* never fires"),
])
def test_sources_out_of_bounds_are_one_line_naming_file_and_key(tmp_path, line, message):
    from monitor.sources import SourcesError, parse_sources

    key = line.split(" =")[0]
    body = {"start_urls": 'start_urls = ["https://example.com/rss.xml"]'}
    body[key] = line
    text = '[[source]]\nname = "wire"\nkind = "feed"\n' + "\n".join(body.values()) + "\n"
    with pytest.raises(SourcesError, match=message) as info:
        parse_sources(text, "my-sources.toml")
    assert str(info.value).startswith("my-sources.toml: source 'wire'.")
    assert "\n" not in str(info.value)


# -- row 10: the summary lists this process's runs only ------------------------------------------
def test_summary_lists_only_this_process_runs(tmp_path, site):
    db = tmp_path / "s.db"
    with Store.open(str(db)) as store:  # another process's run, still going (no figures yet)
        store.start_run("other", "FeedSpider", "2026-01-01T00:00:00+00:00")
    result = run_monitor("crawl", "--db", str(db), "--sources", str(site.sources(tmp_path / "s.toml")), *FAST)
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("wire: finished; ") and "None" not in result.stdout


# -- backups ------------------------------------------------------------------------------------
def test_backup_is_consistent_while_another_process_writes(tmp_path):
    db = str(tmp_path / "live.db")
    Store.open(db).close()
    writer = subprocess.Popen([sys.executable, "-c", WRITER, db], cwd=REPO)
    try:
        time.sleep(1.0)
        for n in range(3):
            target = tmp_path / f"backup-{n}.db"
            counts = backup(db, str(target))
            conn = sqlite3.connect(target)
            assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
            # every article's versions are all there: never half a version
            assert conn.execute("select count(*) from articles a where current_version != "
                                "(select count(*) from versions v where v.article_id = a.id)").fetchone()[0] == 0
            assert conn.execute("pragma journal_mode").fetchone()[0] == "delete"
            conn.close()
            assert counts["versions"] >= 0
            time.sleep(0.3)
    finally:
        writer.kill()
        writer.wait()
    assert writer.returncode is not None
    with pytest.raises(StoreError, match="exists"):
        backup(db, str(tmp_path / "backup-0.db"))
    result = run_monitor("backup", str(tmp_path / "cli.db"), "--db", db)
    assert result.returncode == 0 and result.stdout.startswith(f"backup {tmp_path / 'cli.db'}: ")


WRITER = """
import sys, itertools
sys.path.insert(0, ".")
sys.path.insert(0, "tests")
from storage import Store
from store_drill_site import version_record
with Store.open(sys.argv[1]) as store:
    aid = None
    for i in itertools.count():
        if i % 3 == 0:
            aid = None
        aid, _, _ = store.save_version(version_record(f"https://example.com/{i // 3}", f"{i} killed " * 50), aid)
"""


def test_read_only_commands_name_a_missing_table_instead_of_a_traceback(db_path):
    Store.open(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute("drop table alert_deliveries")
    conn.commit()
    conn.close()
    result = run_monitor("alerts", "--db", db_path)
    assert result.returncode == 1
    line = one_error_line(result)
    assert "schema incomplete (table alert_deliveries is missing)" in line and "monitor init" in line
    assert run_monitor("init", "--db", db_path).returncode == 0  # repairs it
    assert run_monitor("alerts", "--db", db_path).returncode == 0


def test_first_crawl_on_a_fresh_path_creates_the_store_and_says_so(tmp_path, site):
    db = tmp_path / "fresh.db"
    result = run_monitor("crawl", "--db", str(db), "--sources", str(site.sources(tmp_path / "s.toml")), *FAST)
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"monitor: created a new store at {db}" in result.stderr
    again = run_monitor("crawl", "--db", str(db), "--sources", str(site.sources(tmp_path / "s.toml")), *FAST)
    assert again.returncode == 0 and "created a new store" not in again.stderr
