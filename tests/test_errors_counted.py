"""Failed fetches are counted in crawl_runs.errors, once each, and per reason in its stats;
a link that failed for good is settled in the frontier (nothing left pending)."""

from __future__ import annotations

import json
import sqlite3

import pytest

from conftest import run_monitor
from newsroom import Newsroom, article_html

pytestmark = pytest.mark.e2e


def test_redirect_loops_oversized_and_cut_off_responses_are_counted(tmp_path):
    with Newsroom(3) as site:
        b = site.base
        site.add_raw("/loop", 302, {"Location": f"{b}/loop"})  # to itself
        site.add_raw("/p1", 302, {"Location": f"{b}/p2"})  # a -> b -> a
        site.add_raw("/p2", 302, {"Location": f"{b}/p1"})
        for i in range(30):  # always somewhere new: stopped by REDIRECT_MAX_TIMES
            site.add_raw(f"/chain/{i}", 302, {"Location": f"{b}/chain/{i + 1}"})
        site.add_raw("/big.html", 200, {"Content-Type": "text/html"}, article_html(1) * 400)
        site.add_raw("/cut.html", 200, {"Content-Type": "text/html", "_cut": "5000"}, article_html(2)[:300])
        site.add_raw("/gone.html", 410, {"Content-Type": "text/html"}, b"gone")
        paths = ["/loop", "/p1", "/chain/0", "/big.html", "/cut.html", "/gone.html", "/a/3.html"]
        items = "".join(f"<item><link>{b}{p}</link></item>" for p in paths)
        site.add("/f.xml", f"<rss><channel>{items}</channel></rss>".encode(), "application/rss+xml")
        sources = tmp_path / "s.toml"
        sources.write_text(f'[[source]]\nname = "x"\nkind = "feed"\nstart_urls = ["{b}/f.xml"]\n'
                           f'allowed_domains = ["127.0.0.1"]\n', encoding="utf-8")
        db = tmp_path / "m.db"
        result = run_monitor("crawl", "--db", str(db), "--sources", str(sources), "-s", "AUTOTHROTTLE_ENABLED=0",
                             "-s", "ROBOTSTXT_OBEY=0", "-s", "DOWNLOAD_MAXSIZE=100000", "-s", "RETRY_TIMES=1",
                             "-s", "MONITOR_HEALTH_ENABLED=0")
    assert result.returncode == 0, result.stderr[-3000:]
    with sqlite3.connect(db) as conn:
        errors, stats = conn.execute("select errors, stats from crawl_runs").fetchone()
        stats = json.loads(stats)
        assert conn.execute("select count(*) from articles").fetchone()[0] == 1
        assert conn.execute("select count(*) from frontier").fetchone()[0] == 0  # all settled
        assert conn.execute("select etag from url_state where url like '%/f.xml'").fetchone() is not None
    reasons = {k.rsplit("/", 1)[1]: v for k, v in stats.items() if k.startswith("monitor/errors/")}
    assert reasons == {"redirect_loop": 3, "too_large": 1, "cut_off": 1, "http_410": 1}
    assert errors == 6 == stats["monitor/errors"]  # the retried cut-off page once, not twice
    assert "could not fetch " + f"{b}/p1: redirect loop ({b}/p1 -> {b}/p2 -> {b}/p1)" in result.stderr
    assert f"could not fetch {b}/chain/0 (redirected to {b}/chain/20): redirect loop" in result.stderr
