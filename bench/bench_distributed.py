"""Distributed mode: pages/s with 1, 2 and 4 workers against one writer, and the writer's own limit.

    .venv/bin/python bench/bench_distributed.py [--pages 2000] [--workers 1,2,4]

The first row is the plain alternative, ``monitor crawl`` in one process on the same corpus.

A local corpus of generated article pages (``monitor.demo.corpus``: one RSS feed listing them all)
is served on 127.0.0.1; a redis-server of its own runs in a temp dir. For each worker count: a fresh
store and Redis, the workers started, then ``monitor writer --once`` timed from start to exit (the
whole round: feed, every page fetched and parsed by the workers, every article stored by the
writer). The writer's limit: the same pages parsed beforehand and put on the result stream, then a
writer alone, timed from its first stored version to its last (versions/s). Prints figures; asserts
nothing.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))

FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "RETRY_TIMES=0", "-s", "MONITOR_REDIS_DOMAIN_DELAY=0",
        "-s", "LOG_LEVEL=WARNING", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16", "-s", "MONITOR_ALERT_CHANNELS=log"]


def serve(pages: dict) -> tuple[ThreadingHTTPServer, str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            ctype, body = pages.get(self.path, ("text/plain", b""))
            self.send_response(200 if self.path in pages else 404)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def monitor(*args: str, **kwargs) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MONITOR_")}
    return subprocess.Popen([sys.executable, "-m", "monitor", *args], cwd=REPO, env=env,
                            stdout=subprocess.DEVNULL, stderr=kwargs.get("stderr", subprocess.DEVNULL))


def count(db: Path, sql: str) -> int:
    try:
        with sqlite3.connect(db, timeout=30) as conn:
            return conn.execute(sql).fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def crawl_round(redis, tmp: Path, sources: Path, workers: int, pages: int) -> tuple[float, int]:
    redis.client().flushall()
    db = tmp / f"w{workers}.db"
    procs = [monitor("worker", "--redis", redis.url, *FAST) for _ in range(workers)]
    time.sleep(3.0)  # let the workers import and connect before the clock starts
    started = time.monotonic()
    writer = monitor("writer", "--once", "--redis", redis.url, "--db", str(db), "--sources", str(sources), *FAST)
    writer.wait()
    elapsed = time.monotonic() - started
    for p in procs:
        p.terminate()
    for p in procs:
        p.wait()
    return elapsed, count(db, "select count(*) from versions")


def one_process(tmp: Path, sources: Path) -> tuple[float, int]:
    """The plain alternative: `monitor crawl` (fetch, parse and store in one process), same corpus."""
    db = tmp / "one.db"
    started = time.monotonic()
    monitor("crawl", "--db", str(db), "--sources", str(sources), *FAST).wait()
    return time.monotonic() - started, count(db, "select count(*) from versions")


def writer_limit(redis, tmp: Path, sources: Path, base: str, pages: int) -> float:
    from monitor.demo.corpus import article_html
    from monitor.distributed.messages import encode, result_message
    from monitor.distributed.queues import ensure_groups  # noqa: F401 (the writer creates the groups)
    from monitor.parsing import parse_article_page

    client = redis.client()
    client.flushall()
    client.xgroup_create("monitor:results", "writers", id="0", mkstream=True)
    pipe = client.pipeline(transaction=False)
    for i in range(pages):
        url = f"{base}/news/{i}.html"
        article = parse_article_page(article_html(base, i), url, source="corpus")
        request = {"id": f"r{i}", "url": url, "source": "corpus", "role": "article"}
        pipe.xadd("monitor:results", encode(result_message("article", request, article=article, url=url,
                                                              status=200, etag=None, last_modified=None)))
    pipe.execute()
    db = tmp / "writer.db"
    writer = monitor("writer", "--redis", redis.url, "--db", str(db), "--sources", str(sources), *FAST)
    while count(db, "select count(*) from versions") == 0:
        time.sleep(0.05)
    t0, c0 = time.monotonic(), count(db, "select count(*) from versions")
    while (c := count(db, "select count(*) from versions")) < pages:
        if writer.poll() is not None:
            break
        time.sleep(0.1)
    elapsed = time.monotonic() - t0
    writer.terminate()
    writer.wait()
    return (c - c0) / elapsed if elapsed > 0 else float("nan")


def main() -> None:
    from monitor.demo.corpus import corpus_pages, corpus_sources_toml
    from redisserver import RedisServer, redis_server_binary

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--workers", default="1,2,4", help="worker counts, comma-separated ('' for none)")
    parser.add_argument("--no-one-process", action="store_true", help="skip the one-process row")
    parser.add_argument("--no-writer-limit", action="store_true", help="skip the writer-alone row")
    args = parser.parse_args()
    binary = redis_server_binary()
    if binary is None:
        sys.exit("bench_distributed: redis-server not installed (tests/setup-redis.sh)")
    with tempfile.TemporaryDirectory(prefix="bench-distributed-") as name:
        tmp = Path(name)
        pages: dict = {}
        server, base = serve(pages)
        pages.update(corpus_pages(base, args.pages))
        sources = tmp / "sources.toml"
        sources.write_text(corpus_sources_toml(base), encoding="utf-8")
        redis = RedisServer(tmp, binary)
        redis.start()
        try:
            print(f"corpus: {args.pages} article pages + 1 feed on {base}; {os.cpu_count()} cores")
            print(f"{'workers':>8} {'seconds':>9} {'versions':>9} {'pages/s':>9}")
            if not args.no_one_process:
                elapsed, versions = one_process(tmp, sources)
                print(f"{'1 proc':>8} {elapsed:>9.1f} {versions:>9} {(args.pages + 1) / elapsed:>9.1f}"
                      "   (monitor crawl, no Redis)", flush=True)
            for workers in [int(w) for w in args.workers.split(",") if w.strip()]:
                elapsed, versions = crawl_round(redis, tmp, sources, workers, args.pages)
                print(f"{workers:>8} {elapsed:>9.1f} {versions:>9} {(args.pages + 1) / elapsed:>9.1f}", flush=True)
            if not args.no_writer_limit:
                rate = writer_limit(redis, tmp, sources, base, args.pages)
                print(f"writer alone (results already parsed): {rate:.1f} versions/s")
        finally:
            redis.stop()
            server.shutdown()


if __name__ == "__main__":
    main()
