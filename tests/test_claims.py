"""Who states a figure (claimed_by) and background figures, from the figure dicts onwards: figure keys,
alert rules, the store (real SQLite), the pipelines, the views, the desk's queries and history.

Figure dicts are built here directly, so these tests hold whatever the extractor decides for a text.
"""

from __future__ import annotations

import itertools
import json
import re
import sqlite3

import pytest
from scrapy.utils.test import get_crawler

from monitor import settings as project_settings
from monitor.alerts import casualty_change_alerts, describe_key, story_toll_alerts
from monitor.claims import CLAIMANTS, claim_of, figure_key, toll_figures, with_claim
from pipelines.itemstate import state_of
from monitor.diffing import compute_changes, figure_changes
from monitor.hashing import content_hash, text_hash
from monitor.history import article_history, render_history
from monitor.items import ArticleItem
from monitor.serve import load_metadata
from pipelines.storeaccess import store_for
from storage import SCHEMA_VERSION, Store, VersionRecord
from storage.views import VIEWS, figure_key_sql


def fig(count, side="armenia", claimed_by=None, *, background=None, category="killed", victims="soldiers",
        qualifier="exact", sentence=None):
    f = {"count": count, "count_high": None, "qualifier": qualifier, "category": category, "side": side,
         "victims": victims}
    if claimed_by is not None:
        f["claimed_by"] = claimed_by
    if background is not None:
        f["background"] = background
    text = sentence or f"{count} {side} {category}."
    f["evidence"] = [{"part": "section:0", "sentence": text, "start": 0, "end": len(text)}]
    return f


# -- the normalising function and the key --------------------------------------------------------------
def test_a_figure_without_claims_is_unknown_and_not_background():
    bare = {"count": 5, "count_high": None, "qualifier": "exact", "category": "killed", "side": "armenia",
            "victims": "soldiers"}
    assert claim_of(bare) == ("unknown", False)
    assert claim_of(dict(bare, claimed_by=None, background=None)) == ("unknown", False)
    assert claim_of(dict(bare, claimed_by="the moon", background=0)) == ("unknown", False)
    assert claim_of(dict(bare, claimed_by="azerbaijan", background=1)) == ("azerbaijan", True)  # SQLite's 0/1
    assert with_claim(bare) == dict(bare, claimed_by="unknown", background=False)
    kept = dict(bare, claimed_by="third_party", background=True, extra="x")
    assert with_claim(kept) == kept  # nothing the extractor gave is dropped or changed


def test_keys_of_own_and_unknown_claims_are_the_old_keys():
    assert figure_key(fig(49)) == figure_key(fig(49, claimed_by="armenia")) == "killed|armenia|soldiers"
    assert figure_key(fig(49, claimed_by="azerbaijan")) == "killed|armenia|soldiers|by:azerbaijan"
    assert figure_key(fig(9, "azerbaijan", "third_party")) == "killed|azerbaijan|soldiers|by:third_party"
    assert figure_key(fig(6700, "both", "armenia", background=True)) == "killed|both|soldiers|by:armenia|background"
    assert describe_key("killed|armenia|soldiers|by:azerbaijan") == "soldiers killed (Armenian, as claimed by Azerbaijan)"
    assert describe_key("killed|armenia|soldiers") == "soldiers killed (Armenian)"


def test_sql_figure_key_agrees_with_python_on_every_combination():
    conn = sqlite3.connect(":memory:")
    conn.execute("create table f (category text, side text, victims text, claimed_by text, background int)")
    combos = list(itertools.product(["killed", "bodies_returned"], ["armenia", "azerbaijan", "both", "unknown"],
                                    ["soldiers", "people"], list(CLAIMANTS) + [None, "bogus"], [0, 1, None]))
    conn.executemany("insert into f values (?, ?, ?, ?, ?)", combos)
    rows = conn.execute(f"select category, side, victims, claimed_by, background, {figure_key_sql('f')} from f")
    for category, side, victims, claimed_by, background, key in rows:
        expected = figure_key({"category": category, "side": side, "victims": victims, "claimed_by": claimed_by,
                               "background": background})
        assert key == expected, (claimed_by, side, background)


