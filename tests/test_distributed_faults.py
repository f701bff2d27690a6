"""Faults in distributed mode, each against a real redis-server: nothing lost, nothing raised twice."""

import asyncio
import os
import signal
import sqlite3

import pytest

from distributed import start_worker, start_writer, stop, wait_for, writer_once

pytestmark = pytest.mark.e2e


def count(db, sql):
    try:
        conn = sqlite3.connect(db, timeout=10)
        try:
            return conn.execute(sql).fetchone()[0]
        finally:
            conn.close()
    except sqlite3.OperationalError:
        return 0


@pytest.fixture
def corpus(static_site, tmp_path):
    from monitor.demo.corpus import corpus_pages, corpus_sources_toml

    site = static_site({})
    site.pages.update(corpus_pages(site.base, 6))
    sources = tmp_path / "sources.toml"
    sources.write_text(corpus_sources_toml(site.base), encoding="utf-8")
    return site, sources


def test_worker_killed_mid_page_loses_nothing(tmp_path, redis_server, corpus):
    site, sources = corpus
    site.delays["/news/3.html"] = 4.0  # the first worker is killed while it waits for this page
    db = tmp_path / "m.db"
    writer = start_writer(redis_server.url, db, sources, tmp_path / "writer.log", "--once")
    first = start_worker(redis_server.url, tmp_path / "w1.log")
    try:
        wait_for(lambda: "/news/3.html" in site.hits, what="the slow page requested")
        assert redis_server.client().xpending("monitor:requests", "workers")["pending"] >= 1
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
        del site.delays["/news/3.html"]
        second = start_worker(redis_server.url, tmp_path / "w2.log", "-s", "MONITOR_REDIS_CLAIM_SECONDS=1")
        try:
            assert writer.wait(timeout=120) == 0, (tmp_path / "writer.log").read_text()[-3000:]
        finally:
            stop(second)
    finally:
        stop(writer, first)
    assert count(db, "select count(*) from articles") == 6
    assert site.hits.count("/news/3.html") == 2  # fetched again by the second worker
    assert redis_server.client().xpending("monitor:requests", "workers")["pending"] == 0


def test_writer_killed_mid_batch_loses_nothing_and_alerts_once(tmp_path, redis_server):
    from monitor.demo.site import DemoSite, demo_sources_toml

    db, sources = tmp_path / "m.db", tmp_path / "sources.toml"
    lease = ["-s", "MONITOR_REDIS_WRITER_LEASE=2"]
    client = redis_server.client()
    with DemoSite() as site:
        sources.write_text(demo_sources_toml(site.start(), interval="1h"), encoding="utf-8")
        worker = start_worker(redis_server.url, tmp_path / "worker.log")
        try:
            assert writer_once(redis_server.url, db, sources, *lease).returncode == 0
            site.round = 1  # the toll rises 49 → 105 (at two outlets)
            writer = start_writer(redis_server.url, db, sources, tmp_path / "writer.log", "--once", *lease)
            wait_for(lambda: count(db, "select count(*) from alerts") >= 1, timeout=120, what="the alert committed")
            os.kill(writer.pid, signal.SIGKILL)  # right after a commit: its entry may not be acknowledged yet
            writer.wait()
            again = writer_once(redis_server.url, db, sources, *lease)
            if again.returncode != 0:  # the killed writer's lease has not run out yet: refused, clearly
                assert "another writer holds" in again.stderr, again.stderr
                wait_for(lambda: client.get("monitor:writer") is None, what="the dead writer's lease to end")
                again = writer_once(redis_server.url, db, sources, *lease)
            assert again.returncode == 0, again.stderr[-3000:]
        finally:
            stop(worker)
    # the toll rises 49 → 105 at two outlets (the wire and the Russian-language one): one alert each, never twice
    conn = sqlite3.connect(db)
    alerts = conn.execute("select article_id, figure_key, old_value, new_value, kind from alerts").fetchall()
    conn.close()
    assert len(alerts) == len(set(alerts))                      # no alert twice
    assert {(a[2], a[3], a[4]) for a in alerts} == {("49", "105", "casualty_change")}
    assert len({a[0] for a in alerts}) == len(alerts) >= 1
    # Known gap (README, Scaling out): the distributed writer does not use the store's frontier yet, so a
    # writer killed between committing an index and queueing its links can leave the second outlet's
    # update for a later round; the wire's alert, committed before the kill, is never raised twice.
    assert count(db, "select max(version) from versions v join articles a on a.id = v.article_id "
                     "where a.canonical_url like '%border-clashes%'") == 2
    assert client.xpending("monitor:results", "writers")["pending"] == 0


