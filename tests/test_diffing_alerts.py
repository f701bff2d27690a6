import json

import pytest

from monitor.alerts import AlertPolicy, casualty_change_alerts, headline_change_alerts, story_toll_alerts
from monitor.channels import JsonlChannel, build_channels
from monitor.delivery import deliver_pending
from monitor.diffing import body_diff, compute_changes, figure_changes, figure_value
from storage import Store, VersionRecord


def fig(count, category="killed", side="armenia", victims="soldiers", qualifier="exact", high=None, sentence=None):
    f = {"count": count, "count_high": high, "qualifier": qualifier, "category": category, "side": side,
         "victims": victims}
    if sentence:
        f["evidence"] = [{"part": "section:0", "sentence": sentence, "start": 0, "end": len(sentence)}]
    return f


def test_figure_value_reads_like_a_person_would():
    assert figure_value(fig(105)) == "105"
    assert figure_value(fig(49, qualifier="at_least")) == "at least 49"
    assert figure_value(fig(100, qualifier="up_to", high=100)) == "up to 100"
    assert figure_value(fig(200, high=300)) == "200-300"


def test_figure_changes_by_key():
    old = [fig(49), fig(50, side="azerbaijan")]
    new = [fig(105), fig(50, side="azerbaijan"), fig(3, victims="civilians", side="azerbaijan")]
    changes = figure_changes(old, new)
    assert changes["changed"] == [{"key": "killed|armenia|soldiers", "old": "49", "new": "105", "old_count": 49,
                                   "new_count": 105, "old_high": None, "new_high": None,
                                   "old_values": ["49"], "new_values": ["105"],
                                   "old_claimed_by": "unknown", "new_claimed_by": "unknown", "background": False}]
    assert changes["added"] == [{"key": "killed|azerbaijan|civilians", "new": "3", "claimed_by": "unknown",
                                 "background": False}]
    assert changes["removed"] == []


def test_compute_changes_lists_changed_fields():
    old = {"headline": "Clashes", "sections": [{"heading": None, "text": "49 killed"}], "casualty_figures": [fig(49)]}
    new = {"headline": "Clashes: toll rises", "sections": [{"heading": None, "text": "105 killed"},
                                                           {"heading": "Reaction", "text": "..."}],
           "casualty_figures": [fig(105)]}
    changes = compute_changes(old, new)
    assert changes["changed_fields"] == ["headline", "sections", "casualty_figures"]
    assert changes["sections"]["added"] == [{"heading": "Reaction"}]
    assert compute_changes(None, new) == {"changed_fields": ["created"]}
    assert compute_changes(new, dict(new))["changed_fields"] == []


def test_body_diff_is_unified():
    diff = body_diff("A\n49 killed\nC", "A\n105 killed\nC")
    assert "-49 killed" in diff and "+105 killed" in diff


def test_casualty_alert_message_has_old_new_evidence_and_url():
    changes = {"casualty_figures": figure_changes([fig(49)], [fig(105)])}
    alerts = casualty_change_alerts(url="http://x/a", headline="Toll rises", changes=changes,
                                    new_figures=[fig(105, sentence="105 Armenian soldiers were killed.")])
    assert len(alerts) == 1
    msg = alerts[0]["message"]
    assert "49 → 105" in msg and "http://x/a" in msg and "105 Armenian soldiers were killed." in msg
    assert alerts[0]["old_value"] == "49" and alerts[0]["new_value"] == "105"


def _store_with_alert(path):
    store = Store.open(path)
    alert = {"alert_key": "casualty_change:{article_id}:{version}:k", "kind": "casualty_change", "figure_key": "k",
             "old_value": "49", "new_value": "105", "message": "changed", "evidence": "[]", "url": "http://x/a",
             "created_at": "2026-01-01T00:00:00+00:00"}
    record = VersionRecord(
        article={"canonical_url": "http://x/a", "url": "http://x/a", "source": "s", "first_seen_at": "t"},
        version={"fetched_at": "t", "content_hash": "h"}, alerts=[alert])
    store.save_version(record, None)
    return store


def test_delivery_is_recorded_and_never_repeated(tmp_path):
    store = _store_with_alert(str(tmp_path / "a.db"))
    out = tmp_path / "alerts.jsonl"
    channels = build_channels(["jsonl:" + str(out)])
    assert deliver_pending(store, {"content": channels}) == (1, 0)
    assert deliver_pending(store, {"content": channels}) == (0, 0)
    lines = out.read_text().splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["new_value"] == "105"
    assert store.alerts()[0]["delivered_at"] is not None


