"""The daemon over many rounds: memory growth and the cost of a round of an unchanged site.

Runs the real scheduler (APScheduler on Scrapy's asyncio reactor, one process) for N rounds
against the demo news site, served from a separate process so its CPU and memory are not
counted. Every round fires each source's job through the scheduler and waits for the runs.
Round 1 fetches and parses everything; later rounds meet an unchanged site (conditional
requests answered 304, revisits by the ratio policy).

    .venv/bin/python bench/bench_daemon.py [--rounds 200] [--db PATH]

Prints resident memory (current RSS, not the peak) at start, after round 1 and at the end,
and the CPU time of round 1 against the median unchanged round. Aims: growth from round 1
to the end < 10 %, unchanged round < 20 % of round 1.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

SITE = """
import sys, time
from monitor.demo.site import DemoSite
site = DemoSite(); print(site.start(), flush=True)
sys.stdin.read()
"""


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--db", default=None, help="SQLite file (default: a temporary one)")
    parser.add_argument("--trace", action="store_true", help="print where memory grew (tracemalloc; slower)")
    args = parser.parse_args()
    if args.trace:
        import tracemalloc

        tracemalloc.start(8)

    from monitor.demo.site import demo_sources_toml
    from monitor.runner import build_settings
    from monitor.scheduling import MonitorScheduler
    from monitor.sources import parse_sources

    start_rss = rss_mb()
    tmp = tempfile.TemporaryDirectory(prefix="bench-daemon-")
    db = args.db or os.path.join(tmp.name, "bench.db")
    site = subprocess.Popen([sys.executable, "-c", SITE], cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            text=True)
    try:
        base = site.stdout.readline().strip()
        sources_path = Path(tmp.name) / "sources.toml"
        sources_path.write_text(demo_sources_toml(base, interval="1h"), encoding="utf-8")
        sources = parse_sources(sources_path.read_text(encoding="utf-8"), str(sources_path))
        settings = build_settings(db=db, sources_path=str(sources_path), overrides={
            "AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0, "RETRY_TIMES": 0, "LOG_LEVEL": "WARNING",
            "MONITOR_SITEMAP_RECENT_ONLY": False, "MONITOR_ALERT_CHANNELS": ["log"]})
        scheduler = MonitorScheduler(settings, sources, start_paused=True, progress=False)
        cpu: list[float] = []
        wall: list[float] = []
        marks: dict[str, float] = {}

        async def controller(sched: MonitorScheduler) -> None:
            try:
                for number in range(args.rounds):
                    c0, t0 = time.process_time(), time.perf_counter()
                    await sched.run_all_now()
                    cpu.append(time.process_time() - c0)
                    wall.append(time.perf_counter() - t0)
                    if number == 0:
                        marks["round1"] = rss_mb()
                    if args.trace and number == 1:
                        import tracemalloc

                        marks["snapshot"] = tracemalloc.take_snapshot()  # type: ignore[assignment]
                    if (number + 1) % 50 == 0:
                        print(f"  round {number + 1}: RSS {rss_mb():.1f} MB, last round {cpu[-1] * 1000:.0f} ms CPU",
                              flush=True)
            finally:
                await sched.stop()

        scheduler.run(on_started=controller)
        end_rss = rss_mb()
    finally:
        site.stdin.close()
        site.wait(timeout=10)

    import sqlite3

    conn = sqlite3.connect(db)
    runs, pages, not_modified, versions = conn.execute(
        "select count(*), sum(pages), sum(not_modified), (select count(*) from versions) from crawl_runs").fetchone()
    conn.close()
    later = cpu[1:] or cpu
    median = statistics.median(later)
    growth = (end_rss - marks["round1"]) / marks["round1"] * 100
    print(f"rounds: {len(cpu)} ({runs} spider runs, {pages} responses, {not_modified} not modified, "
          f"{versions} versions)")
    print(f"RSS: start {start_rss:.1f} MB, after round 1 {marks['round1']:.1f} MB, end {end_rss:.1f} MB "
          f"(growth since round 1: {growth:+.1f} %)")
    print(f"CPU per round: first {cpu[0] * 1000:.0f} ms, unchanged median {median * 1000:.0f} ms "
          f"({median / cpu[0] * 100:.0f} % of the first); wall median {statistics.median(wall[1:] or wall) * 1000:.0f} ms")
    if args.trace:
        import tracemalloc

        diff = tracemalloc.take_snapshot().compare_to(marks["snapshot"], "traceback")  # type: ignore[arg-type]
        for stat in diff[:8]:
            print(f"{stat.size_diff / 1024:+.0f} KiB in {stat.count_diff:+d} blocks:")
            for line in stat.traceback.format()[-8:]:
                print("   ", line)
    tmp.cleanup()


if __name__ == "__main__":
    main()