def test_content_hash_only_moves_when_a_claim_says_something():
    article = {"headline": "h", "casualty_figures": [fig(49)]}
    same = {"headline": "h", "casualty_figures": [fig(49, claimed_by="unknown", background=False)]}
    assert content_hash(article) == content_hash(same)
    claimed = {"headline": "h", "casualty_figures": [fig(49, claimed_by="armenia")]}
    assert content_hash(claimed) != content_hash(article)


# -- alert rules on figure dicts ----------------------------------------------------------------------
def _change_alerts(old, new):
    changes = compute_changes({"casualty_figures": old}, {"casualty_figures": new})
    return casualty_change_alerts(url="http://x/a", headline="Toll", changes=changes, new_figures=new)


def test_armenias_own_count_49_to_105_alerts_with_its_claimant():
    [alert] = _change_alerts([fig(49, claimed_by="armenia")], [fig(105, claimed_by="armenia")])
    assert (alert["figure_key"], alert["old_value"], alert["new_value"]) == ("killed|armenia|soldiers", "49", "105")
    assert alert["figure_claimed_by"] == "armenia" and "claimed by Armenia" in alert["message"]
    # an own count whose attribution the new text leaves out is still the same figure
    [alert] = _change_alerts([fig(49, claimed_by="armenia")], [fig(105)])
    assert alert["figure_claimed_by"] == "unknown" and "claimant not stated" in alert["message"]
    # the same value newly attributed (an extractor upgrade, an edit) is shown as such, not alerted
    [change] = figure_changes([fig(105)], [fig(105, claimed_by="armenia")])["changed"]
    assert (change["old"], change["new"], change["old_claimed_by"], change["new_claimed_by"]) == \
        ("105", "105", "unknown", "armenia")
    assert _change_alerts([fig(105)], [fig(105, claimed_by="armenia")]) == []


def test_a_claim_about_the_other_sides_losses_never_changes_its_own_count():
    own = fig(105, claimed_by="armenia")
    assert _change_alerts([own], [own, fig(200, claimed_by="azerbaijan")]) == []
    changes = figure_changes([own], [own, fig(200, claimed_by="azerbaijan")])
    assert changes["added"] == [{"key": "killed|armenia|soldiers|by:azerbaijan", "new": "200",
                                 "claimed_by": "azerbaijan", "background": False}]
    # the enemy's claim moving is a change of that claim, said as such
    [alert] = _change_alerts([own, fig(200, claimed_by="azerbaijan")], [own, fig(250, claimed_by="azerbaijan")])
    assert alert["figure_key"] == "killed|armenia|soldiers|by:azerbaijan" and alert["old_value"] == "200"
    assert "as claimed by Azerbaijan" in alert["message"]


def test_background_figures_never_alert():
    old = [fig(49), fig(6000, "both", background=True, victims="people", qualifier="more_than")]
    new = [fig(49), fig(6700, "both", background=True, victims="people", qualifier="more_than")]
    assert figure_changes(old, new)["changed"][0]["background"] is True  # shown in the version's changes
    assert _change_alerts(old, new) == []
    # a figure reclassified as background is removed from the toll key, not a change of it
    assert _change_alerts([fig(6700, "both", victims="people")], [fig(6700, "both", victims="people", background=True)]) == []
    peaks = {"killed|armenia|soldiers": {"peak": 50, "url": "http://a/1"}}
    assert story_toll_alerts(url="u", headline="h", new_figures=[fig(3000, background=True)], peaks=peaks) == []
    assert toll_figures([fig(1), fig(2, background=True)]) == [fig(1)]


# -- the store ----------------------------------------------------------------------------------------
def _row(f):
    from pipelines.store import _figure_row

    return _figure_row(f)


def _record(url, figures, *, story_id=None, fetched="2026-01-01T10:00:00+00:00", headline="Clashes"):
    rec = VersionRecord(
        article={"canonical_url": url, "url": url, "source": url.split("/")[2], "headline": headline,
                 "first_seen_at": fetched, "last_seen_at": fetched, "last_checked_at": fetched},
        version={"fetched_at": fetched, "url": url, "content_hash": url + fetched, "headline": headline,
                 "changed_fields": '["created"]', "changes": "{}"},
        figures=[_row(f) for f in figures])
    rec.story_id = story_id
    return rec


