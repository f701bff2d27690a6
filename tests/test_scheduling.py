"""Scheduling decisions that need no reactor: first run after a restart, the terminal status line."""

from __future__ import annotations

import io
import logging
from collections import Counter
from datetime import datetime, timedelta, timezone

from monitor.scheduling import ProgressDisplay, first_run_time
from monitor.sources import Source

NOW = datetime(2024, 5, 1, 12, 7, 30, tzinfo=timezone.utc)


def source(**kw) -> Source:
    return Source(name="s", kind="feed", start_urls=("http://127.0.0.1/rss",), **kw)


def test_never_run_runs_now():
    assert NOW <= first_run_time(source(interval=timedelta(minutes=30)), None, NOW) <= NOW + timedelta(seconds=5)


def test_interval_resumes_one_interval_after_the_last_run():
    s = source(interval=timedelta(minutes=30))
    assert first_run_time(s, (NOW - timedelta(minutes=10)).isoformat(), NOW) == NOW + timedelta(minutes=20)
    # down for hours: one run now, not one per missed interval
    assert first_run_time(s, (NOW - timedelta(hours=5)).isoformat(), NOW) == NOW


def test_cron_resumes_on_its_schedule_or_runs_a_missed_time_once():
    s = source(cron="*/10 * * * *")
    assert first_run_time(s, "2024-05-01T12:05:00+00:00", NOW) is None      # next cron time 12:10 not passed
    assert first_run_time(s, "2024-05-01T11:55:00+00:00", NOW) == NOW       # 12:00 and 12:10... missed: run now


class _Crawler:
    class _Spider:
        name = "wire"

    class _Stats:
        def get_value(self, key, default=None):
            return {"downloader/response_count": 7, "item_scraped_count": 2}.get(key, default)

    spider = _Spider()
    stats = _Stats()


class _Sched:
    def __init__(self, crawlers):
        self.process = type("P", (), {"crawlers": set(crawlers)})()
        self.totals = Counter(pages=40, items=5, alerts=1)
        self.completed = Counter(wire=3, ledger=2)

    def next_run(self):
        return ("ledger", NOW)


def test_status_line_names_runs_pages_items_alerts():
    display = ProgressDisplay(_Sched([_Crawler()]), io.StringIO())
    line = display.line()
    assert "5 runs done" in line and "40 pages" in line and "5 items" in line and "1 alerts" in line
    assert "running wire (7 pages, 2 items)" in line
    assert "idle, next ledger at 12:07:30" in ProgressDisplay(_Sched([]), io.StringIO()).line()


def test_log_lines_clear_the_status_line_first():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        display = ProgressDisplay(_Sched([]), stream)
        display.attach()
        display.draw()
        logging.getLogger("monitor.test").warning("a log line")
        display.detach()
    finally:
        root.removeHandler(handler)
    text = stream.getvalue()
    status_end = text.index("idle")
    assert "\r\x1b[Ka log line" in text[status_end:]
    assert handler.stream is stream
