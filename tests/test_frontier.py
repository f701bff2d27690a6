"""The frontier: no article lost when a crawl stops (SIGTERM or kill -9), none stored twice.

A local feed lists 300 articles. ``monitor crawl`` is stopped after about 1, 8 and 120 articles
are stored, then restarted until a run ends by itself: all 300 are stored, each once, and the
feed's ETag is committed only then (the next run is a 304 that fetches nothing).
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO
from newsroom import Newsroom
from storage import Store
from storage.frontier import Link, pending_of

pytestmark = pytest.mark.e2e

FAST = ["-s", "AUTOTHROTTLE_ENABLED=0", "-s", "ROBOTSTXT_OBEY=0", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=4",
        "-s", "MONITOR_REVISIT_ENABLED=0", "-s", "MONITOR_HEALTH_ENABLED=0", "-s", "MONITOR_ALERT_CHANNELS=log",
        "-s", "RETRY_TIMES=0"]


def write_sources(path: Path, base: str) -> Path:
    path.write_text(f'[[source]]\nname = "news"\nkind = "feed"\nstart_urls = ["{base}/feed.xml"]\n'
                    f'allowed_domains = ["127.0.0.1"]\ninterval = "1h"\n', encoding="utf-8")
    return path


def count(db: Path, sql: str) -> int:
    if not db.exists():
        return 0
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        return conn.execute(sql).fetchone()[0]
    except sqlite3.OperationalError:  # schema not there yet
        return 0
    finally:
        conn.close()


def crawl(db: Path, sources: Path) -> subprocess.Popen:
    env = dict(os.environ)
    env.pop("MONITOR_DB", None)
    env.pop("MONITOR_SOURCES", None)
    return subprocess.Popen([sys.executable, "-m", "monitor", "crawl", "--db", str(db), "--sources", str(sources),
                             *FAST], cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def stop_after(db: Path, sources: Path, stored: int, sig: int) -> int:
    """Start a crawl, send ``sig`` once at least ``stored`` articles are in the store; its stored count."""
    proc = crawl(db, sources)
    deadline = time.monotonic() + 240
    while count(db, "select count(*) from articles") < stored:
        assert proc.poll() is None, f"the crawl ended before {stored} were stored: {proc.communicate()[1][-2000:]}"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    proc.send_signal(sig)
    if sig == signal.SIGTERM:
        proc.communicate(timeout=120)
    else:
        proc.wait(timeout=30)
    return count(db, "select count(*) from articles")


def finish(db: Path, sources: Path) -> str:
    proc = crawl(db, sources)
    out, err = proc.communicate(timeout=400)
    assert proc.returncode == 0, err[-3000:]
    return out


@pytest.mark.parametrize("plan", [
    [(1, signal.SIGKILL), (8, signal.SIGTERM), (120, signal.SIGKILL)],
    [(1, signal.SIGTERM), (8, signal.SIGKILL), (120, signal.SIGTERM)],
], ids=["kill-term-kill", "term-kill-term"])
def test_stopped_crawls_lose_no_article_and_store_none_twice(tmp_path, plan):
    with Newsroom(300, delay=0.01) as site:
        db, sources = tmp_path / "m.db", write_sources(tmp_path / "s.toml", site.base)
        for stored, sig in plan:
            after = stop_after(db, sources, stored, sig)
            assert after < 300, "the crawl finished before it could be stopped; the drill proves nothing"
            # the feed's ETag is not committed while links it listed are pending
            assert count(db, "select count(*) from url_state where url like '%/feed.xml' and etag is not null") == 0
        finish(db, sources)
        assert count(db, "select count(*) from articles") == 300
        assert count(db, "select count(distinct canonical_url) from articles") == 300
        assert count(db, "select count(*) from versions") == 300  # one version each: nothing stored twice
        assert count(db, "select count(*) from duplicates") == 0
        assert count(db, "select count(*) from frontier") == 0
        assert count(db, "select count(*) from frontier_indexes") == 0
        assert count(db, "select count(*) from alerts") == count(db, "select count(distinct alert_key) from alerts")
        assert count(db, "select count(*) from url_state where url like '%/feed.xml' and etag is not null") == 1
        with sqlite3.connect(db) as conn:
            assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        # settled: the next run gets a 304 for the feed and fetches no article
        before = sum(n for path, n in site.hits.items() if path.startswith("/a/"))
        finish(db, sources)
        assert site.not_modified == 1
        assert sum(n for path, n in site.hits.items() if path.startswith("/a/")) == before
        assert count(db, "select count(*) from versions") == 300


# -- the store API, directly ------------------------------------------------------------------
def test_validators_wait_for_every_link_and_a_failed_settle_keeps_them_waiting(tmp_path):
    with Store.open(tmp_path / "f.db") as store:
        links = [Link("http://x/a1"), Link("http://x/a2"), Link("http://x/s2.xml", "index", 1)]
        assert store.frontier_record_index("src", "http://x/feed", links, etag='"e1"') is False
        assert store.url_states(["http://x/feed"]) == {}
        assert store.frontier_settle("src", ["http://x/a1", "http://x/s2.xml"]) == []
        assert store.frontier_pending_counts() == {"src": 1}
        # a settle that fails (here: the database refuses writes) leaves the link pending
        store.db.conn.execute("create trigger no_delete before delete on frontier begin "
                              "select raise(abort, 'disk full'); end")
        with pytest.raises(sqlite3.IntegrityError):
            store.frontier_settle("src", ["http://x/a2"])
        assert [r["url"] for r in pending_of(store.db.conn, "src")] == ["http://x/a2"]
        assert store.url_states(["http://x/feed"]) == {}
        store.db.conn.execute("drop trigger no_delete")
        assert store.frontier_settle("src", ["http://x/a2"]) == ["http://x/feed"]
        assert store.url_states(["http://x/feed"])["http://x/feed"]["etag"] == '"e1"'
        assert store.frontier_pending_counts() == {}


def test_an_index_with_nothing_to_fetch_commits_at_once(tmp_path):
    with Store.open(tmp_path / "f.db") as store:
        assert store.frontier_record_index("src", "http://x/feed", [], last_modified="Mon, 01 Dec 2026") is True
        assert store.url_states(["http://x/feed"])["http://x/feed"]["last_modified"] == "Mon, 01 Dec 2026"


def test_only_failed_processing_counts_towards_giving_a_link_up(tmp_path):
    with Store.open(tmp_path / "f.db") as store:
        store.frontier_record_index("src", "http://x/feed", [Link("http://x/a1"), Link("http://x/a2")], etag='"e"')
        store.frontier_record_index("other", "http://y/feed", [Link("http://y/b")], etag='"e"')
        for _ in range(6):  # interrupted runs: taken up again and again, never given up
            links, given_up = store.frontier_take_up("src", max_attempts=3)
            assert [link.url for link in links] == ["http://x/a1", "http://x/a2"] and given_up == []
        for _ in range(3):  # the page of a1 was fetched and its processing failed three times
            store.frontier_note_failure("src", ["http://x/a1"])
        links, given_up = store.frontier_take_up("src", max_attempts=3)
        assert [link.url for link in links] == ["http://x/a2"] and given_up == ["http://x/a1"]
        assert store.url_states(["http://x/feed"]) == {}  # a2 is still pending
        store.frontier_settle("src", ["http://x/a2"])
        assert store.url_states(["http://x/feed"])["http://x/feed"]["etag"] == '"e"'
        assert store.frontier_pending_counts() == {"other": 1}


def test_a_page_revisited_before_its_index_came_back_is_not_left_pending(tmp_path):
    """Revisits and the feed go out together. When the revisits come back first, the feed then lists pages
    this run has been through already; their second requests are duplicates the scheduler drops, so
    recorded as pending they would never settle (and the next run would fetch them again, feed in full)."""
    with Newsroom(3, feed_delay=1.5) as site:
        db, sources = tmp_path / "m.db", write_sources(tmp_path / "s.toml", site.base)
        finish(db, sources)
        assert count(db, "select count(*) from articles") == 3
        env = dict(os.environ)
        env.pop("MONITOR_DB", None)
        env.pop("MONITOR_SOURCES", None)
        revisits_on = ["MONITOR_REVISIT_ENABLED=1" if a == "MONITOR_REVISIT_ENABLED=0" else a for a in FAST]
        second = subprocess.run(
            [sys.executable, "-m", "monitor", "crawl", "--db", str(db), "--sources", str(sources), *revisits_on,
             "-s", "MONITOR_CONDITIONAL_ENABLED=0"],
            cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
        assert second.returncode == 0, second.stderr[-3000:]
        assert all(site.hits[f"/a/{i}.html"] == 2 for i in (1, 2, 3)), site.hits  # revisited once each
        assert count(db, "select count(*) from frontier") == 0
        assert count(db, "select count(*) from frontier_indexes") == 0