def test_store_pipeline_row_keeps_claims_and_defaults_old_figures(db_path):
    with Store.open(db_path) as store:
        aid, vid, _ = store.save_version(_record("http://wire.test/a", [
            fig(49, claimed_by="armenia"), fig(200, claimed_by="azerbaijan"), fig(50, "azerbaijan"),
            fig(6700, "both", background=True, victims="people")]), None)
        rows = [(r["count"], r["claimed_by"], r["background"]) for r in store.version_figures(vid)]
        assert rows == [(49, "armenia", 0), (200, "azerbaijan", 0), (50, "unknown", 0), (6700, "unknown", 1)]
        # a row written without the columns (older code) gets the defaults
        with store.db.conn:
            store.db.conn.execute("insert into casualty_figures (version_id, article_id, position, count, qualifier, "
                                  "category, side, victims) values (?, ?, 9, 3, 'exact', 'killed', 'armenia', 'people')",
                                  (vid, aid))
        assert store.version_figures(vid)[-1]["claimed_by"] == "unknown"
        assert store.version_figures(vid)[-1]["background"] == 0


def test_story_peaks_and_shared_figures_leave_background_out_and_claims_apart(db_path):
    with Store.open(db_path) as store:
        first, _, _ = store.save_version(_record("http://wire.test/a", [
            fig(50, "azerbaijan", "azerbaijan"), fig(105, claimed_by="armenia")]), None)
        story = store.article_story(first)
        store.save_version(_record("http://ledger.test/b", [
            fig(6700, "both", background=True, victims="people", qualifier="more_than"),
            fig(3000, "azerbaijan", background=True), fig(200, claimed_by="azerbaijan")], story_id=story), None)
        peaks = {k: v["peak"] for k, v in store.story_peaks(story).items()}
        assert peaks == {"killed|azerbaijan|soldiers": 50, "killed|armenia|soldiers": 105,
                         "killed|armenia|soldiers|by:azerbaijan": 200}
        since = "2000-01-01T00:00:00+00:00"
        # another story quoting the same war's toll is not the same event
        assert store.story_by_shared_figure([fig(6700, "both", background=True, victims="people")], since, 10) is None
        assert store.story_by_shared_figure([fig(3000, "azerbaijan")], since, 10) is None
        # the same count claimed by the other party is a different fact; the own or unstated one matches
        assert store.story_by_shared_figure([fig(50, "azerbaijan", "armenia")], since, 10) is None
        assert store.story_by_shared_figure([fig(50, "azerbaijan")], since, 10) == story
        assert store.story_by_shared_figure([fig(200, claimed_by="azerbaijan")], since, 10) == story


def test_old_store_migrates_existing_figures_to_unknown_not_background(db_path):
    Store.open(db_path).close()
    conn = sqlite3.connect(db_path)
    for name in reversed(list(VIEWS)):  # (schema 4's views did not read the new columns)
        conn.execute(f"drop view [{name}]")
    for sql in ("alter table casualty_figures drop column claimed_by",
                "alter table casualty_figures drop column background", "alter table alerts drop column figure_claimed_by"):
        conn.execute(sql)
    conn.execute("insert into articles (id, canonical_url, url, source, first_seen_at) values (1, 'u', 'u', 's', 't')")
    conn.execute("insert into versions (id, article_id, version, fetched_at, content_hash) values (1, 1, 1, 't', 'h')")
    conn.execute("insert into casualty_figures (version_id, article_id, position, count, qualifier, category, side, "
                 "victims) values (1, 1, 0, 49, 'exact', 'killed', 'armenia', 'soldiers')")
    conn.execute("pragma user_version = 4")
    conn.commit()
    conn.close()
    with Store.open(db_path) as store:
        assert store.db.execute("pragma user_version").fetchone()[0] == SCHEMA_VERSION
        [row] = store.version_figures(1)
        assert (row["claimed_by"], row["background"]) == ("unknown", 0)
        assert "figure_claimed_by" in store.db.table("alerts").columns_dict
        [t] = list(store.db.query("select figure_key, claimed_by, background from figure_timeline"))
        assert t == {"figure_key": "killed|armenia|soldiers", "claimed_by": "unknown", "background": 0}


