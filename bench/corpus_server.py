"""A static news site for benchmarks: real pages, made relevant, behind an RSS feed, on 127.0.0.1.

Pages come from folders of saved HTML (``../shared/extraction/pages``, or public extraction suites
you point it at); they are served under ``/a/N.html`` in turn until ``count`` pages are listed, so a
corpus of 2,000 pages can be built from fewer files. With ``relevant=True`` each page gets one
paragraph about the conflict, inserted after its middle paragraph, with its own numbers and place so
that no two served pages share the text (otherwise they would be near-duplicates of each other).

``/feed.xml`` lists every page (RSS 2.0). Responses carry a strong ETag and ``Last-Modified``, and a
matching ``If-None-Match`` is answered ``304``: a second round of a crawler that sends validators
costs no parsing. ``/robots.txt`` allows everything.

Run it in its own process (``CorpusServer(...).start()``) so that the crawlers measured never share
its interpreter.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import re
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PLACES = ["Tavush", "Syunik", "Gegharkunik", "Tartar", "Aghdam", "Fuzuli", "Lachin", "Kalbajar", "Jermuk",
          "Sotk", "Goris", "Kapan", "Ganja", "Barda", "Martuni", "Martakert", "Ijevan", "Vardenis"]
_P_END = re.compile(rb"</p\s*>", re.I)
_BODY = re.compile(rb"<body[^>]*>", re.I)


def conflict_paragraph(n: int) -> bytes:
    place = PLACES[n % len(PLACES)]
    killed, wounded = 3 + n % 97, 1 + (n * 7) % 89
    side, other = ("Armenian", "Azerbaijani") if n % 2 else ("Azerbaijani", "Armenian")
    return (f"<p>{killed} {side} soldiers were killed and {wounded} wounded in clashes with {other} forces "
            f"near {place} on the Armenia–Azerbaijan border, the defence ministry in "
            f"{'Yerevan' if side == 'Armenian' else 'Baku'} said in statement number {n}, as talks on "
            f"Nagorno-Karabakh stalled.</p>").encode()


def make_relevant(html: bytes, n: int) -> bytes:
    para = conflict_paragraph(n)
    ends = list(_P_END.finditer(html))
    if ends:  # after the middle paragraph: most paragraphs of a news page are its article's
        m = ends[len(ends) // 2]
        return html[:m.end()] + para + html[m.end():]
    m = _BODY.search(html)
    at = m.end() if m else 0
    return html[:at] + para + html[at:]


def load_pages(folders: list[str], count: int, relevant: bool) -> list[bytes]:
    files = sorted(p for folder in folders for p in Path(folder).rglob("*.htm*") if p.is_file())
    if not files:
        raise SystemExit(f"no .html files under {', '.join(folders)}")
    raw = [f.read_bytes() for f in files]
    return [make_relevant(raw[i % len(raw)], i) if relevant else raw[i % len(raw)] for i in range(count)]


def _feed(base: str, count: int) -> bytes:
    items = "".join(f"<item><title>Article {i}</title><link>{base}/a/{i}.html</link>"
                    f"<guid>{base}/a/{i}.html</guid></item>" for i in range(count))
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Corpus</title>'
            f"<link>{base}/</link><description>bench corpus</description>{items}</channel></rss>").encode()


def _serve(pages: list[bytes], port_out, host: str) -> None:  # pragma: no cover - runs in a child process
    last_modified = formatdate(usegmt=True)
    etags = [hashlib.sha1(p).hexdigest() for p in pages]

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def _send(self, status: int, body: bytes, ctype: str, etag: str | None = None) -> None:
            if etag and self.headers.get("If-None-Match") == f'"{etag}"':
                self.send_response(304)
                self.send_header("ETag", f'"{etag}"')
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Last-Modified", last_modified)
            if etag:
                self.send_header("ETag", f'"{etag}"')
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            base = f"http://{self.headers.get('Host')}"
            path = self.path.split("?")[0]
            if path == "/robots.txt":
                return self._send(200, b"User-agent: *\nAllow: /\n", "text/plain")
            if path == "/feed.xml":
                body = _feed(base, len(pages))
                return self._send(200, body, "application/rss+xml; charset=utf-8", hashlib.sha1(body).hexdigest())
            m = re.fullmatch(r"/a/(\d+)\.html", path)
            if m and int(m.group(1)) < len(pages):
                i = int(m.group(1))
                return self._send(200, pages[i], "text/html; charset=utf-8", etags[i])
            return self._send(404, b"not found", "text/plain")

    server = ThreadingHTTPServer((host, 0), Handler)
    server.daemon_threads = True
    port_out.put(server.server_address[1])
    server.serve_forever()


class CorpusServer:
    def __init__(self, pages: list[bytes], host: str = "127.0.0.1"):
        self.pages, self.host = pages, host
        self.process: multiprocessing.Process | None = None
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> "CorpusServer":
        ctx = multiprocessing.get_context("fork")
        q = ctx.Queue()
        self.process = ctx.Process(target=_serve, args=(self.pages, q, self.host), daemon=True)
        self.process.start()
        self.port = q.get(timeout=30)
        return self

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.join(10)

    def __enter__(self) -> "CorpusServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
