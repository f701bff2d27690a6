"""The monitor against the spiders a user would write by hand, in one run, interleaved.

A local corpus (``bench/corpus_server.py``: real saved pages, each made relevant with its own
conflict paragraph, behind one RSS feed, on 127.0.0.1, in its own process) is crawled by:

* ``bare``: a bare Scrapy spider that downloads every page and does nothing with it;
* ``hand``: the same plus ``trafilatura.extract`` per page, what a user writes by hand;
* ``monitor``: ``monitor crawl``, the full pipeline, on a fresh store;
* ``monitor-304``: ``monitor crawl`` again on that store: every page answers 304;
* ``off-topic``: ``monitor crawl`` on the same pages without the conflict paragraph (all dropped).

Politeness is matched: no AutoThrottle, no delay, the same concurrency, robots.txt obeyed. Each
crawler is a fresh process; rounds interleave the crawlers (the order rotates) and the table shows
medians over rounds. Pages/s counts the crawl's own elapsed time (Scrapy's ``elapsed_time_seconds``,
or ``crawl_runs.duration_seconds``); CPU ms/page is the whole process's user+system time (start-up
included) per page, with its parse workers; peak RSS is the crawler process's high-water mark.

Usage (from the repository root):
    .venv/bin/python bench/bench_pipeline.py [--pages DIR ...] [--count 2000] [--rounds 4]
        [--only bare,hand,monitor,monitor-304,off-topic] [-s NAME=VALUE ...]

Without ``--pages`` the 121 pages of ``../shared/extraction/pages`` are cycled. Figures are
printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from corpus_server import CorpusServer, load_pages  # noqa: E402

PYTHON = sys.executable
MATCHED = {"CONCURRENT_REQUESTS": "16", "CONCURRENT_REQUESTS_PER_DOMAIN": "16", "AUTOTHROTTLE_ENABLED": "False",
           "DOWNLOAD_DELAY": "0", "ROBOTSTXT_OBEY": "True", "LOG_LEVEL": "WARNING", "TELNETCONSOLE_ENABLED": "False"}


def _run(cmd: list[str], cwd: str, env: dict[str, str]) -> tuple[float, int]:
    """Run ``cmd``; return (CPU seconds of the process and its children, peak RSS in KB)."""
    # stderr to a file, never a pipe: a crawler that logs more than a pipe holds would block on it
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=log)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        err = log.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:4])} … failed ({proc.returncode}):\n{err[-2000:]}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def bare(kind: str, feed: str, work: str, extra: dict[str, str]) -> dict[str, float]:
    stats_path = os.path.join(work, f"{kind}-stats.json")
    sets = [a for k, v in {**MATCHED, **extra}.items() for a in ("-s", f"{k}={v}")]
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCRAPY_")}
    cpu, rss = _run([PYTHON, "-m", "scrapy", "runspider", str(ROOT / "bench" / "bare_spiders.py"),
                     "-a", f"feed={feed}", "-a", f"mode={'download' if kind == 'bare' else 'trafilatura'}",
                     "-a", f"stats={stats_path}", *sets], cwd=work, env=env)
    stats = json.loads(Path(stats_path).read_text())
    pages = stats.get("response_received_count", 0) - 2  # robots.txt and the feed
    return {"pages": pages, "seconds": stats["elapsed_time_seconds"], "cpu": cpu, "rss": rss}


def monitor(feed: str, db: str, work: str, extra: dict[str, str]) -> dict[str, float]:
    sources = Path(work) / "sources.toml"
    sources.write_text(f'[[source]]\nname = "bench"\nkind = "feed"\nstart_urls = ["{feed}"]\n'
                       'interval = "1h"\nrevisit_days = 3\n', encoding="utf-8")
    sets = [a for k, v in {**MATCHED, **extra}.items() if k != "LOG_LEVEL" for a in ("-s", f"{k}={v}")]
    env = dict(os.environ, MONITOR_ALERT_CHANNELS="log", MONITOR_HEALTH_CHANNELS="log")
    cpu, rss = _run([PYTHON, "-m", "monitor", "crawl", "--db", db, "--sources", str(sources),
                     "--log-level", "WARNING", *sets], cwd=work, env=env)
    conn = sqlite3.connect(db)
    run = conn.execute("select pages, duration_seconds, articles_new from crawl_runs order by id desc limit 1").fetchone()
    conn.close()
    pages = run[0] - 2 if run[0] else 0
    return {"pages": pages, "seconds": run[1], "cpu": cpu, "rss": rss, "stored": run[2]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", nargs="*", default=[str(ROOT.parent / "shared" / "extraction" / "pages")])
    ap.add_argument("--count", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--only", default="bare,hand,monitor,monitor-304,off-topic")
    ap.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE",
                    help="a setting for every crawler (e.g. MONITOR_PARSE_WORKERS=1)")
    args = ap.parse_args(argv)
    extra = dict(s.split("=", 1) for s in args.set)
    kinds = args.only.split(",")
    results: dict[str, list[dict[str, float]]] = {k: [] for k in kinds}
    with tempfile.TemporaryDirectory() as work, \
            CorpusServer(load_pages(args.pages, args.count, relevant=True)) as site, \
            CorpusServer(load_pages(args.pages, args.count, relevant=False)) as offsite:
        feed, offfeed = site.base_url + "/feed.xml", offsite.base_url + "/feed.xml"
        print(f"corpus: {args.count} pages from {', '.join(args.pages)}; {args.rounds} rounds; "
              f"settings {extra or 'defaults'}", flush=True)
        for r in range(args.rounds):
            order = kinds[r % len(kinds):] + kinds[:r % len(kinds)]
            db = os.path.join(work, f"round{r}.db")
            for kind in order:
                if kind in ("bare", "hand"):
                    res = bare(kind, feed, work, extra)
                elif kind == "monitor":
                    res = monitor(feed, db, work, extra)
                elif kind == "monitor-304":
                    if not os.path.exists(db):
                        monitor(feed, db, work, extra)  # the first round this one repeats
                    res = monitor(feed, db, work, extra)
                else:
                    res = monitor(offfeed, os.path.join(work, f"off{r}.db"), work, extra)
                results[kind].append(res)
                print(f"round {r + 1} {kind:12} {res['pages'] / res['seconds']:7.1f} pages/s "
                      f"{res['pages']} pages {res.get('stored', '')}", flush=True)
    print(f"\n{'crawler':14} {'pages/s':>8} {'CPU ms/page':>12} {'peak RSS MB':>12} {'vs hand':>8}")
    med = {k: {m: statistics.median(x[m] for x in v) for m in ("pages", "seconds", "cpu", "rss")}
           for k, v in results.items() if v}
    hand = med.get("hand")
    for k, m in med.items():
        rate = m["pages"] / m["seconds"]
        ratio = f"{rate / (hand['pages'] / hand['seconds']):.2f} ×" if hand else ""
        print(f"{k:14} {rate:8.1f} {1000 * m['cpu'] / max(m['pages'], 1):12.1f} {m['rss'] / 1024:12.0f} {ratio:>8}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
