"""Each pipeline on its own and in order, built the Scrapy way (get_crawler), against a real SQLite file."""

import json

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.misc import load_object
from scrapy.utils.test import get_crawler

from monitor import settings as project_settings
from monitor.hashing import content_hash, text_hash
from monitor.items import ArticleItem
from pipelines.itemstate import state_of
from pipelines.storeaccess import store_for


def make_item(url="http://news.test/wire/clashes", headline="Armenia and Azerbaijan clash on border",
              body="Armenia said 49 soldiers were killed in fighting with Azerbaijan near Jermuk.",
              figures=None, source="wire", fetched_at="2026-01-01T00:00:00+00:00"):
    figures = figures if figures is not None else [
        {"count": 49, "count_high": None, "qualifier": "exact", "category": "killed", "side": "armenia",
         "victims": "soldiers",
         "evidence": [{"part": "section:0", "sentence": body, "start": 0, "end": len(body)}]}]
    data = {
        "url": url, "canonical_url": url, "source": source, "headline": headline, "standfirst": None,
        "published_at": "2022-09-13T08:00:00+00:00", "modified_at": None, "authors": ["A. Writer"],
        "language": "en", "sections": [{"heading": None, "text": body}], "body_text": body,
        "casualty_figures": figures,
        "related_links": [{"url": "http://news.test/post/talks", "text": "Russia offers talks", "kind": "related"}],
        "fetched_at": fetched_at, "extractor_version": "test",
    }
    data["content_hash"] = content_hash(data)
    data["text_hash"] = text_hash(headline, [body])
    return ArticleItem(**data)


@pytest.fixture
def crawler(db_path):
    settings = {k: getattr(project_settings, k) for k in dir(project_settings) if k.isupper()}
    settings.update(MONITOR_DB=db_path, MONITOR_ALERT_CHANNELS=["log"])
    crawler = get_crawler(settings_dict=settings)
    crawler.stats.open_spider()
    yield crawler
    store = store_for(crawler)
    store.close()


def chain(crawler):
    ordered = sorted(crawler.settings.getdict("ITEM_PIPELINES").items(), key=lambda kv: kv[1])
    return [load_object(path).from_crawler(crawler) for path, _ in ordered]


def run_item(pipelines, item):
    import asyncio
    import inspect

    for p in pipelines:
        item = p.process_item(item)
        if inspect.iscoroutine(item):
            item = asyncio.run(item)
    return item


def test_every_component_path_loads():
    for path in list(project_settings.ITEM_PIPELINES) + [p for p, v in project_settings.EXTENSIONS.items() if v]:
        assert load_object(path)
    assert load_object(project_settings.SPIDER_LOADER_CLASS)


def test_imported_packages_are_the_repositorys():
    import pipelines
    import spiders
    import storage
    from pathlib import Path

    repo = Path(__file__).resolve().parents[1]
    for module in (pipelines, spiders, storage):
        assert Path(module.__file__).resolve().parent.parent == repo, module.__file__


def test_validate_drops_items_without_body(crawler):
    from pipelines.validate import ValidatePipeline

    p = ValidatePipeline.from_crawler(crawler)
    item = make_item()
    item["body_text"] = "  "
    with pytest.raises(DropItem, match="missing body_text"):
        p.process_item(item)
    assert crawler.stats.get_value("monitor/invalid") == 1


def test_relevance_scores_and_drops(crawler):
    from pipelines.relevance import RelevancePipeline

    p = RelevancePipeline.from_crawler(crawler)
    kept = p.process_item(make_item())
    assert kept["relevance"] >= 3 and "armenia" in kept["relevance_terms"]
    with pytest.raises(DropItem, match="not about"):
        p.process_item(make_item(headline="Club wins cup final", body="The match ended 2-1.", figures=[]))


def test_first_version_then_unchanged_then_changed_with_alert(crawler):
    pipes = chain(crawler)
    store = store_for(crawler)
    run_item(pipes, make_item())
    run_item(pipes, make_item(fetched_at="2026-01-01T01:00:00+00:00"))  # same content
    assert store.db.table("versions").count == 1
    assert crawler.stats.get_value("monitor/articles_unchanged") == 1

    body = "Armenia said 105 soldiers were killed in fighting with Azerbaijan near Jermuk."
    fig = {"count": 105, "count_high": None, "qualifier": "exact", "category": "killed", "side": "armenia",
           "victims": "soldiers", "evidence": [{"part": "section:0", "sentence": body, "start": 0, "end": len(body)}]}
    item = run_item(pipes, make_item(body=body, figures=[fig], fetched_at="2026-01-01T02:00:00+00:00"))
    assert state_of(item)["version"] == 2
    versions = list(store.db.query("select version, changed_fields, body_diff from versions order by version"))
    assert json.loads(versions[1]["changed_fields"]) == ["sections", "casualty_figures"]
    assert "+Armenia said 105" in versions[1]["body_diff"]
    alerts = store.alerts()
    assert len(alerts) == 1
    assert (alerts[0]["old_value"], alerts[0]["new_value"]) == ("49", "105")
    # delivery runs off the item path, in the alert pipeline's worker thread: wait for it as a close would
    next(p for p in pipes if hasattr(p, "worker")).worker.wait(budget=10)
    alerts = store.alerts()
    assert alerts[0]["delivered_at"] is not None  # the log channel took it
    figures = list(store.db.query("select count, sentence, evidence from casualty_figures order by id"))
    assert [f["count"] for f in figures] == [49, 105]
    assert figures[1]["sentence"] == body and json.loads(figures[1]["evidence"])[0]["part"] == "section:0"
    assert store.db.table("links").count == 2 and store.db.table("sections").count == 2

    # the same update seen again (another run) raises nothing new
    run_item(pipes, make_item(body=body, figures=[fig], fetched_at="2026-01-01T03:00:00+00:00"))
    assert store.db.table("versions").count == 2 and store.db.table("alerts").count == 1


