"""Test helpers for alert delivery: receivers on 127.0.0.1 and a news site whose tolls move on.

Receivers record every POST (body, Idempotency-Key, the answer given) and answer as told: a status
(e.g. 503 while "down", 410 "gone"), optionally after a delay for the first ``slow_first`` posts.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARTICLE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body><article><h1>{title}</h1>
<p>Armenia and Azerbaijan accused each other of shelling positions along the border near {place} on Tuesday, officials in Yerevan and Baku said.</p>
<p>Armenia's Defence Ministry said {count} Armenian soldiers had been killed in the fighting near {place}.</p>
<p>The European Union called on both sides to return to talks and to respect the ceasefire agreed in {place}.</p>
</article></body></html>"""

PLACES = ["Jermuk", "Sotk", "Vardenis", "Goris", "Kapan", "Ijevan", "Berd", "Tegh", "Meghri", "Kajaran",
          "Sisian", "Martuni"]


class Receiver:
    def __init__(self, status: int = 200, *, delay: float = 0.0, slow_first: int = 0, host: str = "127.0.0.1"):
        self.status = status
        self.delay, self.slow_first = delay, slow_first
        self.posts: list[dict] = []  # {"status", "key", "body", "path"}
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                try:
                    body = json.loads(raw or b"{}")
                except ValueError:
                    body = {"raw": raw.decode("utf-8", "replace")}
                with receiver.lock:
                    n = len(receiver.posts)
                    status = receiver.status
                    receiver.posts.append({"status": status, "key": self.headers.get("Idempotency-Key"),
                                           "body": body, "path": self.path})
                if n < receiver.slow_first:
                    time.sleep(receiver.delay)
                try:
                    self.send_response(status)
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"ok")
                except OSError:
                    pass  # the sender gave up waiting

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer((host, 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.hostport = f"{host}:{self.port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def accepted(self) -> list[dict]:
        return [p for p in self.posts if p["status"] == 200]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def rss(base: str, paths: list[str]) -> bytes:
    items = "".join(f"<item><title>x</title><link>{base}{p}</link></item>" for p in paths)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'.encode()


def toll_site(site, n: int, count: int) -> list[str]:
    """Fill a ``StaticSite`` with a feed of ``n`` articles reporting ``count`` soldiers killed each."""
    paths = [f"/news/{i}.html" for i in range(n)]
    site.pages["/rss.xml"] = ("application/rss+xml", rss(site.base, paths))
    for i, path in enumerate(paths):
        title = f"Border fighting near {PLACES[i % len(PLACES)]} report {i}"
        site.pages[path] = ("text/html; charset=utf-8",
                            ARTICLE.format(title=title, place=PLACES[i % len(PLACES)], count=count + i).encode())
    return paths


def sources_file(tmp_path, site) -> str:
    path = tmp_path / "sources.toml"
    path.write_text(f'[[source]]\nname = "wire"\nkind = "feed"\nstart_urls = ["{site.base}/rss.xml"]\n'
                    f'interval = "1h"\nrevisit_days = 3\n')
    return str(path)


CRAWL_SETTINGS = ["-s", "ROBOTSTXT_OBEY=0", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "MONITOR_REVISIT_RATIO=0",
                  "-s", "MONITOR_CONDITIONAL_ENABLED=0"]
