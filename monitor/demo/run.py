"""``monitor demo``: the real scheduler, spiders and pipelines against the embedded news site.

Round by round the site's coverage moves on (an early toll, the same URL updated with a
higher one, a ceasefire report, a syndicated copy); after each change the scheduler fires
every source's job and waits for the runs to finish. Then the stored state is printed.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, TextIO

from monitor.sources import parse_sources
from storage import Store, StoreError

DEMO_SETTINGS = {
    # A local site: no politeness delays needed, and quick failure if something hangs.
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "DOWNLOAD_TIMEOUT": 15,
    "RETRY_TIMES": 0,
    # The demo's coverage is dated 2022: keep sitemap entries regardless of age.
    "MONITOR_SITEMAP_RECENT_ONLY": False,
    "MONITOR_ALERT_CHANNELS": ["log"],
}


def _remove_db(path: str) -> None:
    for suffix in ("", "-wal", "-shm"):
        try:
            os.remove(path + suffix)
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise StoreError(f"cannot replace demo database {path + suffix}: {exc.strerror}") from None


def run_demo(*, db: str = "monitor-demo.db", pause: float = 1.0, rounds: int | None = None,
             log_level: str = "WARNING", out: TextIO = sys.stdout) -> dict[str, Any]:
    """Run the demo into ``db`` (recreated) and print a report; returns the report's figures."""
    from monitor.demo.site import DemoSite, demo_sources_toml
    from monitor.runner import build_settings
    from monitor.scheduling import MonitorScheduler

    parent = Path(db).resolve().parent
    if not parent.is_dir():
        raise StoreError(f"cannot open database {db}: folder {parent} does not exist")
    _remove_db(db)
    Store.open(db).close()

    started = time.monotonic()
    with DemoSite() as site, tempfile.TemporaryDirectory(prefix="monitor-demo-") as tmp:
        base = site.start()
        sources_path = Path(tmp) / "demo-sources.toml"
        sources_path.write_text(demo_sources_toml(base, interval="1h"), encoding="utf-8")
        sources = parse_sources(sources_path.read_text(encoding="utf-8"), str(sources_path))
        total_rounds = site.rounds if rounds is None else max(1, min(rounds, site.rounds))
        print(f"Demo news site on {base} with {len(sources)} outlets; {total_rounds} rounds into {db}", file=out)

        settings = build_settings(db=db, sources_path=str(sources_path),
                                  overrides=dict(DEMO_SETTINGS, LOG_LEVEL=log_level))
        scheduler = MonitorScheduler(settings, sources, start_paused=True)

        async def controller(sched: MonitorScheduler) -> None:
            try:
                for number in range(total_rounds):
                    site.round = number
                    t0 = time.monotonic()
                    await sched.run_all_now()
                    print(f"  round {number + 1}/{total_rounds}: {len(sources)} sources crawled "
                          f"in {time.monotonic() - t0:.1f}s", file=out, flush=True)
                    if number + 1 < total_rounds:
                        await asyncio.sleep(pause)
            finally:
                await sched.stop()

        scheduler.run(on_started=controller)
    elapsed = time.monotonic() - started
    report = summarise(db)
    report["seconds"] = round(elapsed, 1)
    print_report(report, db, out)
    return report


def summarise(db: str) -> dict[str, Any]:
    with Store.open(db, readonly=True) as store:
        q = lambda sql, *p: list(store.iter_rows(sql, p))  # noqa: E731
        return {
            "articles": q("select id, source, headline, current_version, canonical_url from articles order by id"),
            "versions": q("select v.article_id, v.version, v.changed_fields from versions v order by v.article_id, v.version"),
            "figures": q("select a.headline, f.count, f.count_high, f.qualifier, f.category, f.side, f.victims, "
                         "f.claimed_by, f.background "
                         "from casualty_figures f join articles a on a.id = f.article_id "
                         "where f.version_id = (select id from versions where article_id = a.id "
                         "order by version desc limit 1) order by f.article_id, f.position"),
            "duplicates": q("select d.url, d.source, d.reason, d.similarity, a.headline from duplicates d "
                            "join articles a on a.id = d.article_id order by d.id"),
            "stories": q("select s.id, s.title, group_concat(a.source || ': ' || a.headline, ' | ') as members, "
                         "count(a.id) as n from stories s join articles a on a.story_id = s.id "
                         "group by s.id order by s.id"),
            "alerts": q("select kind, message, delivered_at from alerts order by id"),
            "runs": q("select count(*) as n, sum(pages) as pages, sum(errors) as errors from crawl_runs")[0],
        }


def figure_line(f: dict[str, Any]) -> str:
    """One figure of the report: count, qualifier, category, side, victims, who claims it, background.

    >>> figure_line({"count": 6700, "count_high": None, "qualifier": "more_than", "category": "killed",
    ...              "side": "unknown", "victims": "people", "claimed_by": "unknown", "background": 1,
    ...              "headline": "Ceasefire agreed"})
    '  6700    more_than killed          unknown    people    by unknown    background — Ceasefire agreed'
    """
    high = f"-{f['count_high']}" if f["count_high"] not in (None, f["count"]) else ""
    claim = f"by {f.get('claimed_by') or 'unknown'}"
    number = f"{f['count']}{high}"
    line = f"  {number:<7} {f['qualifier']:<9} {f['category']:<15} {f['side']:<10} {f['victims']:<9} {claim:<13}"
    if f.get("background"):
        line += " background"
    return f"{line} — {f['headline'][:60]}"


def print_report(report: dict[str, Any], db: str, out: TextIO) -> None:
    p = lambda *a: print(*a, file=out)  # noqa: E731
    p(f"\nDone in {report['seconds']}s. {report['runs']['n']} spider runs, {report['runs']['pages']} pages fetched.")
    p(f"\nArticles stored ({len(report['articles'])}):")
    for a in report["articles"]:
        p(f"  #{a['id']} [{a['source']}] {a['headline']}  (version {a['current_version']})")
    p("\nVersions:")
    for v in report["versions"]:
        p(f"  article #{v['article_id']} v{v['version']}: changed {v['changed_fields']}")
    p("\nCasualty figures (latest version of each article; side = the victims', claimed by = who states it;"
      " background = another period, never in a toll or an alert):")
    for f in report["figures"]:
        p(figure_line(f))
    p("\nDuplicates recognised (not stored as articles):")
    for d in report["duplicates"]:
        similarity = f", similarity {d['similarity']:.2f}" if d.get("similarity") is not None else ""
        p(f"  {d['url']} [{d['source']}] = \"{d['headline']}\" ({d['reason']}{similarity})")
    if not report["duplicates"]:
        p("  none")
    p("\nStories (articles about the same event):")
    for st in report["stories"]:
        p(f"  story #{st['id']} ({st['n']} article{'s' if st['n'] != 1 else ''}): {st['members']}")
    p(f"\nAlerts ({len(report['alerts'])}):")
    for a in report["alerts"]:
        p(f"  [{a['kind']}] {a['message']}")
    p(f"""
Look at the database:
  sqlite3 {db} 'select id, source, headline, current_version from articles'
  sqlite-utils tables {db} --counts
  sqlite-utils rows {db} alerts
  monitor history --db {db} URL
  monitor alerts --db {db}
  monitor serve --db {db}   (the analyst's desk: stories, histories, chart)""")
