"""The revisit policy: fresh articles re-checked often, older ones rarely, none after `revisit_days`."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from conftest import run_monitor
from spiders.revisit import RevisitPolicy, revisit_due

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)
DAYS3 = timedelta(days=3)


def ago(**kw) -> str:
    return (NOW - timedelta(**kw)).isoformat(timespec="seconds")


@pytest.mark.parametrize("first_seen, last_checked, due", [
    (ago(minutes=10), ago(minutes=10), True),    # fresh: checked once, every run re-checks it
    (ago(hours=10), ago(hours=1), False),        # 1 h < 0.2 x 10 h
    (ago(hours=10), ago(hours=2), True),         # 2 h = 0.2 x 10 h
    (ago(days=2), ago(hours=9), False),          # 9 h < 0.2 x 48 h
    (ago(days=2), ago(hours=10), True),
    (ago(days=4), ago(days=3), False),           # older than revisit_days: never again
    (ago(hours=1), None, True),                  # never checked
    (None, ago(minutes=1), True),                # unknown first sighting counts as fresh
    ("garbage", ago(minutes=1), True),
])
def test_ratio_of_age(first_seen, last_checked, due):
    assert revisit_due(first_seen, last_checked, NOW, ratio=0.2, max_age=DAYS3) is due


def test_naive_times_are_utc():
    assert revisit_due("2024-05-01T02:00:00", "2024-05-01T10:00:00", NOW, ratio=0.2, max_age=DAYS3) is True
    assert revisit_due("2024-05-01T02:00:00", "2024-05-01T11:00:00", NOW, ratio=0.2, max_age=DAYS3) is False


def test_disabled_or_zero_days_means_never():
    assert RevisitPolicy(enabled=False).due(ago(minutes=5), ago(minutes=5), NOW) is False
    assert RevisitPolicy(max_age=timedelta(0)).due(ago(minutes=5), ago(minutes=5), NOW) is False
    assert RevisitPolicy(ratio=0.2, max_age=DAYS3).due(ago(minutes=5), ago(minutes=5), NOW) is True


def test_checks_thin_out_as_the_article_ages():
    """Simulated 20-minute schedule over three days: many early checks, few late ones, none after."""
    policy = RevisitPolicy(ratio=0.2, max_age=DAYS3)
    first = NOW
    last = NOW
    checks = []
    for run in range(1, 4 * 72 + 1):  # four days of runs every 20 minutes
        now = NOW + timedelta(minutes=20 * run)
        if policy.due(first, last, now):
            checks.append(now - first)
            last = now
    first_day = [c for c in checks if c <= timedelta(days=1)]
    assert len(first_day) >= 10 and len(checks) - len(first_day) <= 8
    assert max(checks) <= DAYS3
    assert len(checks) < 72 / 2  # far fewer than one per run


def test_updated_article_picked_up_and_old_one_left_alone(tmp_path):
    from monitor.demo.site import DemoSite, demo_sources_toml

    wire_article = "/wire/2022/09/13/armenia-azerbaijan-border-clashes"
    with DemoSite() as site:
        sources = tmp_path / "s.toml"
        sources.write_text(demo_sources_toml(site.base_url, interval="1h"), encoding="utf-8")
        db = tmp_path / "m.db"

        def crawl(*extra):
            mark = len(site.requests)
            result = run_monitor("crawl", "caucasus-wire", "--db", str(db), "--sources", str(sources),
                                 "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "RETRY_TIMES=0",
                                 "-s", "MONITOR_ALERT_CHANNELS=log", *extra, cwd=tmp_path, timeout=120)
            assert result.returncode == 0, result.stderr[-2000:]
            return [(path.split("?")[0], status) for _, path, status in site.requests[mark:]]

        crawl()                                     # round 0: 49 soldiers
        site.round = 1                              # the outlet updates the article in place: 105
        second = crawl()
        assert (wire_article, 200) in second
        conn = sqlite3.connect(db)
        try:
            assert [n for (n,) in conn.execute("select version from versions order by version")] == [1, 2]
            # four days later: the article (and the unrelated page the feed lists) are past revisit_days
            old = (datetime.now(timezone.utc) - timedelta(days=4)).isoformat(timespec="seconds")
            with conn:
                conn.execute("update articles set first_seen_at = ?", (old,))
                conn.execute("update url_state set first_fetched_at = ?", (old,))
        finally:
            conn.close()
        # unconditional this time: the feed is parsed and still lists the article, which is not fetched
        third = crawl("-s", "MONITOR_CONDITIONAL_ENABLED=0")

    assert ("/wire/rss.xml", 200) in third
    assert not [p for p, _ in third if p.startswith("/wire/2022/")], third
    conn = sqlite3.connect(db)
    try:
        revisits, = conn.execute("select revisits from crawl_runs order by id desc limit 1").fetchone()
        assert revisits == 0
    finally:
        conn.close()
