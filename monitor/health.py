"""Crawl-health alerts: sources that went quiet and parsers that broke (after Spidermon's monitors).

* ``source_silent`` — a source yielded nothing (no article stored, checked, dropped or answered 304)
  for ``MONITOR_HEALTH_SILENT_RUNS`` runs in a row: a dead feed, a moved site, a block.
* ``parser_broken`` — the share of fetched article pages that gave a headline and a body fell below
  ``MONITOR_HEALTH_MIN_COVERAGE`` after a run that was above it: the outlet changed its layout.

These go to the health audience (``MONITOR_HEALTH_CHANNELS``), apart from content alerts. Each fires
once per episode: its key names the run where the episode began.
"""

from __future__ import annotations

import json
import logging
from typing import Any, Mapping, Sequence

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from pipelines.storeaccess import store_for
from storage import utcnow

logger = logging.getLogger("monitor.health")

SOURCE_SILENT = "source_silent"
PARSER_BROKEN = "parser_broken"
MIN_PAGES = 5


def _stats(run: Mapping[str, Any]) -> dict[str, Any]:
    raw = run.get("stats")
    if isinstance(raw, str) and raw:
        try:
            return json.loads(raw)
        except ValueError:
            return {}
    return dict(raw or {})


def yielded(run: Mapping[str, Any]) -> int:
    """Everything a run got out of its source: items stored or checked, dropped, or unchanged (304)."""
    return sum(int(run.get(k) or 0) for k in ("items", "duplicates", "irrelevant", "invalid", "not_modified"))


def parse_share(run: Mapping[str, Any]) -> tuple[float | None, int]:
    """(share of fetched article pages with a headline and a body, pages) for one run."""
    coverage = run.get("coverage")
    coverage = json.loads(coverage) if isinstance(coverage, str) and coverage else (coverage or {})
    items = int(coverage.get("items") or 0)
    good = items * min(float(coverage.get("headline") or 0), float(coverage.get("body") or 0)) if items else 0.0
    failed = int(_stats(run).get("monitor/not_article", 0) or 0)
    pages = items + failed
    return (good / pages if pages else None), pages


def _alert(kind: str, source: str, key_run: int, message: str) -> dict[str, Any]:
    return {
        "alert_key": f"{kind}:{source}:{key_run}", "kind": kind, "audience": "health", "source": source,
        "message": message, "created_at": utcnow(), "evidence": "[]",
    }


def silent_streak(runs: Sequence[Mapping[str, Any]]) -> dict[str, Any] | None:
    """The run of empty runs at the head of ``runs`` (newest first): count, first run, since when."""
    n = 0
    while n < len(runs) and yielded(runs[n]) == 0:
        n += 1
    if not n:
        return None
    first = runs[n - 1]
    return {"n": n, "first_id": first["id"], "since": first["started_at"], "last_reason": runs[0].get("finish_reason")}


def health_alerts(source: str, runs: Sequence[Mapping[str, Any]], *, silent: Mapping[str, Any] | None = None,
                  silent_runs: int = 3, min_coverage: float = 0.5, min_pages: int = MIN_PAGES) -> list[dict[str, Any]]:
    """Health alerts for a source from its recent finished runs (newest first).

    ``silent`` describes the current streak of empty runs (see :func:`silent_streak`); the store
    computes it over the source's whole history, so the key of one episode never changes.
    """
    alerts = []
    silent = silent if silent is not None else silent_streak(runs)
    if silent_runs > 0 and silent and silent["n"] >= silent_runs:
        alerts.append(_alert(SOURCE_SILENT, source, silent["first_id"],
                             f"Source {source} has yielded nothing for {silent['n']} runs in a row "
                             f"(since {silent['since']}); last finish reason: {silent.get('last_reason')}"))
    share, pages = parse_share(runs[0]) if runs else (None, 0)
    if share is not None and pages >= min_pages and share < min_coverage:
        for earlier in runs[1:]:
            before, before_pages = parse_share(earlier)
            if before is None or before_pages < min_pages:
                continue
            if before >= min_coverage:
                alerts.append(_alert(PARSER_BROKEN, source, runs[0]["id"],
                                     f"Parser for {source} may be broken: {share:.0%} of {pages} article pages "
                                     f"gave a headline and a body, down from {before:.0%}"))
            break
    return alerts


class CrawlHealthMonitor:
    """After each run (and after ``CrawlRunRecorder`` has written it), queue any health alerts."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        s = crawler.settings
        self.silent_runs = s.getint("MONITOR_HEALTH_SILENT_RUNS", 3)
        self.min_coverage = s.getfloat("MONITOR_HEALTH_MIN_COVERAGE", 0.5)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "CrawlHealthMonitor":
        if not crawler.settings.getbool("MONITOR_HEALTH_ENABLED", True):
            raise NotConfigured("MONITOR_HEALTH_ENABLED is off")
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_closed(self, spider: Any, reason: str) -> None:
        from monitor.storeguard import store_fault

        if store_fault(self.crawler) is not None:  # the run was cut short by our store, not the source
            return
        store = store_for(self.crawler)
        runs = list(store.iter_rows(
            "select * from crawl_runs where source = ? and finished_at is not null order by id desc limit 20",
            (spider.name,)))
        yielded_sql = ("coalesce(items, 0) + coalesce(duplicates, 0) + coalesce(irrelevant, 0) "
                       "+ coalesce(invalid, 0) + coalesce(not_modified, 0)")
        streak = next(iter(store.iter_rows(
            "select count(*) as n, min(id) as first_id, min(started_at) as since from crawl_runs "
            "where source = ? and finished_at is not null and id > coalesce((select max(id) from crawl_runs "
            f"where source = ? and finished_at is not null and {yielded_sql} > 0), 0)",
            (spider.name, spider.name))))
        silent = dict(streak, last_reason=runs[0].get("finish_reason") if runs else None) if streak["n"] else None
        for alert in health_alerts(spider.name, runs, silent=silent, silent_runs=self.silent_runs,
                                   min_coverage=self.min_coverage):
            if store.insert_alert(alert):
                self.crawler.stats.inc_value("monitor/health_alerts")
                logger.warning("health: %s", alert["message"])
