"""Distributed mode against a real redis-server: two workers + one writer = one process."""

import sqlite3
from urllib.parse import urlsplit

import pytest

from conftest import free_port, run_monitor
from distributed import start_worker, start_writer, stop, wait_for, writer_once

pytestmark = pytest.mark.e2e


def test_redis_unreachable_at_start_is_one_clear_line(tmp_path):
    url = f"redis://127.0.0.1:{free_port()}/0"
    for args in (["worker", "--redis", url], ["writer", "--redis", url, "--db", str(tmp_path / "m.db")]):
        result = run_monitor(*args, timeout=60)
        assert result.returncode == 1
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("monitor: error: cannot reach Redis at " + url), result.stderr


def test_no_redis_url_is_one_clear_line(tmp_path):
    result = run_monitor("worker", timeout=60)
    assert result.returncode == 1 and result.stderr.strip() == \
        "monitor: error: no Redis URL: pass --redis URL or set MONITOR_REDIS_URL"


def _path(url):
    return urlsplit(url).path if url else None


def snapshot(db):
    """Articles, versions, stories, duplicates and alerts, with URLs reduced to paths (the sites' ports differ)."""
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    q = lambda sql: [dict(r) for r in conn.execute(sql)]  # noqa: E731
    articles = {r["id"]: r for r in q(
        "select id, canonical_url, source, headline, current_version, story_id from articles")}
    key = lambda article_id: _path(articles[article_id]["canonical_url"])  # noqa: E731
    stories = {}
    for a in articles.values():
        stories.setdefault(a["story_id"], set()).add(_path(a["canonical_url"]))
    out = {
        "articles": sorted((_path(a["canonical_url"]), a["source"], a["headline"], a["current_version"])
                           for a in articles.values()),
        "versions": sorted((key(v["article_id"]), v["version"], v["changed_fields"], v["content_hash"])
                           for v in q("select article_id, version, changed_fields, content_hash from versions")),
        "figures": sorted((key(f["article_id"]), f["count"], f["category"], f["side"], f["victims"])
                          for f in q("select article_id, count, category, side, victims from casualty_figures")),
        "stories": sorted(sorted(members) for members in stories.values()),
        "duplicates": sorted((_path(d["url"]), key(d["article_id"]), d["reason"])
                             for d in q("select url, article_id, reason from duplicates")),
        "alerts": sorted((a["kind"], a["figure_key"], a["old_value"], a["new_value"], _path(a["url"]),
                          a["delivered_at"] is not None)
                         for a in q("select kind, figure_key, old_value, new_value, url, delivered_at from alerts")),
    }
    conn.close()
    return out


def test_two_workers_and_a_writer_equal_one_process(tmp_path, redis_server):
    from monitor.demo.site import DemoSite, demo_sources_toml

    one = tmp_path / "one.db"
    result = run_monitor("demo", "--db", str(one), "--pause", "0", cwd=tmp_path, timeout=170)
    assert result.returncode == 0, result.stderr[-3000:]

    db, sources = tmp_path / "dist.db", tmp_path / "sources.toml"
    with DemoSite() as site:
        sources.write_text(demo_sources_toml(site.start(), interval="1h"), encoding="utf-8")
        workers = [start_worker(redis_server.url, tmp_path / f"worker{i}.log") for i in range(2)]
        try:
            for number in range(site.rounds):
                site.round = number
                done = writer_once(redis_server.url, db, sources)
                assert done.returncode == 0, done.stderr[-3000:]
        finally:
            stop(*workers)
    expected, got = snapshot(one), snapshot(db)
    assert ("story_toll", "killed|azerbaijan|soldiers", "50", "71") in {a[:4] for a in got["alerts"]}
    assert got == expected
    # both workers fetched pages (the work was shared) and no worker wrote the store
    logs = [(tmp_path / f"worker{i}.log").read_text() for i in range(2)]
    assert all("monitor/worker/results/" in log for log in logs), [log[-2000:] for log in logs]
    client = redis_server.client()
    assert client.xpending("monitor:results", "writers")["pending"] == 0
    assert client.xpending("monitor:requests", "workers")["pending"] == 0


def test_a_second_writer_is_refused(tmp_path, redis_server):
    from monitor.demo.site import demo_sources_toml

    sources = tmp_path / "sources.toml"
    sources.write_text(demo_sources_toml(f"http://127.0.0.1:{free_port()}", interval="1h"), encoding="utf-8")
    db = tmp_path / "m.db"
    first = start_writer(redis_server.url, db, sources, tmp_path / "writer.log")
    try:
        wait_for(lambda: redis_server.client().get("monitor:writer"), what="the first writer's lease")
        # same store, same Redis: the file lock refuses it at once
        second = run_monitor("writer", "--redis", redis_server.url, "--db", str(db), "--sources", str(sources),
                             timeout=60)
        assert second.returncode == 1 and "another writer holds" in second.stderr, second.stderr
        # another host's store (another file), same Redis deployment: the Redis lease refuses it
        other = run_monitor("writer", "--redis", redis_server.url, "--db", str(tmp_path / "other.db"),
                            "--sources", str(sources), timeout=60)
        assert other.returncode == 1 and "Redis key monitor:writer" in other.stderr, other.stderr
    finally:
        stop(first)
    assert redis_server.client().get("monitor:writer") is None  # released on a clean stop


def test_a_silent_source_raises_a_health_alert(tmp_path, redis_server, static_site):
    site = static_site({})  # the feed is gone: every round yields nothing
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[source]]\nname = "gone"\nkind = "feed"\nstart_urls = ["{site.base}/feed.xml"]\n'
                       'allowed_domains = ["127.0.0.1"]\ninterval = "1h"\n', encoding="utf-8")
    db = tmp_path / "m.db"
    worker = start_worker(redis_server.url, tmp_path / "worker.log")
    try:
        for _ in range(3):
            done = writer_once(redis_server.url, db, sources, "-s", "MONITOR_HEALTH_SILENT_RUNS=3")
            assert done.returncode == 0, done.stderr[-3000:]
    finally:
        stop(worker)
    conn = sqlite3.connect(db)
    runs = conn.execute("select spider, finish_reason, pages, errors from crawl_runs order by id").fetchall()
    alerts = conn.execute("select kind, source, delivered_at from alerts").fetchall()
    conn.close()
    assert runs == [("redis-writer", "finished", 1, 1)] * 3
    assert len(alerts) == 1 and alerts[0][:2] == ("source_silent", "gone") and alerts[0][2]


def test_bad_distributed_setting_is_one_clear_line():
    result = run_monitor("worker", "--redis", f"redis://127.0.0.1:{free_port()}/0",
                         "-s", "MONITOR_REDIS_CLAIM_SECONDS=soon", timeout=60)
    assert result.returncode == 1 and result.stderr.strip() == \
        "monitor: error: settings: MONITOR_REDIS_CLAIM_SECONDS must be a number, got 'soon'"
