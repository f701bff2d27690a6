"""`monitor status`: per source, from the store alone, also while another process writes."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from datetime import datetime, timedelta, timezone

from conftest import run_monitor
from storage import Store
from storage.frontier import Link

SOURCES = """
[[source]]
name = "news"
kind = "feed"
start_urls = ["http://127.0.0.1:9/feed.xml"]
interval = "1h"

[[source]]
name = "later"
kind = "sitemap"
start_urls = ["http://127.0.0.1:9/sitemap.xml"]
cron = "0 6 * * *"

[[source]]
name = "off"
kind = "feed"
start_urls = ["http://127.0.0.1:9/off.xml"]
enabled = false
"""


def make_store(tmp_path):
    db = tmp_path / "m.db"
    sources = tmp_path / "s.toml"
    sources.write_text(SOURCES, encoding="utf-8")
    started = (datetime.now(timezone.utc) - timedelta(minutes=10)).isoformat(timespec="seconds")
    with Store.open(db) as store:
        run = store.start_run("news", "FeedSpider", started)
        store.finish_run(run, "news", {"finished_at": started, "finish_reason": "shutdown", "errors": 3, "pages": 9})
        store.start_run("later", "SitemapSpider", started)  # never finished: killed, or still going
        store.frontier_record_index("news", "http://127.0.0.1:9/feed.xml",
                                    [Link("http://127.0.0.1:9/a/1"), Link("http://127.0.0.1:9/a/2")], etag='"x"')
        for key, source in (("h1", "news"), ("h2", "news"), ("h3", None)):
            store.insert_alert({"alert_key": key, "kind": "source_silent", "audience": "health", "source": source,
                                "message": "quiet", "created_at": started})
    return db, sources, started


def test_status_per_source(tmp_path):
    db, sources, started = make_store(tmp_path)
    result = run_monitor("status", "--db", str(db), "--sources", str(sources), "--json")
    assert result.returncode == 0, result.stderr
    rows = {r["source"]: r for r in map(json.loads, result.stdout.splitlines())}
    assert list(rows) == ["news", "later", "off"]
    news = rows["news"]
    assert news["outcome"] == "shutdown" and news["errors"] == 3 and news["pending_links"] == 2
    assert news["undelivered_alerts"] == 2 and news["last_run_started_at"] == started
    assert news["next_run_state"] == "due"
    assert news["next_run"] == (datetime.fromisoformat(started) + timedelta(hours=1)).isoformat()
    assert rows["later"]["outcome"] == "running or interrupted" and rows["later"]["next_run"].endswith("06:00:00+00:00")
    assert rows["off"]["outcome"] == "never run" and rows["off"]["next_run_state"] == "disabled"
    text = run_monitor("status", "--db", str(db), "--sources", str(sources))
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    assert lines[0].split() == ["source", "last", "run", "outcome", "errors", "pending", "next", "run", "undelivered"]
    assert lines[1].split()[:5] == ["news", started, "shutdown", "3", "2"]
    assert lines[-1] == "1 undelivered alerts of no listed source"


def test_status_reads_while_another_process_holds_the_write_lock(tmp_path):
    db, sources, _ = make_store(tmp_path)
    stop = threading.Event()
    holding = threading.Event()
    writes = []

    def writer() -> None:  # a daemon at work: write transactions back to back, each held a while
        conn = sqlite3.connect(db, timeout=30, isolation_level=None)
        while not stop.is_set():
            conn.execute("begin immediate")
            conn.execute("insert into crawl_runs (source, spider, started_at) values ('news', 'FeedSpider', ?)",
                         (datetime.now(timezone.utc).isoformat(timespec="seconds"),))
            holding.set()
            time.sleep(0.3)
            conn.execute("commit")
            writes.append(1)
        conn.close()

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    holding.wait(10)
    try:
        for _ in range(3):
            result = run_monitor("status", "--db", str(db), "--sources", str(sources), "--json", timeout=60)
            assert result.returncode == 0, result.stderr
            news = json.loads(result.stdout.splitlines()[0])
            assert news["source"] == "news" and news["pending_links"] == 2
            # the newest run is the writer's, unfinished (it may or may not be committed yet)
            assert news["outcome"] in ("shutdown", "running or interrupted")
    finally:
        stop.set()
        thread.join(10)
    assert writes


def test_status_of_a_missing_store_is_one_line(tmp_path):
    (tmp_path / "s.toml").write_text(SOURCES, encoding="utf-8")
    result = run_monitor("status", "--db", str(tmp_path / "none.db"), "--sources", str(tmp_path / "s.toml"))
    assert result.returncode == 1 and result.stderr.startswith("monitor: error: cannot open database")
    assert result.stderr.count("\n") == 1
