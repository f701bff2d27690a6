"""`monitor schedule` as a long-running daemon, driven in a subprocess against the demo site on 127.0.0.1.

A Twisted reactor cannot restart within one process, so every daemon is a fresh
``python -m monitor schedule``; its log lines are read as they come, with their arrival times.
"""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import REPO

pytestmark = pytest.mark.e2e

FAST = ["-s", "AUTOTHROTTLE_ENABLED=0", "-s", "RETRY_TIMES=0", "-s", "MONITOR_SITEMAP_RECENT_ONLY=0",
        "-s", "MONITOR_ALERT_CHANNELS=log", "-s", "DOWNLOAD_TIMEOUT=20"]


class Daemon:
    """``monitor schedule`` in a subprocess; ``lines`` holds ``(monotonic time, stderr line)``."""

    def __init__(self, db: Path, sources: Path, *extra: str):
        env = dict(os.environ, MONITOR_PROGRESS="off")
        env.pop("MONITOR_DB", None)
        env.pop("MONITOR_SOURCES", None)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "monitor", "schedule", "--db", str(db), "--sources", str(sources), *FAST, *extra],
            cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.lines: list[tuple[float, str]] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.append((time.monotonic(), line.rstrip("\n")))

    def times(self, pattern: str, since: float = 0.0) -> list[float]:
        regex = re.compile(pattern)
        return [t for t, line in list(self.lines) if t >= since and regex.search(line)]

    def wait_for(self, pattern: str, count: int = 1, timeout: float = 30.0, since: float = 0.0) -> list[float]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.times(pattern, since)
            if len(found) >= count:
                return found
            if self.proc.poll() is not None:
                break
            time.sleep(0.02)
        raise AssertionError(f"no {count}x {pattern!r} in time; log tail:\n{self.text()[-3000:]}")

    def text(self) -> str:
        return "\n".join(line for _, line in list(self.lines))

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30.0) -> int:
        self.proc.send_signal(sig)
        rc = self.proc.wait(timeout=timeout)
        self._reader.join(timeout=5)
        return rc

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)


@pytest.fixture
def daemons():
    started: list[Daemon] = []

    def start(*args, **kwargs) -> Daemon:
        d = Daemon(*args, **kwargs)
        started.append(d)
        return d

    yield start
    for d in started:
        if d.proc.poll() is None:
            os.kill(d.proc.pid, signal.SIGCONT)
        d.kill()


@pytest.fixture
def site():
    from monitor.demo.site import DemoSite

    with DemoSite() as s:
        yield s


def write_sources(path: Path, base: str, *, interval: str, extra_urls: tuple[str, ...] = (),
                  names: tuple[str, ...] = ("wire",)) -> Path:
    blocks = []
    for name in names:
        urls = ", ".join(f'"{u}"' for u in (f"{base}/wire/rss.xml", *extra_urls))
        blocks.append(f'[[source]]\nname = "{name}"\nkind = "feed"\nstart_urls = [{urls}]\n'
                      f'allowed_domains = ["127.0.0.1"]\ninterval = "{interval}"\n')
    path.write_text("\n".join(blocks), encoding="utf-8")
    return path


def db_rows(db: Path, sql: str, *params) -> list[dict]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


START = r"source {}: run starting"
DONE = r"\[monitor\.runs\] INFO: source {}: run finished"


def test_runs_of_one_source_never_overlap(tmp_path, site, daemons):
    # Each run waits 2.5 s for a slow page while the schedule asks for one every second.
    sources = write_sources(tmp_path / "s.toml", site.base_url, interval="1s",
                            extra_urls=(f"{site.base_url}/faults/slow?seconds=2.5",))
    d = daemons(tmp_path / "m.db", sources)
    d.wait_for(DONE.format("wire"), count=2, timeout=40)
    assert d.stop() == 0
    # the scheduler did try to start runs while one was going, and skipped them
    assert d.times(r"source wire: run due but the previous run is still going; skipped")
    events = sorted([(t, "start") for t in d.times(START.format("wire"))]
                    + [(t, "done") for t in d.times(DONE.format("wire"))])
    kinds = [k for _, k in events]
    assert kinds[:4] == ["start", "done", "start", "done"], kinds
    assert all(a != b for a, b in zip(kinds, kinds[1:])), kinds  # strictly alternating: never two at once
    runs = db_rows(tmp_path / "m.db", "select started_at, finished_at from crawl_runs order by id")
    for previous, current in zip(runs, runs[1:]):
        assert current["started_at"] >= previous["finished_at"]