def test_syndicated_copy_is_recorded_as_duplicate(crawler):
    pipes = chain(crawler)
    store = store_for(crawler)
    run_item(pipes, make_item())
    copy = make_item(url="http://other.test/post/copy-of-clashes", source="post")
    with pytest.raises(DropItem, match="duplicate of article 1"):
        run_item(pipes, copy)
    with pytest.raises(DropItem, match="duplicate of article 1"):  # seen again next run
        run_item(pipes, make_item(url="http://other.test/post/copy-of-clashes", source="post",
                                  fetched_at="2026-01-02T00:00:00+00:00"))
    assert store.db.table("articles").count == 1
    dups = list(store.db.query("select * from duplicates"))
    assert len(dups) == 1 and dups[0]["article_id"] == 1 and dups[0]["last_seen_at"].startswith("2026-01-02")
    assert crawler.stats.get_value("monitor/duplicates") == 2


LONG_BODY = (
    "Armenia and Azerbaijan accused each other on Tuesday of starting the heaviest fighting along their border "
    "since the 2020 war, with both sides reporting soldiers killed in overnight shelling near Jermuk and Sotk. "
    "Armenia's Defence Ministry said 49 soldiers had been killed. Azerbaijan said 50 of its servicemen had died. "
    "Diplomats in Moscow, Brussels and Washington urged restraint, and the European Union offered to mediate. "
    "Residents of border villages spent the night in basements as artillery fire continued until dawn, officials said."
)


def test_lightly_edited_copy_is_a_near_duplicate(crawler):
    pipes = chain(crawler)
    store = store_for(crawler)
    run_item(pipes, make_item(body=LONG_BODY))
    edited = LONG_BODY.replace(" and the European Union offered to mediate", "")
    copy = make_item(url="http://other.test/copy", source="post", body=edited,
                     headline="Armenia, Azerbaijan clash on border")
    with pytest.raises(DropItem, match="near_duplicate"):
        run_item(pipes, copy)
    [dup] = list(store.db.query("select * from duplicates"))
    assert dup["reason"] == "near_duplicate" and 0.7 <= dup["similarity"] < 1
    assert store.db.table("articles").count == 1


def test_unrelated_report_is_not_a_near_duplicate(crawler):
    pipes = chain(crawler)
    run_item(pipes, make_item(body=LONG_BODY))
    other = ("Azerbaijan and Armenia exchanged the bodies of soldiers killed last week at a crossing near the town "
             "of Lachin, the International Committee of the Red Cross said. The handover followed talks in Brussels "
             "and was the first since the ceasefire took hold. Officials on both sides said more exchanges would follow.")
    run_item(pipes, make_item(url="http://other.test/exchange", source="post", body=other, figures=[],
                              headline="Armenia and Azerbaijan exchange bodies near Lachin"))
    assert store_for(crawler).db.table("articles").count == 2


def test_story_toll_alert_when_another_outlet_reports_a_higher_toll(crawler):
    pipes = chain(crawler)
    store = store_for(crawler)

    def f(count, side, sentence):
        return {"count": count, "count_high": None, "qualifier": "exact", "category": "killed", "side": side,
                "victims": "soldiers", "evidence": [{"part": "section:0", "sentence": sentence, "start": 0,
                                                     "end": len(sentence)}]}

    run_item(pipes, make_item(body=LONG_BODY, figures=[f(49, "armenia", "49 killed"), f(50, "azerbaijan", "50 died")]))
    later = ("Azerbaijan's Defence Ministry said on Friday that 71 of its servicemen had been killed in the border "
             "fighting with Armenia, and published their names. Armenia has said 49 of its soldiers were killed.")
    item = run_item(pipes, make_item(url="http://observer.test/toll-71", source="observer", body=later,
                                     headline="Azerbaijan raises its military toll to 71",
                                     figures=[f(71, "azerbaijan", later.split(". ")[0]), f(49, "armenia", "49")]))
    assert state_of(item)["story_id"] == store.db.table("articles").get(1)["story_id"]
    [alert] = store.alerts()
    assert alert["kind"] == "story_toll" and (alert["old_value"], alert["new_value"]) == ("50", "71")
    assert alert["url"] == "http://observer.test/toll-71" and "http://news.test/wire/clashes" in alert["message"]


