"""Row 1 of issue 19: a full disk (made portably with a size limit, PRAGMA max_page_count) stops the
crawl at once with one write-failure line and exit 3; after space is freed nothing is lost."""

from __future__ import annotations

import sqlite3

import pytest

from conftest import run_monitor
from store_drill_site import FAST, DrillSite

pytestmark = pytest.mark.e2e

ARTICLES = 300


@pytest.fixture
def site():
    s = DrillSite(ARTICLES)
    yield s
    s.close()


def count(db, sql):
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def test_disk_full_stops_the_crawl_with_one_line_and_loses_nothing(tmp_path, site):
    db = tmp_path / "full.db"
    sources = site.sources(tmp_path / "sources.toml")
    assert run_monitor("init", "--db", str(db)).returncode == 0
    pages = count(db, "pragma page_count")
    limit_mb = (pages + 120) * 4096 / (1024 * 1024)  # room for a few articles, far fewer than 300
    args = ["crawl", "--db", str(db), "--sources", str(sources), *FAST]
    first = run_monitor(*args, "-s", f"MONITOR_DB_MAX_SIZE_MB={limit_mb}", cwd=tmp_path)
    assert first.returncode == 3, first.stderr[-3000:]
    assert "could not fetch" not in first.stderr
    assert "None" not in first.stdout
    fault_lines = [line for line in first.stderr.splitlines() if "write failed: disk full" in line]
    assert len(fault_lines) == 2, first.stderr[-3000:]  # the log line, and the final `monitor: error:` line
    assert first.stderr.rstrip().splitlines()[-1].startswith("monitor: error: store ")
    assert "Traceback" not in first.stderr
    stored = count(db, "select count(*) from articles")
    assert 0 < stored < ARTICLES
    assert site.article_hits() < ARTICLES  # fetching stopped at once, not after every page
    assert count(db, "pragma integrity_check") == "ok"
    # the feed's validators were not kept by the failed run: the next fetch of the feed is a full one
    assert count(db, "select count(*) from url_state where url like '%rss.xml' and etag is not null") == 0

    second = run_monitor(*args, cwd=tmp_path)  # space freed (no limit)
    assert second.returncode == 0, second.stderr[-3000:]
    assert count(db, "select count(*) from articles") == ARTICLES  # every article stored
    assert count(db, "select count(*) from versions") == ARTICLES  # none twice
    assert count(db, "select count(*) from crawl_runs where finished_at is not null") >= 1
