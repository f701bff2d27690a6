"""The whole product once: `monitor demo` (real scheduler, spiders, pipelines, SQLite) in a fresh process."""

import json
import sqlite3

import pytest

from conftest import run_monitor

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("demo")
    db = tmp / "demo.db"
    result = run_monitor("demo", "--db", str(db), "--pause", "0.2", cwd=tmp, timeout=170)
    assert result.returncode == 0, result.stderr[-3000:]
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    yield result, conn, db
    conn.close()


def rows(conn, sql, *params):
    return [dict(r) for r in conn.execute(sql, params)]


def test_updated_article_has_versions_with_toll_change(demo):
    _, conn, _ = demo
    versions = rows(conn, "select a.canonical_url, v.version, v.changed_fields from versions v "
                          "join articles a on a.id = v.article_id where a.canonical_url like '%border-clashes%' "
                          "order by v.version")
    assert len(versions) >= 2
    assert "casualty_figures" in json.loads(versions[1]["changed_fields"])


def test_casualty_change_alert_raised_and_delivered(demo):
    result, conn, _ = demo
    alerts = rows(conn, "select * from alerts where kind = 'casualty_change'")
    assert any(a["figure_key"] == "killed|armenia|soldiers" and a["old_value"] == "49" and a["new_value"] == "105"
               for a in alerts), alerts
    assert all(a["delivered_at"] for a in alerts)
    assert "49 → 105" in result.stdout


def test_ceasefire_figures(demo):
    _, conn, _ = demo
    figures = rows(conn, "select f.count, f.category, f.side, f.victims, f.sentence from casualty_figures f "
                         "join articles a on a.id = f.article_id "
                         "where a.canonical_url like '%/ledger/%agree-ceasefire%'")
    keys = {(f["count"], f["category"], f["side"], f["victims"]) for f in figures}
    assert {(155, "killed", "both", "soldiers"), (105, "killed", "armenia", "soldiers"),
            (50, "killed", "azerbaijan", "soldiers")} <= keys, keys
    assert all(f["sentence"] for f in figures)


def test_syndicated_copy_is_a_duplicate_not_an_article(demo):
    _, conn, _ = demo
    assert not rows(conn, "select id from articles where canonical_url like '%/post/news/%ceasefire%'")
    dups = rows(conn, "select d.url, d.reason, d.similarity, a.canonical_url from duplicates d "
                      "join articles a on a.id = d.article_id")
    copy = [d for d in dups if "/post/news/" in d["url"]]
    assert len(copy) == 1 and "/ledger/" in copy[0]["canonical_url"], dups
    # the copy is lightly edited (own headline wording, a sentence trimmed): found by MinHash, not by hash
    assert copy[0]["reason"] == "near_duplicate" and 0.7 <= copy[0]["similarity"] < 1.0


def test_story_groups_reports_and_tracks_the_toll(demo):
    result, conn, _ = demo
    story = rows(conn, "select story_id from articles where canonical_url like '%/ledger/%agree-ceasefire%'")[0]["story_id"]
    members = [r["canonical_url"] for r in rows(conn, "select canonical_url from articles where story_id = ?", story)]
    assert any("border-clashes" in u for u in members) and any("death-toll-to-71" in u for u in members), members
    [alert] = rows(conn, "select * from alerts where kind = 'story_toll'")
    assert alert["figure_key"] == "killed|azerbaijan|soldiers" and (alert["old_value"], alert["new_value"]) == ("50", "71")
    assert alert["story_id"] == story and "death-toll-to-71" in alert["url"]
    assert "Story toll rose" in result.stdout
    # the syndicated copy repeated 105/50 but raised nothing: three content alerts in all (the wire's
    # and the Russian outlet's casualty_change, and this story_toll)
    assert rows(conn, "select count(*) n from alerts")[0]["n"] == 3


def test_no_unrelated_article_stored(demo):
    _, conn, _ = demo
    urls = [r["canonical_url"] for r in rows(conn, "select canonical_url from articles")]
    assert urls and not [u for u in urls if any(w in u for w in ("alcaraz", "ecb-raises", "chamber-orchestra"))]
    sources = {r["source"] for r in rows(conn, "select source from articles")}
    assert sources == {"caucasus-wire", "yerevan-ledger", "south-caucasus-post", "baku-observer",
                       "kavkaz-vestnik"}


