"""Parsing in worker processes gives exactly what inline parsing gives, and a dead worker loses no page."""

import asyncio
import json
import os
import re
import signal
import sqlite3

import pytest

from conftest import REPO, run_monitor
from monitor import parsepool
from monitor.parsing import NotArticle, parse_article_page

SEED = REPO / "tests" / "pages" / "seed_article.html"

pytestmark = pytest.mark.e2e


def _store_summary(db):
    conn = sqlite3.connect(db)
    out = {
        "articles": conn.execute("select canonical_url, headline, content_hash, current_version from articles "
                                 "order by canonical_url").fetchall(),
        "figures": conn.execute("select a.canonical_url, f.version_id > 0, f.count, f.category, f.side, f.victims "
                                "from casualty_figures f join articles a on a.id = f.article_id "
                                "order by 1, 3, 4, 5, 6").fetchall(),
        "alerts": conn.execute("select kind, figure_key, old_value, new_value from alerts order by 1, 2, 3, 4").fetchall(),
        "duplicates": conn.execute("select url, reason from duplicates order by url").fetchall(),
    }
    conn.close()
    # each demo serves on its own port: compare without it
    return json.loads(re.sub(r"127\.0\.0\.1:\d+", "HOST", json.dumps(out)))


def test_the_demo_parsed_in_two_workers_stores_what_inline_parsing_stores(tmp_path):
    stores = {}
    for workers in ("0", "2"):
        db = tmp_path / f"demo-{workers}.db"
        result = run_monitor("demo", "--db", str(db), "--pause", "0.2", cwd=tmp_path, timeout=170,
                             env={"MONITOR_PARSE_WORKERS": workers})
        assert result.returncode == 0, result.stderr[-3000:]
        stores[workers] = _store_summary(db)
    assert stores["2"]["articles"] and stores["2"]["alerts"]
    assert stores["2"] == stores["0"]


def test_a_worker_gives_the_inline_result_and_its_errors():
    html = SEED.read_bytes()
    pool = parsepool.ParsePool(1)
    try:
        got = asyncio.run(pool.parse(html, "https://example.org/news/1", source="s"))
        want = parse_article_page(html, "https://example.org/news/1", source="s")
        got.pop("fetched_at"), want.pop("fetched_at")
        assert got == want
        with pytest.raises(NotArticle):
            asyncio.run(pool.parse(b"%PDF-1.4 binary", "https://example.org/doc.pdf"))
    finally:
        parsepool.shutdown()


def test_a_killed_worker_costs_no_page():
    html = SEED.read_bytes()
    pool = parsepool.ParsePool(1)
    try:
        asyncio.run(pool.parse(html, "https://example.org/news/1"))  # the worker is up
        executor = parsepool._pools[1]
        for pid in list(executor._processes):
            os.kill(pid, signal.SIGKILL)
        got = asyncio.run(pool.parse(html, "https://example.org/news/2"))
        assert got["headline"]
        assert asyncio.run(pool.parse(html, "https://example.org/news/3"))["headline"]  # a new pool works
    finally:
        parsepool.shutdown()


def test_the_setting():
    assert parsepool.workers_setting("auto") == parsepool.default_workers() >= 1
    assert parsepool.workers_setting("") == parsepool.default_workers()
    assert parsepool.workers_setting("0") == 0 and parsepool.workers_setting(3) == 3
    with pytest.raises(ValueError):
        parsepool.workers_setting("-1")
