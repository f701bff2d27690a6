"""Shared fixtures. Tests use real SQLite files and real HTTP servers on 127.0.0.1, never the internet."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"  # the read-only material beside the checkout (also there in CI)

# Crawls in tests parse inline: starting parse worker processes in each of the suite's crawl
# subprocesses would only cost time. tests/test_parse_pool.py crawls with workers on purpose.
os.environ.setdefault("MONITOR_PARSE_WORKERS", "0")


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    return str(tmp_path / "test.db")


@pytest.fixture(scope="session")
def demo_site():
    from monitor.demo.site import DemoSite

    site = DemoSite()
    site.start()
    yield site
    site.stop()


def run_monitor(*args: str, cwd: Path | None = None, env: dict | None = None, timeout: float = 180,
                stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m monitor ARGS`` in a fresh process (a Twisted reactor cannot restart in one process)."""
    full_env = dict(os.environ)
    full_env.pop("MONITOR_DB", None)
    full_env.pop("MONITOR_SOURCES", None)
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "monitor", *args], cwd=cwd or REPO, env=full_env,
                          capture_output=True, text=True, timeout=timeout, input=stdin)


class StaticSite:
    """A throwaway HTTP server on 127.0.0.1 serving fixed responses: ``{path: (content_type, body)}``,
    optionally after a delay (``delays[path] = seconds``)."""

    def __init__(self, pages: dict[str, tuple[str, bytes]]):
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                site.hits.append(self.path)
                site.hit_times.append(__import__("time").monotonic())
                site.user_agents.append(self.headers.get("User-Agent", ""))
                if self.path in site.delays:
                    import time

                    time.sleep(site.delays[self.path])
                if self.path not in site.pages:
                    self.send_error(404)
                    return
                ctype, body = site.pages[self.path]
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.pages = pages
        self.delays: dict[str, float] = {}  # path -> seconds to wait before answering
        self.hits: list[str] = []
        self.hit_times: list[float] = []  # time.monotonic() of each hit, in the order of ``hits``
        self.user_agents: list[str] = []  # in the order of ``hits``
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def static_site():
    sites: list[StaticSite] = []

    def make(pages: dict[str, tuple[str, bytes]]) -> StaticSite:
        site = StaticSite(pages)
        sites.append(site)
        return site

    yield make
    for site in sites:
        site.close()


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redis_server(tmp_path_factory):
    """A fresh redis-server of this test alone (skips with a reason when Debian's redis-server is absent)."""
    from redisserver import RedisServer, redis_server_binary

    binary = redis_server_binary()
    if binary is None:
        pytest.skip("redis-server not installed (tests/setup-redis.sh installs Debian's)")
    pytest.importorskip("redis")
    server = RedisServer(tmp_path_factory.mktemp("redis"), binary)
    server.start()
    yield server
    server.stop()


def made_by(cls):
    """A fixture body: ``make(**kw)`` builds ``cls(**kw)``; everything made is closed at the end."""
    made = []

    def make(**kw):
        r = cls(**kw)
        made.append(r)
        return r

    try:
        yield make
    finally:
        for r in made:
            r.close()


@pytest.fixture
def receivers():
    """``receivers(**kw)`` starts a webhook receiver on 127.0.0.1 (tests/alert_receivers.py); all close at the end."""
    from alert_receivers import Receiver

    yield from made_by(Receiver)
