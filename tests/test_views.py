"""The analysts' SQL views (storage/views.py) on a real SQLite store, and through the sqlite3 and
sqlite-utils command lines as the README documents them."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from storage import Store
from storage.store import VersionRecord
from storage.views import VIEWS, ensure_views, view_sql, views_current

SQLITE_UTILS = str(Path(sys.executable).with_name("sqlite-utils"))


def fig(count, category, side, victims, *, qualifier="exact", high=None, sentence="s."):
    return {"count": count, "count_high": high, "qualifier": qualifier, "category": category, "side": side,
            "victims": victims, "sentence": sentence, "part": "section:0", "start": 0, "end": len(sentence),
            "evidence": "[]"}


def record(url, source, headline, fetched, *, published=None, modified=None, figures=(), body="text",
           changed=("created",), changes=None, diff=None):
    return VersionRecord(
        article={"canonical_url": url, "url": url, "source": source, "headline": headline, "body_text": body,
                 "published_at": published, "modified_at": modified, "first_seen_at": fetched,
                 "last_seen_at": fetched, "last_checked_at": fetched, "last_changed_at": fetched},
        version={"fetched_at": fetched, "url": url, "content_hash": f"{url}{fetched}", "headline": headline,
                 "body_text": body, "published_at": published, "modified_at": modified,
                 "changed_fields": json.dumps(list(changed)), "changes": json.dumps(changes or {}),
                 "body_diff": diff},
        figures=list(figures))


@pytest.fixture
def store(tmp_path):
    """A store with one updated article (two versions), one copy elsewhere, one alert, one quiet article."""
    s = Store.open(tmp_path / "views.db")
    url = "https://wire.test/clashes"
    a, _, _ = s.save_version(record(
        url, "wire", "Clashes erupt", "2026-01-01T10:00:00+00:00", published="2022-09-13T10:00:00+04:00",
        body="Armenia said 49 soldiers were killed. Azerbaijan said 50 of its servicemen died.",
        figures=[fig(40, "killed", "armenia", "soldiers", qualifier="at_least"),
                 fig(49, "killed", "armenia", "soldiers", sentence="Armenia said 49 soldiers were killed."),
                 fig(50, "killed", "azerbaijan", "soldiers")]), None)
    s.save_version(record(
        url, "wire", "Clashes enter second day", "2026-01-01T12:00:00+00:00",
        published="2022-09-13T10:00:00+04:00", modified="2022-09-14T12:05:00Z",
        body="Pashinyan said 105 soldiers were killed. Up to 100-120 civilians were wounded.",
        figures=[fig(105, "killed", "armenia", "soldiers", sentence="Pashinyan said 105 soldiers were killed."),
                 fig(100, "wounded", "armenia", "civilians", high=120)],
        changed=("headline", "casualty_figures"), diff="--- version 1\n+++ version 2\n-49\n+105",
        changes={"casualty_figures": {"changed": [{"key": "killed|armenia|soldiers", "old": "49", "new": "105"}]}},
        ), a)
    s.save_version(record("https://ledger.test/talks", "ledger", "Talks offered", "2026-01-01T11:00:00+00:00",
                          published="2022-09-13T18:40:00+04:00"), None)
    s.record_duplicate(article_id=a, canonical_url="https://post.test/copy", url="https://post.test/copy",
                       source="post", reason="same_text", text_hash="x", when="2026-01-01T12:30:00+00:00")
    with s.db.conn:
        s.db.conn.execute(
            "insert into alerts (alert_key, kind, article_id, message, created_at) values (?, ?, ?, ?, ?)",
            ("k1", "casualty_change", a, "killed armenia soldiers 49 → 105", "2026-01-01T12:00:01+00:00"))
    yield s
    s.close()


def q(store, sql, *params):
    return [dict(r) for r in store.db.query(sql, params)]


def test_schema_creates_every_view_and_each_runs(store):
    assert set(VIEWS) <= set(store.db.view_names())
    for name in VIEWS:
        store.db.execute(f"select * from [{name}]").fetchall()
    assert views_current(store.db)


def test_ensure_views_writes_nothing_when_current(tmp_path, store):
    assert ensure_views(store.db) is False
    # A read-only connection proves no write is attempted (a write would raise "readonly database").
    ro = sqlite3.connect(f"file:{store.path}?mode=ro", uri=True)
    from sqlite_utils import Database

    assert ensure_views(Database(ro)) is False
    ro.close()


def test_outdated_or_missing_views_are_replaced(store):
    conn = store.db.conn
    conn.execute("drop view latest_figures")
    conn.execute("drop view change_log")
    conn.execute("create view change_log as select 1 as stale")
    assert not views_current(store.db)
    assert ensure_views(store.db) is True
    stored = dict(conn.execute("select name, sql from sqlite_master where type = 'view'").fetchall())
    assert stored["latest_figures"] == view_sql("latest_figures")
    assert stored["change_log"] == view_sql("change_log")
    assert "kind" in {c.name for c in store.db.view("change_log").columns}


def test_article_stories_lists_each_article_with_its_copies(store):
    rows = {r["story_headline"]: r for r in q(store, "select * from article_stories")}
    assert rows["Clashes enter second day"]["copies"] == 1
    assert rows["Clashes enter second day"]["outlets"] == "wire, post"
    assert rows["Talks offered"]["copies"] == 0 and rows["Talks offered"]["outlets"] == "ledger"
    stories = {r["id"]: r["first_article_id"] for r in q(store, "select * from stories")}
    assert {r["story_id"]: r["article_id"] for r in rows.values()} == stories


def test_articles_of_one_story_share_its_id_and_headline(tmp_path):
    s = Store.open(tmp_path / "stories.db")
    first, _, _ = s.save_version(record("https://wire.test/a", "wire", "Border clashes", "2026-01-01T10:00:00+00:00",
                                        figures=[fig(50, "killed", "azerbaijan", "soldiers")]), None)
    story = s.article_story(first)
    later = record("https://obs.test/b", "observer", "Toll rises to 71", "2026-01-02T10:00:00+00:00",
                   figures=[fig(71, "killed", "azerbaijan", "soldiers")])
    later.story_id = story
    second, _, _ = s.save_version(later, None)
    with s.db.conn:  # an article from before stories existed
        s.db.conn.execute("insert into articles (canonical_url, url, source, headline, first_seen_at) "
                          "values ('https://old.test/x', 'https://old.test/x', 'old', 'Old', 't')")
    rows = {r["article_id"]: r for r in q(s, "select * from article_stories")}
    assert rows[first]["story_id"] == rows[second]["story_id"] == story
    assert rows[second]["story_headline"] == "Border clashes"
    old = next(r for r in rows.values() if r["source"] == "old")
    assert old["story_id"] == -old["article_id"]  # its own story, never colliding with a real one
    latest = q(s, "select value, highest_count, reports from latest_figures where story_id = ?", story)
    assert latest == [{"value": "71", "highest_count": 71, "reports": 2}]
    changes = q(s, "select change, old_value, new_value from figure_changes where story_id = ?", story)
    assert changes == [{"change": "first reported", "old_value": None, "new_value": "50"},
                       {"change": "changed", "old_value": "50", "new_value": "71"}]
    s.close()


def test_series_keeps_the_largest_toll_of_a_version_and_normalises_times(store):
    rows = q(store, "select version, count, mentions, reported_at, value from figure_series "
                    "where figure_key = 'killed|armenia|soldiers' order by version")
    assert [(r["version"], r["count"], r["mentions"]) for r in rows] == [(1, 49, 2), (2, 105, 1)]
    # the outlet's own times, converted to UTC: published 10:00+04:00, then modified_at
    assert [r["reported_at"] for r in rows] == ["2022-09-13T06:00:00Z", "2022-09-14T12:05:00Z"]
    timeline = q(store, "select value from figure_timeline where figure_key = 'killed|armenia|soldiers' "
                        "order by version, position")
    assert [r["value"] for r in timeline] == ["at least 40", "49", "105"]


def test_figure_changes_show_first_report_then_each_change(store):
    rows = q(store, "select change, old_value, new_value, difference, version from figure_changes "
                    "where figure_key = 'killed|armenia|soldiers' order by reported_at")
    assert rows == [
        {"change": "first reported", "old_value": None, "new_value": "49", "difference": None, "version": 1},
        {"change": "changed", "old_value": "49", "new_value": "105", "difference": 56, "version": 2},
    ]


def test_latest_figures_come_from_the_current_version(store):
    rows = {(r["category"], r["side"], r["victims"]): r for r in q(store, "select * from latest_figures")}
    armenia = rows[("killed", "armenia", "soldiers")]
    assert (armenia["value"], armenia["highest_count"], armenia["first_value"], armenia["reports"]) == \
        ("105", 105, "49", 2)
    assert armenia["sentence"] == "Pashinyan said 105 soldiers were killed."
    assert rows[("wounded", "armenia", "civilians")]["value"] == "100-120"
    assert rows[("wounded", "armenia", "civilians")]["highest_count"] == 120
    # the Azerbaijani figure is no longer stated by the current version: not a latest figure
    assert ("killed", "azerbaijan", "soldiers") not in rows


def test_version_history_and_change_log(store):
    history = q(store, "select version, changed, figures, body_diff from version_history "
                       "order by article_id, version")
    assert history[0]["changed"] == "created"
    assert "at least 40 killed (armenia, soldiers)" in history[0]["figures"]
    assert history[1]["changed"] == "headline, casualty_figures" and history[1]["body_diff"].endswith("+105")
    kinds = [r["kind"] for r in q(store, "select kind from change_log")]
    for kind in ("new article", "new version", "figure first reported", "figure changed", "duplicate",
                 "alert: casualty_change"):
        assert kind in kinds
    detail = q(store, "select detail from change_log where kind = 'figure changed'")[0]["detail"]
    assert detail == "killed armenia soldiers: 49 → 105"


# -- the command lines the README documents ----------------------------------------------------
@pytest.mark.skipif(not shutil.which("sqlite3"), reason="the sqlite3 command-line shell is not installed")
def test_sqlite3_shell_reads_views(store):
    out = subprocess.run(
        ["sqlite3", "-readonly", store.path,
         "select story_id, side, category, value, highest_count from latest_figures order by story_id, side"],
        capture_output=True, text=True, check=True).stdout
    assert "1|armenia|killed|105|105" in out


def test_sqlite_utils_cli_lists_and_reads_views(store):
    views = subprocess.run([SQLITE_UTILS, "views", store.path], capture_output=True, text=True, check=True).stdout
    assert all(name in views for name in VIEWS)
    rows = json.loads(subprocess.run(
        [SQLITE_UTILS, "query", store.path,
         "select old_value, new_value from figure_changes where change = 'changed'"],
        capture_output=True, text=True, check=True).stdout)
    assert rows == [{"old_value": "49", "new_value": "105"}]
    found = json.loads(subprocess.run([SQLITE_UTILS, "search", store.path, "articles", "Pashinyan", "-c", "headline"],
                                      capture_output=True, text=True, check=True).stdout)
    assert found == [{"headline": "Clashes enter second day"}]