def test_redis_restarted_mid_crawl(tmp_path, redis_server, corpus):
    site, sources = corpus
    for i in range(6):
        site.delays[f"/news/{i}.html"] = 0.5
    db = tmp_path / "m.db"
    writer = start_writer(redis_server.url, db, sources, tmp_path / "writer.log", "--once")
    worker = start_worker(redis_server.url, tmp_path / "worker.log", "-s", "CONCURRENT_REQUESTS=1")
    try:
        wait_for(lambda: count(db, "select count(*) from articles") >= 1, timeout=120, what="a first article")
        redis_server.restart(down_seconds=1.0)
        assert writer.wait(timeout=120) == 0, (tmp_path / "writer.log").read_text()[-3000:]
    finally:
        stop(writer, worker)
    assert count(db, "select count(*) from articles") == 6
    logs = (tmp_path / "writer.log").read_text() + (tmp_path / "worker.log").read_text()
    assert "Redis unreachable" in logs and "Redis is back" in logs


def test_domain_lease_is_shared_by_workers(redis_server):
    import redis.asyncio

    from monitor.distributed.connection import Keys
    from monitor.distributed.politeness import DomainLeases

    async def scenario():
        a, b = redis.asyncio.Redis.from_url(redis_server.url), redis.asyncio.Redis.from_url(redis_server.url)
        first, second = DomainLeases(a, Keys(), 5.0, "w1"), DomainLeases(b, Keys(), 5.0, "w2")
        try:
            got = await first.wait_for("http://news.example.test/a")
            other = await second.wait_for("http://news.example.test/b")
            elsewhere = await second.wait_for("http://other.example.test/c")
            return got, other, elsewhere
        finally:
            await a.aclose()
            await b.aclose()

    got, other, elsewhere = asyncio.run(scenario())
    assert got == 0 and elsewhere == 0
    assert 0 < other <= 5.0  # the second worker must wait for the first one's lease on that host


def test_two_workers_keep_one_hosts_politeness_delay(tmp_path, redis_server, corpus):
    site, sources = corpus
    delay = 1.0
    polite = ["-s", f"MONITOR_REDIS_DOMAIN_DELAY={delay}"]
    db = tmp_path / "m.db"
    workers = [start_worker(redis_server.url, tmp_path / f"w{i}.log", *polite) for i in range(2)]
    try:
        done = writer_once(redis_server.url, db, sources, *polite)
        assert done.returncode == 0, done.stderr[-3000:]
    finally:
        stop(*workers)
    assert count(db, "select count(*) from articles") == 6
    times = site.hit_times  # robots.txt (once per worker), the feed and six articles: all under the lease
    assert len(times) == 9, site.hits
    gaps = [b - a for a, b in zip(times, times[1:])]
    # the lease is taken right before sending; on a loaded machine a process may still be held up between
    # taking it and sending, so the gap seen by the site can be somewhat shorter than the delay, never ~0
    # (without the lease, two workers send the six article requests at once: gaps of milliseconds)
    assert min(gaps) >= delay / 2, list(zip(site.hits[1:], gaps))
    logs = [(tmp_path / f"w{i}.log").read_text() for i in range(2)]
    assert all("monitor/worker/results/article" in log for log in logs), "both workers should have fetched pages"
