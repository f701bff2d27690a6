"""What the store checks cost: Store.open() plain vs with check=True (quick_check + a test write), and
`monitor check`'s full integrity_check, on a store of SIZE_MB (default 200) of article text.

    .venv/bin/python bench/bench_store_checks.py [SIZE_MB]
"""

from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from storage import Store  # noqa: E402
from storage.health import integrity_check  # noqa: E402


def timed(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    size_mb = float(sys.argv[1]) if len(sys.argv) > 1 else 200.0
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "bench.db")
        Store.open(path).close()
        conn = sqlite3.connect(path)
        body = "Armenia and Azerbaijan reported casualties along the border. " * 60  # ~3.6 KB
        n = int(size_mb * 1024 * 1024 / (len(body) * 2.2))  # text + FTS
        with conn:
            conn.executemany(
                "insert into articles (canonical_url, url, source, body_text, first_seen_at) values (?, ?, 'b', ?, 't')",
                ((f"https://x/{i}", f"https://x/{i}", f"{i} {body}") for i in range(n)))
        conn.execute("pragma wal_checkpoint(truncate)")
        conn.close()
        mb = os.path.getsize(path) / 1e6
        plain = timed(lambda: Store.open(path).close())
        checked = timed(lambda: Store.open(path, check=True).close())

        def full() -> None:
            c = sqlite3.connect(path)
            integrity_check(c)
            c.close()
        integrity = timed(full, repeat=1)
        print(f"store {mb:.0f} MB, {n} articles")
        print(f"  Store.open()            {plain * 1000:8.1f} ms   (plain)")
        print(f"  Store.open(check=True)  {checked * 1000:8.1f} ms   (+ quick_check + test write: crawl/schedule/init)")
        print(f"  integrity_check         {integrity * 1000:8.1f} ms   (monitor check)")


if __name__ == "__main__":
    main()