def test_missed_runs_are_coalesced_into_one(tmp_path, site, daemons):
    from datetime import datetime, timedelta, timezone

    sources = write_sources(tmp_path / "s.toml", site.base_url, interval="3s")
    d = daemons(tmp_path / "m.db", sources)
    d.wait_for(DONE.format("wire"), count=1, timeout=30)
    # The run's summary line comes a moment before its job ends; stopped in between, the scheduler
    # would rightly skip the first missed time as overlapping (max_instances=1)
    time.sleep(0.5)
    os.kill(d.proc.pid, signal.SIGSTOP)  # the daemon misses at least two run times (every 3 s)
    time.sleep(7.0)
    resumed, resumed_wall = time.monotonic(), datetime.now(timezone.utc)
    os.kill(d.proc.pid, signal.SIGCONT)
    d.wait_for(DONE.format("wire"), count=1, timeout=20, since=resumed)
    time.sleep(1.0)
    assert d.stop() == 0
    # Each run's start line gives the time it was due (APScheduler's scheduled time). At least two run times passed
    # while the daemon was stopped; coalesced, they fold into one run (scheduled for the latest of
    # them), so at most one run after the resume is scheduled before the resume. Without coalescing,
    # every missed time runs (the scheduler's clock may have passed one more time by then, which is
    # why the count is taken against the resume itself).
    # A missed time that could not start because the previous one was running is logged as skipped.
    scheduled, skipped = [], 0
    for t, line in d.lines:
        match = re.search(r"source wire: run starting \(due ([^)]+)\)", line)
        if t >= resumed and match:
            scheduled.append(datetime.fromisoformat(match.group(1)))
        if t >= resumed and re.search(r"source wire: run due but the previous run is still going; skipped", line):
            skipped += 1
    assert scheduled, d.text()[-2500:]
    # the start line gives the due time to the second (truncated), so a run due up to a second after
    # the resume reads as earlier than it: only a time a whole second before the resume was missed
    missed = [when for when in scheduled if when + timedelta(seconds=1) <= resumed_wall]
    assert len(missed) + skipped <= 1, d.text()[-2500:]  # all missed run times folded into one run


def test_restart_resumes_without_an_immediate_recrawl(tmp_path, site, daemons):
    db = tmp_path / "m.db"
    hourly = write_sources(tmp_path / "hourly.toml", site.base_url, interval="1h", names=("wire", "wire2"))
    first = daemons(db, hourly)
    first.wait_for(DONE.format("wire2?"), count=2, timeout=30)
    assert first.stop(signal.SIGINT) == 0  # Ctrl-C stops it cleanly too
    assert len(db_rows(db, "select id from crawl_runs")) == 2
    state = {r["source"]: r for r in db_rows(db, "select * from source_state")}
    assert set(state) == {"wire", "wire2"} and all(r["last_run_finished_at"] for r in state.values())

    second = daemons(db, hourly)
    scheduled = second.wait_for(r"source wire2?: every 1h, last run 20", count=2, timeout=30)
    time.sleep(max(0.0, scheduled[-1] + 2.0 - time.monotonic()))
    assert not second.times(r"run starting"), second.text()[-2000:]
    assert second.stop() == 0
    assert len(db_rows(db, "select id from crawl_runs")) == 2  # nothing re-crawled

    # A schedule whose next time passed while the daemon was down: one run at once, not one per missed time.
    fast = write_sources(tmp_path / "fast.toml", site.base_url, interval="1s", names=("wire",))
    third = daemons(db, fast)
    third.wait_for(DONE.format("wire"), count=1, timeout=30)
    assert third.stop() == 0
    assert len(third.times(r"source wire: run starting")) <= 2


def test_sigterm_mid_run_leaves_the_database_consistent(tmp_path, site, daemons):
    db = tmp_path / "m.db"
    sources = write_sources(tmp_path / "s.toml", site.base_url, interval="1h",
                            extra_urls=(f"{site.base_url}/faults/slow?seconds=4",))
    d = daemons(db, sources)
    d.wait_for(START.format("wire"), timeout=30)
    deadline = time.monotonic() + 20
    while not db_rows(db, "select id from versions") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert db_rows(db, "select id from versions"), "the run stored nothing before the signal"
    assert not d.times(DONE.format("wire")), "the run finished before the signal: make the slow page slower"
    t0 = time.monotonic()
    assert d.stop(signal.SIGTERM) == 0
    assert time.monotonic() - t0 < 15
    assert d.times(r"received SIGTERM: no new runs; finishing the runs in flight \(wire\)")

    conn = sqlite3.connect(db)
    try:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        assert conn.execute("pragma foreign_key_check").fetchall() == []
        # every article's current version exists, with contiguous numbers and its sections
        for article_id, current in conn.execute("select id, current_version from articles"):
            numbers = [n for (n,) in conn.execute(
                "select version from versions where article_id = ? order by version", (article_id,))]
            assert numbers == list(range(1, current + 1))
        assert conn.execute("select count(*) from versions v where not exists "
                            "(select 1 from sections s where s.version_id = v.id)").fetchone()[0] == 0
        runs = conn.execute("select finished_at, finish_reason from crawl_runs").fetchall()
        assert runs and all(finished for finished, _ in runs), d.text()[-3000:]
        assert runs[-1][1] == "shutdown"
    finally:
        conn.close()
