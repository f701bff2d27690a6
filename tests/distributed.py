"""Helpers of the distributed-mode tests: worker and writer processes against a test's own redis-server."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from conftest import REPO, run_monitor

#: A local site: no politeness delay or retries needed (the politeness test sets its own).
FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "RETRY_TIMES=0", "-s", "MONITOR_SITEMAP_RECENT_ONLY=False",
        "-s", "MONITOR_REDIS_DOMAIN_DELAY=0", "-s", "DOWNLOAD_TIMEOUT=20"]


def _env() -> dict:
    env = dict(os.environ)
    for name in ("MONITOR_DB", "MONITOR_SOURCES", "MONITOR_REDIS_URL"):
        env.pop(name, None)
    return env


def start_worker(redis_url: str, log: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "monitor", "worker", "--redis", redis_url, "--log-level", "INFO",
                             *FAST, *extra], cwd=REPO, env=_env(), stdout=subprocess.DEVNULL,
                            stderr=open(log, "w"))


def start_writer(redis_url: str, db: Path, sources: Path, log: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "monitor", "writer", "--redis", redis_url, "--db", str(db),
                             "--sources", str(sources), "--log-level", "INFO", *FAST, *extra], cwd=REPO, env=_env(),
                            stdout=subprocess.DEVNULL, stderr=open(log, "w"))


def writer_once(redis_url: str, db: Path, sources: Path, *extra: str, timeout: float = 150):
    return run_monitor("writer", "--once", "--redis", redis_url, "--db", str(db), "--sources", str(sources),
                       "--log-level", "INFO", *FAST, *extra, timeout=timeout)


def stop(*processes: subprocess.Popen) -> None:
    for p in processes:
        if p.poll() is None:
            p.terminate()
    for p in processes:
        try:
            p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def wait_for(predicate, timeout: float = 60.0, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")