# -- the pipelines, in order, on a real store -----------------------------------------------------------
BODY = ("Armenia and Azerbaijan accused each other on Tuesday of starting the heaviest fighting along their border "
        "since the 2020 war, with both sides reporting soldiers killed in overnight shelling near Jermuk and Sotk. "
        "Armenia's Defence Ministry said 105 soldiers had been killed. Azerbaijan said 50 of its servicemen had died. "
        "Diplomats in Moscow, Brussels and Washington urged restraint, and the European Union offered to mediate.")


def item(url, body, figures, *, source="wire", headline="Armenia and Azerbaijan clash on border",
         fetched="2026-01-01T00:00:00+00:00"):
    data = {
        "url": url, "canonical_url": url, "source": source, "headline": headline, "standfirst": None,
        "published_at": "2022-09-13T08:00:00+00:00", "modified_at": None, "authors": [], "language": "en",
        "sections": [{"heading": None, "text": body}], "body_text": body, "casualty_figures": figures,
        "related_links": [], "fetched_at": fetched, "extractor_version": "test",
    }
    data["content_hash"] = content_hash(data)
    data["text_hash"] = text_hash(headline, [body])
    return ArticleItem(**data)


@pytest.fixture
def run(db_path):
    import asyncio
    import inspect

    from scrapy.utils.misc import load_object

    from monitor.delivery import _send_inline

    settings = {k: getattr(project_settings, k) for k in dir(project_settings) if k.isupper()}
    settings.update(MONITOR_DB=db_path, MONITOR_ALERT_CHANNELS=["log"])
    crawler = get_crawler(settings_dict=settings)
    crawler.stats.open_spider()
    ordered = sorted(crawler.settings.getdict("ITEM_PIPELINES").items(), key=lambda kv: kv[1])
    pipes = [load_object(path).from_crawler(crawler) for path, _ in ordered]
    for p in pipes:
        if hasattr(p, "send"):
            p.send = _send_inline

    def go(it):
        for p in pipes:
            it = p.process_item(it)
            if inspect.iscoroutine(it):
                it = asyncio.run(it)
        return it

    go.store = store_for(crawler)
    yield go
    go.store.close()


def test_pipeline_own_count_alerts_and_enemy_claim_does_not(run):
    url = "http://wire.test/clashes"
    run(item(url, BODY.replace("105", "49"), [fig(49, claimed_by="armenia"), fig(50, "azerbaijan", "azerbaijan")]))
    run(item(url, BODY, [fig(105, claimed_by="armenia"), fig(50, "azerbaijan", "azerbaijan")],
             fetched="2026-01-01T01:00:00+00:00"))
    claim = BODY + " Baku claimed 200 Armenian soldiers had been killed."
    run(item(url, claim, [fig(105, claimed_by="armenia"), fig(50, "azerbaijan", "azerbaijan"),
                          fig(200, claimed_by="azerbaijan")], fetched="2026-01-01T02:00:00+00:00"))
    alerts = run.store.alerts()
    assert [(a["kind"], a["figure_key"], a["old_value"], a["new_value"], a["figure_claimed_by"]) for a in alerts] == [
        ("casualty_change", "killed|armenia|soldiers", "49", "105", "armenia")]
    stored = list(run.store.db.query("select count, claimed_by from casualty_figures where version_id = "
                                     "(select max(id) from versions) order by position"))
    assert stored == [{"count": 105, "claimed_by": "armenia"}, {"count": 50, "claimed_by": "azerbaijan"},
                      {"count": 200, "claimed_by": "azerbaijan"}]


