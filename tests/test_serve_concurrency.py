"""The store stays readable through Datasette while the crawler writes to it (WAL, busy timeout)."""

from __future__ import annotations

import json
import sqlite3
import threading
import time

import pytest

from conftest import run_monitor
from storage import Store
from test_serve import Server

pytestmark = pytest.mark.e2e


@pytest.fixture
def empty_store_server(tmp_path):
    db = tmp_path / "live.db"
    Store.open(db).close()
    srv = Server(db)
    yield db, srv
    srv.stop()


def armenian_toll(srv: Server) -> str | None:
    rows = srv.query("latest_figures_by_story")["rows"]
    values = [r["latest"] for r in rows if (r["side"], r["category"], r["victims"]) == ("armenia", "killed", "soldiers")]
    return values[0] if values else None


def test_json_api_reads_while_a_crawl_writes(empty_store_server, tmp_path):
    from monitor.demo.site import DemoSite, demo_sources_toml

    db, srv = empty_store_server
    seen: list[tuple[int, int]] = []  # (articles, versions) as each read saw them
    failures: list[str] = []
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            for path in (f"/{srv.name}/latest_figures_by_story.json", f"/{srv.name}/last_24_hours.json",
                         f"/{srv.name}.json?sql=select+(select+count(*)+from+articles)+a,"
                         "(select+count(*)+from+versions)+v&_shape=array"):
                status, body = srv.get(path)
                if status != 200 or "locked" in body.lower() or '"ok": false' in body:
                    failures.append(f"{status} {path}: {body[:300]}")
                elif "_shape=array" in path:
                    row = json.loads(body)[0]
                    seen.append((row["a"], row["v"]))
            time.sleep(0.01)

    with DemoSite() as site:
        base = site.start()
        sources = tmp_path / "sources.toml"
        sources.write_text(demo_sources_toml(base, interval="1h"), encoding="utf-8")
        thread = threading.Thread(target=reader, daemon=True)
        thread.start()
        tolls = []
        try:
            for number in (0, 1):
                site.round = number
                result = run_monitor("crawl", "--db", str(db), "--sources", str(sources),
                                     "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "RETRY_TIMES=0",
                                     "-s", "MONITOR_SITEMAP_RECENT_ONLY=0", "-s", "MONITOR_ALERT_CHANNELS=log",
                                     "--log-level", "WARNING", cwd=tmp_path, timeout=120)
                assert result.returncode == 0, result.stderr[-3000:]
                assert "locked" not in result.stderr.lower()
                tolls.append(armenian_toll(srv))
        finally:
            stop.set()
            thread.join(timeout=30)
    assert not failures, failures[:5]
    assert tolls == ["49", "105"]  # each crawl's writes became visible to the server at once
    assert len(seen) > 20 and seen[0] == (0, 0)  # reads ran all along, from before the first write
    assert seen == sorted(seen)  # never an older state after a newer one
    assert seen[-1][0] >= 2 and seen[-1][1] > seen[-1][0]  # round 1 added a version
    assert len(set(seen)) >= 3  # states between the first and last write were read too


def test_a_long_write_transaction_does_not_stall_readers(empty_store_server):
    db, srv = empty_store_server
    writer = sqlite3.connect(db, timeout=5, isolation_level=None)
    writer.execute("BEGIN EXCLUSIVE")  # in rollback-journal mode this would lock every reader out
    writer.execute("insert into crawl_runs (source, started_at) values ('held', '2026-01-01T00:00:00+00:00')")
    try:
        for _ in range(3):
            t0 = time.monotonic()
            status, body = srv.get(f"/{srv.name}/crawl_runs.json?_shape=array")
            assert status == 200, body[:500]
            assert time.monotonic() - t0 < 2, "a reader waited for the writer's lock"
            assert "held" not in body  # readers see the last committed state
            time.sleep(0.5)
    finally:
        writer.execute("COMMIT")
        writer.close()
    status, body = srv.get(f"/{srv.name}/crawl_runs.json?_shape=array")
    assert status == 200 and "held" in body