def test_update_under_a_new_slug_is_a_new_version_not_a_duplicate(crawler):
    pipes = chain(crawler)
    store = store_for(crawler)
    run_item(pipes, make_item(body=LONG_BODY))
    updated = LONG_BODY.replace("said 49 soldiers", "said 105 soldiers")
    fig = {"count": 105, "count_high": None, "qualifier": "exact", "category": "killed", "side": "armenia",
           "victims": "soldiers", "evidence": [{"part": "section:0", "sentence": "105", "start": 0, "end": 3}]}
    moved = "http://news.test/wire/clashes-toll-rises-to-105"
    item = run_item(pipes, make_item(url=moved, body=updated, figures=[fig]))
    assert state_of(item)["article_id"] == 1 and state_of(item)["version"] == 2
    assert store.db.table("articles").count == 1
    assert store.db.table("articles").get(1)["canonical_url"] == "http://news.test/wire/clashes"
    [alias] = list(store.db.query("select reason, canonical_url from duplicates"))
    assert alias == {"reason": "moved", "canonical_url": moved}
    assert [a["kind"] for a in store.alerts()] == ["casualty_change"]
    # a later update under the new URL goes on as the same article
    again = LONG_BODY.replace("said 49 soldiers", "said 135 soldiers")
    fig135 = dict(fig, count=135)
    item = run_item(pipes, make_item(url=moved, body=again, figures=[fig135], fetched_at="2026-01-02T00:00:00+00:00"))
    assert state_of(item)["version"] == 3 and len(store.alerts()) == 2


def test_story_toll_not_repeated_when_the_peak_article_is_edited(crawler):
    pipes = chain(crawler)
    store = store_for(crawler)

    def f(count, side):
        return {"count": count, "count_high": None, "qualifier": "exact", "category": "killed", "side": side,
                "victims": "soldiers", "evidence": []}

    run_item(pipes, make_item(body=LONG_BODY, figures=[f(49, "armenia"), f(50, "azerbaijan")]))
    later = ("Azerbaijan's Defence Ministry said on Friday that 71 of its servicemen had been killed in the border "
             "fighting with Armenia, and published their names. Armenia has said 49 of its soldiers were killed.")
    url = "http://observer.test/toll-71"
    run_item(pipes, make_item(url=url, source="observer", body=later, figures=[f(71, "azerbaijan"), f(49, "armenia")]))
    run_item(pipes, make_item(url=url, source="observer", body=later + " Funerals were held on Saturday.",
                              figures=[f(71, "azerbaijan"), f(49, "armenia")], fetched_at="2026-01-03T00:00:00+00:00"))
    assert [a["kind"] for a in store.alerts()] == ["story_toll"]  # the edit repeats 71: no second alert


def test_alert_after_a_parser_upgrade_says_so(crawler):
    pipes = chain(crawler)
    store = store_for(crawler)
    run_item(pipes, make_item())
    body = "Armenia said 105 soldiers were killed in fighting with Azerbaijan near Jermuk."
    fig = {"count": 105, "count_high": None, "qualifier": "exact", "category": "killed", "side": "armenia",
           "victims": "soldiers", "evidence": []}
    upgraded = make_item(body=body, figures=[fig], fetched_at="2026-01-01T02:00:00+00:00")
    upgraded["extractor_version"] = "test-2"
    run_item(pipes, upgraded)
    [alert] = store.alerts()
    assert "extractor changed since the previous version, test → test-2" in alert["message"]
    version = next(store.iter_rows("select changes from versions where version = 2"))
    assert json.loads(version["changes"])["extractor_changed"] == {"old": "test", "new": "test-2"}


def test_same_outlet_bulletins_on_different_days_stay_separate_articles(crawler):
    pipes = chain(crawler)
    store = store_for(crawler)
    bulletin = ("The Defence Ministry of Armenia reports that on {day} units of the Azerbaijani armed forces "
                "violated the ceasefire regime along the border, and that {n} Armenian servicemen were killed. "
                "The ministry said the situation on the front line remained tense and that its units were "
                "taking retaliatory measures. Further information will be provided as it becomes available. "
                "The ministry reminded journalists that only official information should be used in reports.")

    def item(day, n, url, published):
        fig = {"count": n, "count_high": None, "qualifier": "exact", "category": "killed", "side": "armenia",
               "victims": "soldiers", "evidence": []}
        it = make_item(url=url, body=bulletin.format(day=day, n=n), figures=[fig],
                       headline="Armenia's Defence Ministry: ceasefire violated on the border")
        it["published_at"] = published
        return it

    run_item(pipes, item("1 January", 3, "http://news.test/bulletin/0101", "2026-01-01T09:00:00+00:00"))
    run_item(pipes, item("2 January", 7, "http://news.test/bulletin/0102", "2026-01-02T09:00:00+00:00"))
    assert store.db.table("articles").count == 2  # template bulletins are new articles, not a moved one
    assert not list(store.db.query("select * from duplicates")) and store.alerts() == []
