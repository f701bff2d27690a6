"""Alert destinations: each has its own id and its own delivery state (two of one kind are two),
a destination added later gets alerts under a stated rule, and no credential is ever stored or shown.

Real crawls (fresh processes) against a news site and receivers on 127.0.0.1.
"""

import os
import sqlite3
import time
from collections import Counter

import pytest

from alert_receivers import CRAWL_SETTINGS, sources_file, toll_site
from conftest import run_monitor

pytestmark = pytest.mark.e2e


def two_crawls(tmp_path, static_site, env, *extra, n=2):
    """A first crawl stores ``n`` articles; the second finds every toll changed: ``n`` casualty_change alerts."""
    site = static_site({})
    toll_site(site, n, 12)
    sources = sources_file(tmp_path, site)
    db = str(tmp_path / "alerts.db")
    args = ["crawl", "--db", db, "--sources", sources, *CRAWL_SETTINGS, *extra]
    first = run_monitor(*args, env=env, cwd=tmp_path)
    assert first.returncode == 0, first.stderr[-3000:]
    toll_site(site, n, 40)
    second = run_monitor(*args, env=env, cwd=tmp_path)
    assert second.returncode == 0, second.stderr[-3000:]
    conn = sqlite3.connect(db)
    assert conn.execute("select count(*) from alerts where kind = 'casualty_change'").fetchone()[0] == n
    conn.close()
    return db, first.stderr + second.stderr


def messages(receiver):
    return Counter(p["body"].get("message") for p in receiver.accepted())


def test_two_destinations_of_one_kind_each_get_every_alert_once(tmp_path, static_site, receivers):
    team_a, team_b = receivers(), receivers(status=503)  # teamB is down during the crawl
    channels = f"apprise:json://{team_a.hostport}/teamA,apprise:json://{team_b.hostport}/teamB"
    env = {"MONITOR_ALERT_CHANNELS": channels, "MONITOR_HEALTH_CHANNELS": "log"}
    db, _ = two_crawls(tmp_path, static_site, env, "-s", "MONITOR_ALERT_RETRY_DELAY=1")
    assert len(messages(team_a)) == 2 and not team_b.accepted()
    conn = sqlite3.connect(db)
    rows = conn.execute("select channel, state, delivered_at is not null from alert_deliveries "
                        "where channel != 'log' order by alert_id, channel").fetchall()
    conn.close()
    ids = sorted({r[0] for r in rows})
    assert len(ids) == 2 and all(i.startswith("apprise-") for i in ids)  # two destinations, two ids
    assert Counter((r[1], r[2]) for r in rows) == {("delivered", 1): 2, ("failed", 0): 2}

    team_b.status = 200  # teamB is back
    time.sleep(1.2)  # its retry time (MONITOR_ALERT_RETRY_DELAY=1) has come
    result = run_monitor("alerts", "--deliver", "--db", db, "-s", "MONITOR_ALERT_RETRY_DELAY=1", env=env)
    assert result.returncode == 0 and "2 delivered, 0 failed; 0 still queued" in result.stdout, result.stderr
    again = run_monitor("alerts", "--deliver", "--force", "--db", db, env=env)
    assert "0 delivered, 0 failed; 0 still queued" in again.stdout
    assert messages(team_a) == messages(team_b) and set(messages(team_a).values()) == {1}  # both, once each
    assert len(messages(team_b)) == 2
    shown = run_monitor("alerts", "--db", db, env=env).stdout
    assert shown.count("-> apprise-") == 4 and "delivered" in shown


def test_a_destination_added_later_gets_new_alerts_and_a_backfill_on_request(tmp_path, static_site, receivers):
    team_a, team_b = receivers(), receivers()
    only_a = {"MONITOR_ALERT_CHANNELS": f"teamA=apprise:json://{team_a.hostport}/teamA"}
    db, _ = two_crawls(tmp_path, static_site, only_a)
    assert len(messages(team_a)) == 2
    both = {"MONITOR_ALERT_CHANNELS": only_a["MONITOR_ALERT_CHANNELS"]
            + f",teamB=apprise:json://{team_b.hostport}/teamB"}
    listed = run_monitor("alerts", "--destinations", "--db", db, env=both)
    assert "teamA" in listed.stdout and "teamB" in listed.stdout and "/teamB" not in listed.stdout
    plain = run_monitor("alerts", "--deliver", "--db", db, env=both)
    # from now on: the delivered alerts are not sent again, and the operator is told how to backfill
    assert "0 delivered" in plain.stdout and not team_b.posts
    assert "teamB" in plain.stderr and "is new" in plain.stderr and "--backfill" in plain.stderr
    backfill = run_monitor("alerts", "--deliver", "--backfill", "1d", "--db", db, env=both)
    assert backfill.returncode == 0, backfill.stderr
    assert "2 alerts" in backfill.stdout and "2 delivered" in backfill.stdout
    assert len(messages(team_b)) == 2 and len(team_a.posts) == 2  # teamA was not sent them twice
    bad = run_monitor("alerts", "--deliver", "--backfill", "soon", "--db", db, env=both)
    assert bad.returncode == 1 and bad.stderr.startswith("monitor: error: --backfill")


def test_two_destinations_with_one_name_are_an_error(tmp_path):
    db = tmp_path / "x.db"
    db.write_bytes(b"")
    result = run_monitor("alerts", "--deliver", "--db", str(db), "--channel", "a=log", "--channel",
                         "a=jsonl:/tmp/x.jsonl")
    assert result.returncode == 1 and "two alert destinations have the id 'a'" in result.stderr
