"""What an operator sees: `monitor schedule` in a pseudo-terminal through several crawls.

The status line must stay intact after every crawl (Scrapy replaces its root log handler per
crawler; the monitor owns its handler instead), and the default output must stay at a few lines
per run: run start, run end, warnings, errors — no stats dump, no per-request lines.
"""

from __future__ import annotations

import os
import pty
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import REPO
from newsroom import Newsroom

pytestmark = pytest.mark.e2e

LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d[+-]\d{4} \[[\w.]+\] (INFO|WARNING|ERROR|CRITICAL): ")
STATUS = re.compile(r"^monitor: (\d+) runs done, \d+ pages, \d+ items, \d+ alerts \| (running|idle)")


def screen_lines(raw: str) -> tuple[list[str], str]:
    """What a terminal shows: the lines that scrolled up, and the line the cursor is on.
    Handles ``\\r`` (column 0), ``ESC[K`` (erase to end of line) and ``\\n``."""
    done: list[str] = []
    line: list[str] = []
    col = 0
    i = 0
    raw = raw.replace("\r\n", "\n")
    while i < len(raw):
        ch = raw[i]
        if raw.startswith("\x1b[K", i):
            del line[col:]
            i += 3
            continue
        if ch == "\r":
            col = 0
        elif ch == "\n":
            done.append("".join(line))
            line, col = [], 0
        else:
            if col < len(line):
                line[col] = ch
            else:
                line.append(ch)
            col += 1
        i += 1
    return done, "".join(line)


def test_status_line_survives_every_crawl_and_output_stays_short(tmp_path):
    with Newsroom(4) as site:
        sources = tmp_path / "s.toml"
        sources.write_text(f'[[source]]\nname = "news"\nkind = "feed"\nstart_urls = ["{site.base}/feed.xml"]\n'
                           f'allowed_domains = ["127.0.0.1"]\ninterval = "2s"\n', encoding="utf-8")
        env = dict(os.environ, COLUMNS="250", MONITOR_PROGRESS="auto")
        env.pop("MONITOR_DB", None)
        env.pop("MONITOR_SOURCES", None)
        master, slave = pty.openpty()
        proc = subprocess.Popen(
            [sys.executable, "-m", "monitor", "schedule", "--db", str(tmp_path / "m.db"), "--sources", str(sources),
             "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "ROBOTSTXT_OBEY=0", "-s", "MONITOR_REVISIT_ENABLED=0"],
            cwd=REPO, env=env, stdin=slave, stdout=slave, stderr=slave, close_fds=True)
        os.close(slave)
        chunks: list[bytes] = []

        def read() -> None:
            while True:
                try:
                    data = os.read(master, 4096)
                except OSError:
                    return
                if not data:
                    return
                chunks.append(data)

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        try:
            deadline = time.monotonic() + 180
            while b"".join(chunks).count(b"run finished") < 4:
                assert proc.poll() is None and time.monotonic() < deadline, b"".join(chunks).decode()[-3000:]
                time.sleep(0.1)
            time.sleep(1.5)  # at least one tick of the status line after the last run
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=60) == 0
        finally:
            if proc.poll() is None:
                proc.kill()
            reader.join(timeout=5)
            os.close(master)
    raw = b"".join(chunks).decode("utf-8", "replace")
    lines, current = screen_lines(raw)
    lines = [line for line in lines if line.strip()]
    runs = sum("run finished" in line for line in lines)
    assert runs >= 4
    # every line that scrolled up is one clean log line: no status text glued to log text
    # beside log lines, only the one-time note that the store was created
    bad = [line for line in lines if not LOG_LINE.match(line) and not line.startswith("monitor: created a new store")]
    assert not bad, bad
    assert not any("monitor: " in line and "runs done" in line for line in lines)
    # the status line was drawn again after the later crawls (it is the text most recently shown)
    counts = [int(m.group(1)) for m in re.finditer(r"monitor: (\d+) runs done", raw)]
    assert max(counts) >= 4
    # quiet: a start and an end line per run, the schedule line and the stop lines; no Scrapy chatter
    info = [line for line in lines if " INFO: " in line]
    assert len(info) <= 2 * runs + 4, "\n".join(lines)
    assert len(lines) <= 3 * runs + 6, "\n".join(lines)
    # one warning per skipped overlap, not two (APScheduler's own duplicate is not shown)
    assert not any("[apscheduler" in line for line in lines), "\n".join(lines)
    assert not any("Dumping Scrapy stats" in line or "Crawled (200)" in line or "Spider opened" in line
                   for line in lines)
    starts = [line for line in lines if "run starting" in line]
    assert len(starts) >= 4
