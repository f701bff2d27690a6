"""A local news site for crawl drills: an RSS feed (with an ETag, so it answers 304) of N distinct,
relevant articles, each a small HTML page; optional per-request delays (articles, feed). Serves on 127.0.0.1 only.

Used by the frontier kill/restart tests and the daemon-output test. Article texts are made of
seeded pseudo-words so no two are near-duplicates, plus a conflict sentence so each is relevant.
"""

from __future__ import annotations

import gzip
import random
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SYLLABLES = ["ka", "ro", "mi", "ta", "sen", "vo", "lu", "dar", "pe", "nis", "gor", "al", "ve", "tum", "sha", "rik"]


def words(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(n)]


def article_html(i: int) -> bytes:
    paragraphs = []
    for p in range(4):
        text = " ".join(words(i * 10 + p, 40))
        paragraphs.append(f"<p>Armenia and Azerbaijan discussed the Karabakh border today. {text}.</p>")
    return (f"<!doctype html><html lang=en><head><meta charset=utf-8><title>Report {i}</title>"
            f'<meta property="article:published_time" content="2026-12-01T10:00:00+00:00"></head><body>'
            f"<article><h1>Armenia and Azerbaijan: border report number {i}</h1>"
            f"{''.join(paragraphs)}</article></body></html>").encode()


class Newsroom:
    """``/feed.xml`` lists ``/a/1.html`` … ``/a/N.html``; ``hits`` counts GETs per path."""

    ETAG = '"feed-v1"'

    def __init__(self, articles: int = 300, delay: float = 0.0, feed_delay: float = 0.0):
        site = self
        self.count = articles
        self.delay = delay
        self.feed_delay = feed_delay
        self.hits: Counter[str] = Counter()
        self.not_modified = 0
        self.extra: dict[str, tuple[int, dict[str, str], bytes]] = {}  # path -> (status, headers, body)
        self._lock = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802
                with site._lock:
                    site.hits[self.path] += 1
                status, headers, body = site.answer(self.path, self.headers)
                headers = dict(headers)
                cut = headers.pop("_cut", None)  # announce more bytes than are sent, then hang up
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body) + (int(cut) if cut else 0)))
                self.end_headers()
                self.wfile.write(body)
                if cut:
                    self.wfile.flush()
                    self.close_connection = True

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def feed(self) -> bytes:
        items = "".join(f"<item><title>Report {i}</title><link>{self.base}/a/{i}.html</link></item>"
                        for i in range(1, self.count + 1))
        return f'<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>{items}</channel></rss>'.encode()

    def answer(self, path: str, headers) -> tuple[int, dict[str, str], bytes]:
        if path in self.extra:
            return self.extra[path]
        if path == "/feed.xml":
            if headers.get("If-None-Match") == self.ETAG:
                with self._lock:
                    self.not_modified += 1
                return 304, {"ETag": self.ETAG}, b""
            if self.feed_delay:
                time.sleep(self.feed_delay)
            return 200, {"Content-Type": "application/rss+xml", "ETag": self.ETAG}, self.feed()
        if path.startswith("/a/") and path.endswith(".html"):
            try:
                i = int(path[3:-5])
            except ValueError:
                i = 0
            if 1 <= i <= self.count:
                if self.delay:
                    time.sleep(self.delay)
                return 200, {"Content-Type": "text/html; charset=utf-8"}, article_html(i)
        return 404, {"Content-Type": "text/plain"}, b"not found"

    def add(self, path: str, body: bytes, ctype: str = "application/xml", *, status: int = 200,
            gzipped: bool = False, encoding: bool = False) -> None:
        """Serve ``body`` at ``path``; ``gzipped``: the bytes are a .gz file; ``encoding``: Content-Encoding gzip."""
        headers = {"Content-Type": ctype}
        if gzipped or encoding:
            body = gzip.compress(body)
        if encoding:
            headers["Content-Encoding"] = "gzip"
        self.extra[path] = (status, headers, body)

    def add_raw(self, path: str, status: int, headers: dict[str, str], body: bytes = b"") -> None:
        """Serve exactly this answer at ``path`` (``headers["_cut"] = "N"``: claim N more bytes, then hang up)."""
        self.extra[path] = (status, headers, body)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> "Newsroom":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
