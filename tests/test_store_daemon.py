"""Issue 19, rows 3–5 under a running `monitor schedule` (a subprocess): a store that cannot take writes
pauses fetching and resumes; a store deleted or replaced under the daemon stops it with one line."""

from __future__ import annotations

import os
import sqlite3
import time

import pytest

from conftest import run_monitor
from store_drill_site import FAST as DRILL_FAST, DrillSite
from test_daemon import Daemon
from test_store_faults import make_read_only

pytestmark = pytest.mark.e2e

DONE = r"\[monitor\.runs\] INFO: source wire: run finished"


@pytest.fixture
def site():
    s = DrillSite(3)
    yield s
    s.close()


@pytest.fixture
def daemon_for(tmp_path, site):
    started: list[Daemon] = []

    def start() -> Daemon:
        db = tmp_path / "d.db"
        d = Daemon(db, site.sources(tmp_path / "s.toml", interval="2s"), *DRILL_FAST)
        started.append(d)
        return d

    yield start
    for d in started:
        d.kill()


def test_unwritable_store_pauses_the_daemon_and_it_resumes(tmp_path, site, daemon_for):
    d = daemon_for()
    d.wait_for(DONE, timeout=90)
    undo = make_read_only(tmp_path / "d.db")
    try:
        t0 = d.wait_for(r"cannot be written.*no source runs until it can take writes", timeout=30)[0]
        hits = len(site.hits)
        time.sleep(6)  # three ticks
        assert len(site.hits) == hits  # nothing fetched while the store cannot take writes
        assert len(d.times(r"cannot be written", since=t0)) == 1  # one line, not one per tick
    finally:
        undo()
    t1 = d.wait_for(r"takes writes again; runs resume", timeout=30)[0]
    d.wait_for(DONE, since=t1, timeout=60)
    assert len(site.hits) > hits
    assert d.stop() == 0


def test_store_deleted_under_the_daemon_stops_it_and_is_not_recreated(tmp_path, daemon_for):
    d = daemon_for()
    d.wait_for(DONE, timeout=90)
    db = tmp_path / "d.db"
    os.remove(db)
    d.wait_for(r"was deleted while the monitor ran.*the daemon stops", timeout=30)
    rc = d.proc.wait(timeout=60)
    assert rc == 4, d.text()[-3000:]
    assert not db.exists()  # never silently replaced by a new empty store
    assert d.text().rstrip().splitlines()[-1].startswith("monitor: error: store ")
    assert "Traceback" not in d.text()


def test_store_replaced_under_the_daemon_stops_it_and_the_replacement_is_intact(tmp_path, daemon_for):
    d = daemon_for()
    d.wait_for(DONE, timeout=90)
    db = tmp_path / "d.db"
    copy = tmp_path / "restore.db"
    assert run_monitor("backup", str(copy), "--db", str(db)).returncode == 0  # while the daemon runs
    os.replace(copy, db)  # a restore without stopping the daemon
    d.wait_for(r"was replaced by another file.*the daemon stops", timeout=30)
    assert d.proc.wait(timeout=60) == 4, d.text()[-3000:]
    assert "Traceback" not in d.text()
    check = run_monitor("check", "--db", str(db))
    assert check.returncode == 0, check.stdout + check.stderr  # the old -wal did not corrupt it
    conn = sqlite3.connect(db)
    assert conn.execute("select count(*) from articles").fetchone()[0] == 3
    conn.close()
