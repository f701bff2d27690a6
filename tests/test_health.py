"""Crawl-health alerts: a silent source and a broken parser, each alerted once per episode."""

import json
import sqlite3
import textwrap

import pytest

from conftest import free_port, run_monitor
from monitor.health import PARSER_BROKEN, SOURCE_SILENT, health_alerts


def run(i, items=0, not_modified=0, coverage=None, not_article=0):
    return {"id": i, "started_at": f"2026-01-0{i}T00:00:00+00:00", "finish_reason": "finished",
            "items": items, "duplicates": 0, "irrelevant": 0, "invalid": 0, "not_modified": not_modified,
            "coverage": json.dumps(coverage or {"items": items, "headline": 1.0, "body": 1.0}),
            "stats": json.dumps({"monitor/not_article": not_article})}


def test_silent_source_alerts_once_per_streak():
    quiet = [run(5), run(4), run(3), run(2, items=4)]
    [alert] = health_alerts("wire", quiet, silent_runs=3)
    assert alert["kind"] == SOURCE_SILENT and alert["audience"] == "health"
    assert alert["alert_key"] == "source_silent:wire:3"  # the streak began with run 3
    longer = [run(6)] + quiet
    assert health_alerts("wire", longer, silent_runs=3)[0]["alert_key"] == alert["alert_key"]  # same episode
    # however long the episode, its key names where it began (the store counts over all history)
    assert health_alerts("wire", longer[:2], silent={"n": 40, "first_id": 3, "since": "t"},
                         silent_runs=3)[0]["alert_key"] == alert["alert_key"]


def test_unchanged_source_answering_304_is_not_silent():
    assert health_alerts("wire", [run(3, not_modified=5), run(2), run(1)], silent_runs=3) == []
    assert health_alerts("wire", [run(2), run(1)], silent_runs=3) == []  # too few runs to tell


def test_parser_broken_when_share_falls_below_threshold():
    good = run(1, items=10)
    broken = run(2, items=2, coverage={"items": 2, "headline": 1.0, "body": 0.5}, not_article=8)
    [alert] = health_alerts("ledger", [broken, good], min_coverage=0.5)
    assert alert["kind"] == PARSER_BROKEN and "10%" in alert["message"] and "100%" in alert["message"]
    # already low before: not a new breakage; too few pages: no judgement
    assert health_alerts("ledger", [broken, broken], min_coverage=0.5) == []
    tiny = run(3, items=1, coverage={"items": 1, "headline": 0.0, "body": 0.0})
    assert health_alerts("ledger", [tiny, good], min_coverage=0.5) == []


@pytest.mark.e2e
def test_dead_source_raises_one_health_alert(tmp_path):
    sources = tmp_path / "sources.toml"
    sources.write_text(textwrap.dedent(f"""
        [[source]]
        name = "dead"
        kind = "feed"
        start_urls = ["http://127.0.0.1:{free_port()}/rss.xml"]
    """))
    db = tmp_path / "h.db"
    args = ["crawl", "--db", str(db), "--sources", str(sources), "-s", "RETRY_TIMES=0",
            "-s", "MONITOR_HEALTH_SILENT_RUNS=2", "-s", "ROBOTSTXT_OBEY=0"]
    outputs = [run_monitor(*args, cwd=tmp_path) for _ in range(3)]
    assert all(o.returncode == 0 for o in outputs), outputs[-1].stderr[-2000:]
    conn = sqlite3.connect(db)
    alerts = conn.execute("select kind, audience, source, delivered_at from alerts").fetchall()
    assert len(alerts) == 1 and alerts[0][:3] == ("source_silent", "health", "dead") and alerts[0][3]
    assert "yielded nothing for 2 runs" in outputs[1].stderr
    # the third empty run continues the same episode: no second alert
    assert conn.execute("select alert_key from alerts").fetchone()[0] == "source_silent:dead:1"
