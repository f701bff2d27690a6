"""Receivers that fail in the ways real ones do: gone for good (4xx), or too slow to answer.

A 4xx other than 408/429 dead-letters the alert for that destination (with a health alert on the
other destinations, and a requeue command); a post without an answer in time is "outcome unknown"
and never repeated within the run; neither holds up a crawl.
"""

import json
import sqlite3
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest


from conftest import run_monitor
from monitor.channels import WebhookChannel
from monitor.delivery import deliver_pending
from storage import Store
from test_alert_delivery import queue_alerts
from test_destinations import two_crawls


@pytest.mark.parametrize("status, state", [(410, "dead"), (404, "dead"), (400, "dead"), (403, "dead"),
                                           (408, "failed"), (429, "failed"), (500, "failed"), (503, "failed")])
def test_which_answers_are_permanent(db_path, receivers, status, state):
    queue_alerts(db_path, n=1)
    receiver = receivers(status=status)
    hook = WebhookChannel(f"http://{receiver.hostport}/hook", timeout=5)
    with Store.open(db_path) as store:
        earlier = datetime.now(timezone.utc) - timedelta(days=2)
        deliver_pending(store, {"content": [hook], "health": []}, now=earlier)
        [row] = store.iter_rows("select state, dead_at, next_attempt_at from alert_deliveries")
        deliver_pending(store, {"content": [hook], "health": []})  # long after any backoff
    assert row["state"] == state and (row["dead_at"] is not None) == (state == "dead")
    assert len(receiver.posts) == (1 if state == "dead" else 2)  # a dead letter is never retried


def test_gone_webhook_is_dead_lettered_with_a_health_alert_and_requeued(db_path, tmp_path, receivers):
    keys = queue_alerts(db_path, n=2)
    gone = receivers(status=410)
    copy, health = tmp_path / "copy.jsonl", tmp_path / "health.jsonl"
    hook = f"gone=webhook:http://{gone.hostport}/hook"
    env = {"MONITOR_ALERT_CHANNELS": f"{hook},copy=jsonl:{copy}",
           "MONITOR_HEALTH_CHANNELS": f"ops=jsonl:{health},{hook}"}  # the dead one is a health destination too
    first = run_monitor("alerts", "--deliver", "--db", db_path, env=env)
    assert first.returncode == 1, first.stderr
    assert "1 delivered, 0 failed; 2 still queued; 2 dead-lettered" in first.stdout  # the 1: the health alert
    assert len(gone.posts) == 2 and len(copy.read_text().splitlines()) == 2  # the other destination took both
    [notice] = [json.loads(line) for line in health.read_text().splitlines()]
    assert notice["kind"] == "delivery_dead" and "gone" in notice["message"] and "--requeue" in notice["message"]
    assert len(gone.posts) == 2  # the health alert about 'gone' was not sent to 'gone'

    forced = run_monitor("alerts", "--deliver", "--force", "--db", db_path, env=env)
    assert "0 delivered" in forced.stdout and len(gone.posts) == 2  # dead letters are not retried, even forced
    dead = run_monitor("alerts", "--dead", "--db", db_path, env=env).stdout
    assert dead.count("-> gone: dead since") == 2 and "HTTP 410" in dead
    listing = run_monitor("alerts", "--db", db_path, env=env).stdout
    assert listing.count("] dead-lettered\n") == 2 and "-> gone: DEAD since" in listing and "-> copy: delivered" in listing
    with Store.open(db_path) as store:
        from storage.outbox import dead_letters

        assert [d["channel"] for d in dead_letters(store)] == ["gone", "gone"]  # what `monitor status` can count

    gone.status = 200  # the receiver was fixed
    bad = run_monitor("alerts", "--requeue", "soon", "--db", db_path, env=env)
    assert bad.returncode == 1 and bad.stderr.startswith("monitor: error: --requeue expects")
    requeued = run_monitor("alerts", "--requeue", "all", "--db", db_path, env=env)
    assert "2 dead-lettered deliveries requeued" in requeued.stdout
    again = run_monitor("alerts", "--deliver", "--db", db_path, env=env)
    assert again.returncode == 0 and "2 delivered, 0 failed; 0 still queued" in again.stdout
    assert sorted(p["key"] for p in gone.accepted()) == sorted(keys)
    assert len(copy.read_text().splitlines()) == 2  # 'copy' was not sent them again