def test_pipeline_story_toll_ignores_enemy_claims_and_background(run):
    run(item("http://wire.test/clashes", BODY, [fig(105, claimed_by="armenia"), fig(50, "azerbaijan", "azerbaijan")]))
    story = run.store.article_story(1)
    later = ("Azerbaijan's Defence Ministry said 71 of its servicemen had been killed in the border fighting with "
             "Armenia, which says 105 of its soldiers died. Baku also claimed 300 Armenian soldiers were killed. "
             "The 2020 war killed more than 6,700 people.")
    # the story toll of Azerbaijan's own count rose; the claim about Armenian losses and the 2020 war's
    # toll (background) are no rise of anything
    it = run(item("http://observer.test/toll-71", later, source="observer", headline="Azerbaijan raises toll to 71",
                  figures=[fig(71, "azerbaijan", "azerbaijan"), fig(105, claimed_by="armenia"),
                           fig(300, claimed_by="azerbaijan"),
                           fig(6700, "both", victims="people", qualifier="more_than", background=True),
                           fig(3000, background=True)]))
    assert state_of(it)["story_id"] == story
    [alert] = run.store.alerts()
    assert (alert["kind"], alert["figure_key"], alert["old_value"], alert["new_value"]) == \
        ("story_toll", "killed|azerbaijan|soldiers", "50", "71")
    assert "claimed by Azerbaijan" in alert["message"]
    peaks = run.store.story_peaks(story)
    assert not any("background" in k for k in peaks) and peaks["killed|armenia|soldiers"]["peak"] == 105


# -- views, the desk and history --------------------------------------------------------------------
@pytest.fixture
def story_db(db_path):
    with Store.open(db_path) as store:
        first, _, _ = store.save_version(_record("http://wire.test/a", [
            fig(50, "azerbaijan", "azerbaijan"), fig(105, claimed_by="armenia")]), None)
        story = store.article_story(first)
        store.save_version(_record("http://ledger.test/b", [
            fig(6700, "both", background=True, victims="people", qualifier="more_than"),
            fig(200, claimed_by="azerbaijan"), fig(71, "azerbaijan", "azerbaijan")],
            story_id=story, fetched="2026-01-02T10:00:00+00:00"), None)
    store = Store.open(db_path)
    yield store
    store.close()


def q(store, sql, *params):
    return [dict(r) for r in store.db.query(sql, params)]


def test_toll_views_leave_background_out_and_keep_claims_apart(story_db):
    timeline = q(story_db, "select count, claimed_by, background from figure_timeline where count = 6700")
    assert timeline == [{"count": 6700, "claimed_by": "unknown", "background": 1}]  # kept and shown
    for view in ("figure_series", "latest_figures"):
        assert not q(story_db, f"select * from {view} where count = 6700"), view
    assert not q(story_db, "select * from figure_changes where new_count = 6700")
    latest = {r["figure_key"]: (r["value"], r["claimed_by"]) for r in q(story_db, "select * from latest_figures")}
    assert latest == {"killed|azerbaijan|soldiers": ("71", "azerbaijan"), "killed|armenia|soldiers": ("105", "armenia"),
                      "killed|armenia|soldiers|by:azerbaijan": ("200", "azerbaijan")}
    changed = q(story_db, "select old_value, new_value from figure_changes where change = 'changed'")
    assert changed == [{"old_value": "50", "new_value": "71"}]  # 200 is no change of Armenia's 105
    figures = q(story_db, "select figures from version_history order by version_id desc limit 1")[0]["figures"]
    assert "more than 6700 killed (both, people, background)" in figures
    assert "200 killed (armenia, soldiers, claimed by azerbaijan)" in figures
    details = [r["detail"] for r in q(story_db, "select detail from change_log where kind like 'figure%'")]
    assert "killed armenia soldiers (claimed by azerbaijan): 200" in details


def _desk_sql(sql):
    return re.sub(r"\[\[.*?\]\]", "", sql)  # the dashboards' optional filter clauses, unset


