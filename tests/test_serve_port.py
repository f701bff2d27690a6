"""`monitor serve -p 0` prints the address it really listens on, and that address answers."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request

from conftest import REPO
from storage import Store


def test_port_zero_prints_the_real_url(tmp_path):
    db = tmp_path / "desk.db"
    Store.open(db).close()
    proc = subprocess.Popen([sys.executable, "-m", "monitor", "serve", "--db", str(db), "-p", "0"], cwd=REPO,
                            env=dict(os.environ, PYTHONUNBUFFERED="1"), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    try:
        first = proc.stderr.readline()
        match = re.search(r"on (http://127\.0\.0\.1:(\d+)/)", first)
        assert match, first
        assert int(match.group(2)) != 0
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(match.group(1) + "-/versions.json", timeout=5) as resp:
                    assert resp.status == 200
                    break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline
                time.sleep(0.2)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
