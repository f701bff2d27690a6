"""Shared fixtures. Tests use real SQLite files and real HTTP servers on 127.0.0.1, never the internet."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"  # the read-only material beside the checkout (also there in CI)


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
