"""Conditional requests: stored ETag/Last-Modified go back as If-None-Match/If-Modified-Since; a 304 is cheap.

The middleware is built the Scrapy way (``get_crawler``) over a real SQLite file; the
end-to-end check crawls the demo site twice in fresh processes.
"""

from __future__ import annotations

import json
import sqlite3
import time

import pytest
from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse, Response
from scrapy.utils.test import get_crawler

from conftest import run_monitor
from monitor.middlewares import ConditionalRequestMiddleware
from storage import Store

URL = "https://news.example/a/1"


@pytest.fixture
def mw(db_path):
    crawler = get_crawler(settings_dict={"MONITOR_DB": db_path})
    crawler.stats.open_spider()
    mw = ConditionalRequestMiddleware.from_crawler(crawler)
    yield mw
    mw.store.close()


def article_request(url=URL, **meta):
    return Request(url, meta={"monitor_role": "article", **meta})


def test_disabled_by_setting(db_path):
    crawler = get_crawler(settings_dict={"MONITOR_DB": db_path, "MONITOR_CONDITIONAL_ENABLED": False})
    with pytest.raises(NotConfigured):
        ConditionalRequestMiddleware.from_crawler(crawler)


def test_validators_stored_then_sent_back_and_304_allowed(mw):
    first = article_request()
    assert mw.process_request(first) is None and b"If-None-Match" not in first.headers
    response = HtmlResponse(URL, body=b"<html></html>", request=first, headers={
        "ETag": '"v1"', "Last-Modified": "Tue, 13 Sep 2022 10:00:00 GMT"})
    mw.process_response(first, response)
    # not before the article's item has been stored: a crash here must not leave a 304 behind
    assert mw.store.url_states([URL])[URL]["etag"] is None
    unsent = article_request()
    mw.process_request(unsent)
    assert b"If-None-Match" not in unsent.headers
    mw.item_done(item={}, response=response, spider=None)
    again = article_request()
    mw.process_request(again)
    assert again.headers[b"If-None-Match"] == b'"v1"'
    assert again.headers[b"If-Modified-Since"] == b"Tue, 13 Sep 2022 10:00:00 GMT"
    assert 304 in again.meta["handle_httpstatus_list"]  # or HttpErrorMiddleware would drop the 304
    assert mw.stats.get_value("monitor/conditional_requests") == 1


def test_304_counts_and_marks_the_article_checked(mw):
    store = mw.store
    with store.db.conn:
        store._insert("articles", {"canonical_url": URL, "url": URL, "source": "s",
                                   "first_seen_at": "2024-01-01T00:00:00+00:00",
                                   "last_checked_at": "2024-01-01T00:00:00+00:00"})
    store.record_fetch(URL, status=200, when="2024-01-01T00:00:00+00:00", etag='"v1"')
    request = article_request()
    mw.process_request(request)
    mw.process_response(request, Response(URL, status=304))
    assert mw.stats.get_value("monitor/not_modified") == 1
    assert mw.stats.get_value("monitor/not_modified/article") == 1
    row = next(store.iter_rows("select last_checked_at from articles"))
    assert row["last_checked_at"] > "2024-01-01T00:00:00+00:00"
    state = store.url_states([URL])[URL]
    assert state["last_status"] == 304 and state["etag"] == '"v1"'  # validators kept


def test_robots_and_other_requests_are_left_alone(mw):
    mw.store.record_fetch("https://news.example/robots.txt", status=200, when="2024-01-01T00:00:00+00:00",
                          etag='"r"')
    robots = Request("https://news.example/robots.txt", meta={"dont_obey_robotstxt": True})
    mw.process_request(robots)
    assert b"If-None-Match" not in robots.headers  # a 304 would leave the robots parser an empty file
    opted_out = article_request(monitor_conditional=False)
    mw.store.record_fetch(URL, status=200, when="2024-01-01T00:00:00+00:00", etag='"v1"')
    mw.process_request(opted_out)
    assert b"If-None-Match" not in opted_out.headers


def test_redirect_does_not_carry_validators_to_another_url(mw):
    mw.store.record_fetch(URL, status=200, when="2024-01-01T00:00:00+00:00", etag='"v1"')
    request = article_request()
    mw.process_request(request)
    redirected = request.replace(url="https://news.example/a/1/")  # what RedirectMiddleware builds
    mw.process_request(redirected)
    assert b"If-None-Match" not in redirected.headers


def test_a_failed_item_forgets_the_validators(mw):
    mw.store.record_fetch(URL, status=200, when="2024-01-01T00:00:00+00:00", etag='"v1"')
    mw.item_error(item={}, response=HtmlResponse(URL, body=b""), spider=None, failure=None)
    assert mw.store.url_states([URL])[URL]["etag"] is None  # next fetch is a full one


def test_unchanged_site_answers_304_no_parse_no_version(tmp_path):
    from monitor.demo.site import DemoSite, demo_sources_toml

    with DemoSite() as site:
        sources = tmp_path / "s.toml"
        sources.write_text(demo_sources_toml(site.base_url, interval="1h"), encoding="utf-8")
        db = tmp_path / "m.db"
        args = ("crawl", "caucasus-wire", "--db", str(db), "--sources", str(sources),
                "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "RETRY_TIMES=0", "-s", "MONITOR_ALERT_CHANNELS=log")
        first = run_monitor(*args, cwd=tmp_path, timeout=120)
        assert first.returncode == 0, first.stderr[-2000:]
        mark = len(site.requests)
        time.sleep(1.1)  # times are stored to the second
        second = run_monitor(*args, cwd=tmp_path, timeout=120)
        assert second.returncode == 0, second.stderr[-2000:]
        answered = {(path, status) for _, path, status in site.requests[mark:]}

    assert ("/wire/rss.xml", 304) in answered
    assert [p for p, status in answered if p.startswith("/wire/2022/09/13/armenia-azerbaijan-border-clashes") and status == 304]
    assert not [p for p, status in answered if status == 200 and p != "/robots.txt"], answered
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        one, two = conn.execute("select * from crawl_runs order by id").fetchall()
        stats = json.loads(two["stats"])
        assert two["not_modified"] >= 2 and one["not_modified"] == 0
        assert not stats.get("monitor/articles_parsed") and not stats.get("monitor/indexes_parsed")
        assert stats.get("monitor/articles_parsed", 0) < json.loads(one["stats"])["monitor/articles_parsed"]
        assert conn.execute("select count(*) from versions").fetchone()[0] == 1
        article = conn.execute("select first_seen_at, last_checked_at from articles").fetchone()
        assert article["last_checked_at"] > article["first_seen_at"]  # the 304 counted as a check
        assert conn.execute("select count(*) from url_state where etag is not null").fetchone()[0] >= 2
    finally:
        conn.close()


def test_a_page_that_is_no_article_still_keeps_its_validators(mw):
    from monitor.middlewares import commit_validators

    request = article_request()
    response = HtmlResponse(URL, body=b"<html></html>", request=request, headers={"ETag": '"tag"'})
    mw.process_response(request, response)
    assert mw.store.url_states([URL])[URL]["etag"] is None
    commit_validators(mw.store, response)  # what the spider does for a page that is not an article
    assert mw.store.url_states([URL])[URL]["etag"] == '"tag"'