@pytest.mark.e2e
def test_a_receiver_that_does_not_answer_in_time_never_holds_up_a_crawl(tmp_path, static_site, receivers):
    slow = receivers(delay=4.0, slow_first=1)  # the first post is answered after 4 s; timeout 1 s
    env = {"MONITOR_ALERT_CHANNELS": f"slow=webhook:http://{slow.hostport}/hook", "MONITOR_HEALTH_CHANNELS": "log"}
    db, log = two_crawls(tmp_path, static_site, env, "-s", "MONITOR_ALERT_TIMEOUT=1",
                         "-s", "MONITOR_ALERT_DELIVERY_BUDGET=2", n=10)
    conn = sqlite3.connect(db)
    assert conn.execute("select count(*) from versions where version = 2").fetchone()[0] == 10  # all stored
    rows = conn.execute("select state, last_attempt_at, next_attempt_at from alert_deliveries").fetchall()
    conn.close()
    assert len(slow.posts) == 1  # one post timed out; the destination was left alone for the rest of the run
    [(state, tried, retry)] = rows
    assert state == "unknown" and "outcome unknown" in log
    assert datetime.fromisoformat(retry) - datetime.fromisoformat(tried) >= timedelta(seconds=3)  # > 3 timeouts

    after = run_monitor("alerts", "--deliver", "--db", db, env=env)  # the receiver is quick again
    assert "9 delivered, 0 failed; 1 still queued" in after.stdout, after.stdout + after.stderr
    keys = [p["key"] for p in slow.posts]
    assert len(keys) == 10 and len(set(keys)) == 10  # the receiver holds each alert once


@pytest.mark.e2e
def test_delivery_has_a_time_budget_and_never_repeats_a_post_in_flight(tmp_path, static_site, receivers):
    slow = receivers(delay=3.0, slow_first=100)  # every post takes 3 s, within the 5 s timeout
    env = {"MONITOR_ALERT_CHANNELS": f"slow=webhook:http://{slow.hostport}/hook", "MONITOR_HEALTH_CHANNELS": "log"}
    db, _ = two_crawls(tmp_path, static_site, env, "-s", "MONITOR_ALERT_DELIVERY_BUDGET=1", n=10)
    conn = sqlite3.connect(db)
    assert conn.execute("select count(*) from versions where version = 2").fetchone()[0] == 10
    states = dict(conn.execute("select state, count(*) from alert_deliveries group by state").fetchall())
    queued = conn.execute("select count(*) from alerts where delivered_at is null").fetchone()[0]
    conn.close()
    assert queued >= 1  # the crawl did not wait for every alert (on the item path it would have)
    assert len(slow.posts) == states.get("delivered", 0) + states.get("sending", 0) >= 1  # every post bookkept
    slow.slow_first = 0  # quick from now on
    after = run_monitor("alerts", "--deliver", "--db", db, env=env)
    assert after.returncode == 0, after.stderr
    keys = Counter(p["key"] for p in slow.posts)
    assert max(keys.values()) == 1  # a post left in flight is not repeated by the next delivery


def test_rows_kept_under_a_webhook_url_are_adopted_and_the_url_leaves_the_file(tmp_path, receivers):
    """A store from before destination ids named rows by URL (with its token): the first delivery
    renames them to the destination's id, keeps what they say, and overwrites the URL on disk."""
    db = str(tmp_path / "old.db")
    queue_alerts(db, n=2)
    receiver = receivers()
    url = f"http://{receiver.hostport}/services/T000/B000/SECRETTOKEN123"
    conn = sqlite3.connect(db)
    conn.execute("insert into alert_deliveries (alert_id, channel, delivered_at, attempts) values (1, ?, 't', 1)",
                 (f"webhook:{url}",))
    conn.execute("insert into alert_deliveries (alert_id, channel, attempts, last_error) values (2, ?, 1, 'HTTP 500')",
                 (f"webhook:{url}",))
    conn.execute("update alerts set last_error = ? where id = 2", (f"webhook:{url}: webhook answered HTTP 500",))
    conn.commit()
    conn.close()
    result = run_monitor("alerts", "--deliver", "--db", db, "--channel", f"webhook:{url}")
    assert result.returncode == 0 and "2 delivered" in result.stdout, result.stdout + result.stderr
    assert [p["key"] for p in receiver.posts] == ["casualty_change:1:1:k1"]  # alert 1 had been delivered
    data = b"".join(p.read_bytes() for p in tmp_path.glob("old.db*"))
    assert b"SECRETTOKEN123" not in data
