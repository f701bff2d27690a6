"""A feed of N distinct articles on 127.0.0.1 whose feed answers 304 to its own ETag (for the store drills)."""

from __future__ import annotations

import hashlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body><article><h1>{title}</h1>
<p>Report number {n}: officials in Yerevan and Baku traded accusations over shelling near village {n} on the border.</p>
<p>Armenia's Defence Ministry said {k} Armenian soldiers had been killed in the fighting at post {n}.</p>
<p>Observers counted {m} craters along road {n}, and the talks planned for week {w} were postponed again.</p>
</article></body></html>"""


class DrillSite:
    def __init__(self, articles: int):
        site = self
        self.hits: list[str] = []
        self.pages = {f"/a/{i}.html": PAGE.format(title=f"Border clash report {i}", n=i, k=i % 40 + 2,
                                                  m=i * 7 % 97, w=i % 52).encode() for i in range(articles)}

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                site.hits.append(self.path)
                if self.path == "/rss.xml":
                    body, ctype = site.feed(), "application/rss+xml"
                elif self.path in site.pages:
                    body, ctype = site.pages[self.path], "text/html; charset=utf-8"
                else:
                    self.send_error(404)
                    return
                etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def feed(self) -> bytes:
        items = "".join(f"<item><title>r</title><link>{self.base}{p}</link></item>" for p in self.pages)
        return f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'.encode()

    def article_hits(self) -> int:
        return sum(1 for h in self.hits if h.startswith("/a/"))

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def sources(self, path, *, interval: str = "30m", enabled: bool = True):
        path.write_text(f'[[source]]\nname = "wire"\nkind = "feed"\nstart_urls = ["{self.base}/rss.xml"]\n'
                        f'allowed_domains = ["127.0.0.1"]\ninterval = "{interval}"\n'
                        f'enabled = {"true" if enabled else "false"}\n', encoding="utf-8")
        return path


FAST = ["-s", "ROBOTSTXT_OBEY=0", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "RETRY_TIMES=0",
        "-s", "MONITOR_RELEVANCE_ENABLED=0", "-s", "MONITOR_NEAR_DUPLICATES_ENABLED=0",
        "-s", "MONITOR_STORIES_ENABLED=0", "-s", "MONITOR_ALERT_CHANNELS=log",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=4", "-s", "MONITOR_HEALTH_ENABLED=0"]


def version_record(url: str = "http://x/a", body: str = "155 soldiers killed"):
    """A minimal version of the article at ``url`` (for tests that write the store directly)."""
    from storage import VersionRecord

    return VersionRecord(
        article={"canonical_url": url, "url": url, "source": "wire", "headline": "h", "body_text": body,
                 "content_hash": body[:40], "first_seen_at": "t1", "last_checked_at": "t1"},
        version={"fetched_at": "t1", "content_hash": body[:40], "headline": "h", "body_text": body,
                 "changed_fields": '["created"]'},
        sections=[{"heading": None, "text": body}])