def test_one_crawl_run_per_spider_run(demo):
    _, conn, _ = demo
    runs = rows(conn, "select source, finished_at, finish_reason, pages from crawl_runs")
    assert len(runs) == 5 * 6  # five outlets, six rounds
    assert all(r["finished_at"] and r["finish_reason"] == "finished" and r["pages"] > 0 for r in runs)
    last_round = rows(conn, "select sum(articles_new) n, sum(articles_changed) c from crawl_runs "
                            "where id > (select max(id) - 5 from crawl_runs)")[0]
    assert last_round == {"n": 0, "c": 0}  # the last round changes nothing: no new versions


def test_related_link_and_sections_stored(demo):
    _, conn, _ = demo
    links = rows(conn, "select l.url, l.kind from links l join articles a on a.id = l.article_id "
                       "where a.canonical_url like '%/ledger/%agree-ceasefire%'")
    assert any("russia-offers" in l["url"] and l["kind"] == "related" for l in links), links
    headings = [r["heading"] for r in rows(conn, "select s.heading from sections s join articles a "
                                                  "on a.id = s.article_id where a.canonical_url like "
                                                  "'%/ledger/%agree-ceasefire%' order by s.position")]
    assert "Claims and counter-claims" in headings


def test_history_and_alerts_commands_read_the_demo_db(demo):
    _, conn, db = demo
    url = rows(conn, "select url from articles where canonical_url like '%border-clashes%'")[0]["url"]
    history = run_monitor("history", url, "--db", str(db))
    assert history.returncode == 0, history.stderr
    assert "version 2" in history.stdout and "49 → 105" in history.stdout and "\x1b[" not in history.stdout
    as_json = json.loads(run_monitor("history", url, "--db", str(db), "--json").stdout)
    assert len(as_json["versions"]) >= 2
    alerts = run_monitor("alerts", "--db", str(db))
    assert alerts.returncode == 0 and "casualty_change" in alerts.stdout


def test_russian_outlet_windows_1251_feed_language_story_and_alert(demo):
    result, conn, _ = demo
    [article] = rows(conn, "select * from articles where source = 'kavkaz-vestnik'")
    # the feed is windows-1251 with a Cyrillic link: decoded from its XML declaration, not as mojibake
    assert "%D0%B1%D0%BE%D0%B8-%D0%BD%D0%B0-" in article["canonical_url"]
    assert article["language"] == "ru" and article["published_at"].startswith("2022-09-13T10:40")
    assert article["headline"] == "Армения и Азербайджан: бои на границе идут второй день"
    figures = {(f["count"], f["category"], f["side"], f["victims"]) for f in rows(
        conn, "select f.* from casualty_figures f join versions v on v.id = f.version_id "
              "where v.article_id = ? and v.version = ?", article["id"], article["current_version"])}
    assert figures == {(105, "killed", "armenia", "soldiers"), (50, "killed", "azerbaijan", "soldiers")}
    [alert] = rows(conn, "select * from alerts where kind = 'casualty_change' and url like '%/vestnik/%'")
    assert (alert["figure_key"], alert["old_value"], alert["new_value"]) == ("killed|armenia|soldiers", "49", "105")
    assert alert["delivered_at"]
    # grouped with the English reports of the same event: the figures agree
    wire = rows(conn, "select story_id from articles where canonical_url like '%border-clashes%'")[0]
    assert article["story_id"] == wire["story_id"]
    hits = rows(conn, "select rowid from articles_fts where articles_fts match 'пашинян*'")
    assert [h["rowid"] for h in hits] == [article["id"]]


def test_integrity(demo):
    _, conn, _ = demo
    assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    assert conn.execute("pragma foreign_key_check").fetchall() == []


def test_claims_stored_and_background_figures_never_in_a_toll(demo):
    """Holds whatever the extractor decides: every demo figure says who claims it, and any figure it
    marks as background (the 2020 war's 6,700) is shown in figure_timeline but in no toll view, no
    story peak and no alert. Both demo alerts are the current events' figures (checked above)."""
    result, conn, _ = demo
    figures = rows(conn, "select claimed_by, background from casualty_figures")
    assert figures and all(f["claimed_by"] in ("armenia", "azerbaijan", "third_party", "unknown") for f in figures)
    background = rows(conn, "select figure_id, figure_key, count from figure_timeline where background = 1")
    for f in background:
        assert f["figure_key"].endswith("|background")
        assert not rows(conn, "select 1 from figure_series where figure_id = ?", f["figure_id"])
        assert not rows(conn, "select 1 from latest_figures where figure_key = ?", f["figure_key"])
        assert not rows(conn, "select 1 from alerts where figure_key = ?", f["figure_key"])
    assert "by " in result.stdout.split("Casualty figures")[1]  # the printed summary says who claims each