def test_desk_chart_and_canned_queries_never_show_background_and_show_claims(story_db):
    metadata = load_metadata()
    charts = metadata["plugins"]["datasette-dashboards"]["casualties"]["charts"]
    for name in ("timeline", "highest"):
        rows = q(story_db, _desk_sql(charts[name]["query"]))
        assert rows and all(6700 not in r.values() for r in rows), name
    timeline = q(story_db, _desk_sql(charts["timeline"]["query"]))
    assert {r["claimed_by"] for r in timeline} == {"armenia", "azerbaijan"}
    # the highest-toll bars never put Baku's claim about Armenian losses on Armenia's own bar
    highest = {(r["side"], r["what"]): r["highest"] for r in q(story_db, _desk_sql(charts["highest"]["query"]))}
    assert highest == {("armenia", "killed · soldiers"): 105, ("armenia", "killed · soldiers · claimed by azerbaijan"): 200,
                       ("azerbaijan", "killed · soldiers"): 71}
    queries = metadata["databases"]["monitor"]["queries"]
    for name in ("latest_figures_by_story", "toll_over_time"):
        rows = q(story_db, queries[name]["sql"].replace(":story", "''"))
        assert rows and "claimed_by" in rows[0] and all("6700" not in str(r) for r in rows), name


def test_history_shows_claims_and_background(story_db):
    history = article_history(story_db, "http://ledger.test/b")
    figures = history["versions"][0]["casualty_figures"]
    assert {(f["count"], f["claimed_by"], f["background"]) for f in figures} == {
        (6700, "unknown", True), (200, "azerbaijan", False), (71, "azerbaijan", False)}
    text = render_history(history)
    assert "figure killed|both|people|background: more than 6700 (background)" in text
    assert "figure killed|armenia|soldiers|by:azerbaijan: 200 (claimed by Azerbaijan)" in text
    # a change between versions says whose claim it is
    changes = compute_changes({"casualty_figures": [fig(49, claimed_by="armenia")]},
                              {"casualty_figures": [fig(105, claimed_by="armenia"), fig(6700, background=True)]})
    history["versions"][0] = dict(history["versions"][0], version=2, changes=changes)
    text = render_history(history)
    assert "figure killed|armenia|soldiers: 49 → 105 (claimed by Armenia)" in text
    assert "figure added killed|armenia|soldiers|background: 6700 (background)" in text


# -- what passes the extractor's dicts on -------------------------------------------------------------
def _assert_claims(figures):
    assert figures
    for f in figures:
        assert f["claimed_by"] in CLAIMANTS and isinstance(f["background"], bool), f
        assert {"count", "qualifier", "category", "side", "victims"} <= set(f)


def test_parsed_pages_and_monitor_extract_keep_claims_on_every_figure(tmp_path):
    from conftest import REPO, run_monitor
    from monitor.parsing import parse_article_page

    page = REPO / "tests" / "pages" / "wire_jsonld.html"
    article = parse_article_page(page.read_bytes(), "https://wire.test/a")
    _assert_claims(article["casualty_figures"])
    [line] = run_monitor("extract", str(page), "--url", "https://wire.test/a").stdout.splitlines()
    _assert_claims(json.loads(line)["casualty_figures"])
    assert json.loads(line)["casualty_figures"] == article["casualty_figures"]


def test_monitor_casualties_json_keeps_claims():
    from conftest import run_monitor

    text = "Armenia's Defence Ministry said 49 soldiers were killed. Azerbaijan said 50 of its servicemen died."
    _assert_claims(json.loads(run_monitor("casualties", stdin=text).stdout))
    out = run_monitor("casualties", "--jsonl", stdin=json.dumps({"id": 1, "text": text}) + "\n").stdout
    _assert_claims(json.loads(out)["figures"])


def test_alert_payload_says_who_claims_the_figure(tmp_path):
    from monitor.channels import JsonlChannel

    [alert] = _change_alerts([fig(49, claimed_by="armenia")], [fig(105, claimed_by="armenia")])
    channel = JsonlChannel(tmp_path / "a.jsonl")
    channel.send(dict(alert, id=1, created_at="t"))
    sent = json.loads((tmp_path / "a.jsonl").read_text())
    assert sent["figure_claimed_by"] == "armenia" and "claimed by Armenia" in sent["message"]