def test_failed_delivery_stays_queued(tmp_path):
    store = _store_with_alert(str(tmp_path / "a.db"))

    class Broken:
        name = "broken"

        def send(self, alert):
            raise ConnectionError("receiver down")

    from datetime import datetime, timedelta, timezone

    t0 = datetime(2026, 1, 1, tzinfo=timezone.utc)
    assert deliver_pending(store, {"content": [Broken()]}, now=t0) == (0, 1)
    row = store.alerts()[0]
    assert row["delivered_at"] is None and row["attempts"] == 1 and "receiver down" in row["last_error"]
    assert row["next_attempt_at"] == "2026-01-01T00:00:30+00:00"  # backoff: not retried before that
    ok = JsonlChannel(tmp_path / "ok.jsonl")
    assert deliver_pending(store, {"content": [ok]}, now=t0 + timedelta(seconds=10)) == (0, 0)
    assert deliver_pending(store, {"content": [ok]}, now=t0 + timedelta(seconds=31)) == (1, 0)


def test_unknown_channel_is_an_error():
    import pytest

    with pytest.raises(ValueError, match="unknown alert channel"):
        build_channels(["carrier-pigeon"])
    with pytest.raises(ValueError, match="http"):
        build_channels(["webhook:ftp://x"])


def test_policy_thresholds():
    assert AlertPolicy().significant(49, 105) and AlertPolicy().significant(49, 50)
    assert not AlertPolicy(min_change=5).significant(49, 52)
    assert not AlertPolicy(min_relative=0.1).significant(100, 105)
    assert AlertPolicy(min_relative=0.1).significant(100, 111)
    assert not AlertPolicy().significant(49, 49)
    changes = {"casualty_figures": figure_changes([fig(100)], [fig(103)])}
    assert casualty_change_alerts(url="u", headline="h", changes=changes, new_figures=[fig(103)],
                                  policy=AlertPolicy(min_change=5)) == []
    assert casualty_change_alerts(url="u", headline="h", changes=changes, new_figures=[fig(103)],
                                  policy=AlertPolicy(rules=frozenset({"story_toll"}))) == []
    with pytest.raises(ValueError, match="unknown alert rule"):
        AlertPolicy(rules=frozenset({"everything"}))


def test_story_toll_rises_above_other_articles_peak_only():
    peaks = {"killed|azerbaijan|soldiers": {"peak": 50, "url": "http://a/1"}}
    figures = [fig(71, side="azerbaijan", sentence="Baku raised its toll to 71 servicemen.")]
    [alert] = story_toll_alerts(url="http://b/2", headline="Toll rises", new_figures=figures, peaks=peaks)
    assert alert["kind"] == "story_toll" and (alert["old_value"], alert["new_value"]) == ("50", "71")
    assert "http://a/1" in alert["message"] and "Baku raised its toll" in alert["message"]
    # equal or lower: nothing; a key the article rule already alerted: nothing; a new key: nothing
    assert story_toll_alerts(url="u", headline="h", new_figures=[fig(50, side="azerbaijan")], peaks=peaks) == []
    assert story_toll_alerts(url="u", headline="h", new_figures=figures, peaks=peaks,
                             already_alerted={"killed|azerbaijan|soldiers"}) == []
    assert story_toll_alerts(url="u", headline="h", new_figures=[fig(9, category="wounded")], peaks=peaks) == []


def test_headline_rule_is_off_by_default():
    changes = {"headline": {"old": "A", "new": "B"}}
    assert headline_change_alerts(url="u", changes=changes) == []
    [alert] = headline_change_alerts(url="u", changes=changes,
                                     policy=AlertPolicy(rules=frozenset({"headline_change"})))
    assert alert["kind"] == "headline_change" and '"A" → "B"' in alert["message"]


def test_top_of_a_range_moving_is_a_change():
    changes = {"casualty_figures": figure_changes([fig(200, high=300)], [fig(200, high=400)])}
    [alert] = casualty_change_alerts(url="u", headline="h", changes=changes, new_figures=[fig(200, high=400)])
    assert (alert["old_value"], alert["new_value"]) == ("200-300", "200-400")


def test_hash_of_figures_that_share_a_count():
    from monitor.hashing import content_hash

    # count_high None next to an int once crashed the sort
    article = {"casualty_figures": [fig(2), fig(2, category="wounded", high=4), fig(100, qualifier="up_to", high=100),
                                    fig(100, category="bodies_returned")]}
    assert len(content_hash(article)) == 64
