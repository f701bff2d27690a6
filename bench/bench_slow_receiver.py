"""A 10-article crawl that raises 10 alerts, against a webhook that answers at once and against one
that answers after 30 s: wall time of the crawl, posts the receiver got, and what stayed queued.

    .venv/bin/python bench/bench_slow_receiver.py [--delay 30] [--articles 10] [-s NAME=VALUE ...]

Each case: a first crawl stores the articles (no alerts), the site's tolls change, and the second
crawl — the one timed — stores the new versions and raises one casualty_change alert per article.
Everything runs on 127.0.0.1 (the news site and the receiver in this process, the crawls in fresh
processes as `monitor crawl` runs them).
"""

from __future__ import annotations

import argparse
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from alert_receivers import CRAWL_SETTINGS, Receiver, sources_file, toll_site  # noqa: E402
from conftest import StaticSite  # noqa: E402


def crawl(db: str, sources: str, env: dict, extra: list[str]) -> float:
    import os

    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "monitor", "crawl", "--db", db, "--sources", sources,
                             *CRAWL_SETTINGS, *extra], cwd=REPO, env=dict(os.environ, **env),
                            capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"crawl failed:\n{result.stderr[-3000:]}")
    return elapsed


def case(delay: float, articles: int, extra: list[str]) -> dict:
    site, receiver = StaticSite({}), Receiver(delay=delay, slow_first=10**6 if delay else 0)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            toll_site(site, articles, 12)
            sources = sources_file(Path(tmp), site)
            db = str(Path(tmp) / "bench.db")
            env = {"MONITOR_ALERT_CHANNELS": f"hook=webhook:http://{receiver.hostport}/hook",
                   "MONITOR_HEALTH_CHANNELS": "log"}
            crawl(db, sources, env, extra)
            toll_site(site, articles, 40)
            seconds = crawl(db, sources, env, extra)
            conn = sqlite3.connect(db)
            queued = conn.execute("select count(*) from alerts where delivered_at is null").fetchone()[0]
            alerts = conn.execute("select count(*) from alerts").fetchone()[0]
            conn.close()
            per_key = Counter(p["key"] for p in receiver.posts)
            return {"seconds": seconds, "alerts": alerts, "posts": len(receiver.posts),
                    "max_posts_per_alert": max(per_key.values(), default=0), "queued": queued}
    finally:
        site.close()
        receiver.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delay", type=float, default=30.0, help="seconds the slow receiver takes to answer")
    parser.add_argument("--articles", type=int, default=10)
    parser.add_argument("-s", action="append", default=[], metavar="NAME=VALUE", help="crawl setting")
    args = parser.parse_args()
    extra = [x for s in args.s for x in ("-s", s)]
    normal = case(0.0, args.articles, extra)
    slow = case(args.delay, args.articles, extra)
    print(f"{'receiver':<26} {'crawl s':>8} {'alerts':>7} {'posts':>6} {'max posts/alert':>16} {'left queued':>12}")
    for name, r in ((f"answers at once", normal), (f"answers after {args.delay:g} s", slow)):
        print(f"{name:<26} {r['seconds']:>8.1f} {r['alerts']:>7} {r['posts']:>6} {r['max_posts_per_alert']:>16} "
              f"{r['queued']:>12}")


if __name__ == "__main__":
    main()
