"""Distributed mode: pages/s with 1, 2 and 4 workers against one writer, and the writer's own limit.

    .venv/bin/python bench/bench_distributed.py [--pages 2000] [--workers 1,2,4]

The first row is the plain alternative, ``monitor crawl`` in one process on the same corpus.

A local corpus of generated article pages (``monitor.demo.corpus``: one RSS feed listing them all)
is served on 127.0.0.1; a redis-server of its own runs in a temp dir. For each worker count: a fresh
store and Redis, the workers started, then ``monitor writer --once`` timed from start to exit (the
whole round: feed, every page fetched and parsed by the workers, every article stored by the
writer), with the CPU time the workers and the writer spent per page (on a shared machine the wall
time mostly measures the CPU share the processes got; CPU per page does not). The writer's limit: the same pages parsed beforehand and put on the result stream, then a
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


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a running process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_cpu(process: subprocess.Popen) -> float:
    """Wait for a child; its CPU seconds (user + system)."""
    _, _, usage = os.wait4(process.pid, 0)
    process.returncode = 0
    return usage.ru_utime + usage.ru_stime


def count(db: Path, sql: str) -> int:
    try:
        with sqlite3.connect(db, timeout=30) as conn:
            return conn.execute(sql).fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def crawl_round(redis, tmp: Path, sources: Path, workers: int, pages: int) -> tuple[float, int, float, float]:
    redis.client().flushall()
    db = tmp / f"w{workers}.db"
    procs = [monitor("worker", "--redis", redis.url, *FAST) for _ in range(workers)]
    time.sleep(3.0)  # let the workers import and connect before the clock starts
    idle = [cpu_seconds(p.pid) for p in procs]
    started = time.monotonic()
    writer = monitor("writer", "--once", "--redis", redis.url, "--db", str(db), "--sources", str(sources), *FAST)
    writer_cpu = wait_cpu(writer)
    elapsed = time.monotonic() - started
    workers_cpu = sum(cpu_seconds(p.pid) - before for p, before in zip(procs, idle))
    for p in procs:
        p.terminate()
    for p in procs:
        p.wait()
    return elapsed, count(db, "select count(*) from versions"), workers_cpu, writer_cpu


def one_process(tmp: Path, sources: Path) -> tuple[float, int, float]:
    """The plain alternative: `monitor crawl` (fetch, parse and store in one process), same corpus."""
    db = tmp / "one.db"
    started = time.monotonic()
    used = wait_cpu(monitor("crawl", "--db", str(db), "--sources", str(sources), *FAST))
    return time.monotonic() - started, count(db, "select count(*) from versions"), used


def writer_limit(redis, tmp: Path, sources: Path, base: str, pages: int) -> tuple[float, float]:
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
    t0, c0, cpu0 = time.monotonic(), count(db, "select count(*) from versions"), cpu_seconds(writer.pid)
    while (c := count(db, "select count(*) from versions")) < pages:
        if writer.poll() is not None:
            break
        time.sleep(0.1)
    elapsed, used = time.monotonic() - t0, cpu_seconds(writer.pid) - cpu0
    writer.terminate()
    writer.wait()
    done = c - c0
    return (done / elapsed if elapsed > 0 else float("nan")), (1000 * used / done if done else float("nan"))


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
            n = args.pages + 1
            print(f"{'workers':>8} {'seconds':>9} {'versions':>9} {'pages/s':>9} {'worker CPU ms/page':>19} "
                  f"{'writer CPU ms/page':>19}")
            if not args.no_one_process:
                elapsed, versions, used = one_process(tmp, sources)
                print(f"{'1 proc':>8} {elapsed:>9.1f} {versions:>9} {n / elapsed:>9.1f} {1000 * used / n:>19.1f} "
                      f"{'(same process)':>19}   monitor crawl, no Redis", flush=True)
            for workers in [int(w) for w in args.workers.split(",") if w.strip()]:
                elapsed, versions, workers_cpu, writer_cpu = crawl_round(redis, tmp, sources, workers, args.pages)
                print(f"{workers:>8} {elapsed:>9.1f} {versions:>9} {n / elapsed:>9.1f} {1000 * workers_cpu / n:>19.1f} "
                      f"{1000 * writer_cpu / n:>19.1f}", flush=True)
            if not args.no_writer_limit:
                rate, ms = writer_limit(redis, tmp, sources, base, args.pages)
                print(f"writer alone (results already parsed): {rate:.1f} versions/s, {ms:.1f} ms CPU per version")
        finally:
            redis.stop()
            server.shutdown()


if __name__ == "__main__":
    main()
