"""Hostile and broken responses under ``/faults/`` for robustness tests (in no source).

==========================  ===========================================================
path                        response
==========================  ===========================================================
/faults/binary              200 application/octet-stream, 64 KiB of pseudo-random bytes
/faults/pdf                 200 application/pdf, a small valid PDF
/faults/empty-feed.xml      200 RSS 2.0 channel with no items
/faults/broken-feed.xml     200 RSS cut off in the middle of an item (not well-formed)
/faults/truncated.html      200 HTML cut off in the middle of a tag
/faults/cp1251.html         200 windows-1251 bytes, ``charset=windows-1251`` in header and meta
/faults/slow?seconds=N      200 after sleeping N seconds (float, capped at 30; default 5)
/faults/huge.html           200 HTML of about 5 MB
/faults/500                 500 Internal Server Error
==========================  ===========================================================
"""

from __future__ import annotations

import random
from functools import lru_cache
from urllib.parse import parse_qs

from monitor.demo.content import EPOCH_SITE, HTML, Page

SLOW_CAP_SECONDS = 30.0
SLOW_DEFAULT_SECONDS = 5.0
HUGE_SIZE = 5 * 1024 * 1024
FAULT_PATHS = (
    "/faults/binary", "/faults/pdf", "/faults/empty-feed.xml", "/faults/broken-feed.xml",
    "/faults/truncated.html", "/faults/cp1251.html", "/faults/slow", "/faults/huge.html", "/faults/500",
)


def slow_seconds(query: str) -> float:
    """Seconds ``/faults/slow`` sleeps for a query string; bad values mean the default."""
    values = parse_qs(query).get("seconds", [])
    try:
        seconds = float(values[0]) if values else SLOW_DEFAULT_SECONDS
    except ValueError:
        seconds = SLOW_DEFAULT_SECONDS
    if seconds != seconds:  # NaN
        seconds = SLOW_DEFAULT_SECONDS
    return max(0.0, min(seconds, SLOW_CAP_SECONDS))


def _pdf() -> bytes:
    stream = b"BT /F1 18 Tf 72 720 Td (Demo press release) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


_CP1251_TEXT = """<!DOCTYPE html>
<html lang="ru">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">
<title>Новости региона: обзор за неделю</title>
</head>
<body>
<article>
<h1>Новости региона: обзор за неделю</h1>
<p>В понедельник в столице открылась осенняя книжная ярмарка. Организаторы ожидают более
двадцати тысяч посетителей и сотни новых изданий.</p>
<p>Синоптики обещают тёплую и сухую погоду до конца недели — «бабье лето» продлится ещё несколько дней.</p>
</article>
</body>
</html>
"""

_HUGE_PARAGRAPH = (
    "<p>This paragraph is filler for a very large page. It exists so that crawlers can be "
    "tested against responses of several megabytes: size limits, memory use and timeouts. "
    "Nothing here is news, and nothing here should be stored.</p>\n"
)


@lru_cache(maxsize=None)
def _huge() -> bytes:
    head = ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>A very large page</title>"
            "</head><body><article><h1>A very large page</h1>\n")
    tail = "</article></body></html>\n"
    n = (HUGE_SIZE - len(head) - len(tail)) // len(_HUGE_PARAGRAPH) + 1
    return (head + _HUGE_PARAGRAPH * n + tail).encode("ascii")


_EMPTY_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>An empty feed</title>
    <link>http://example.invalid/</link>
    <description>A valid RSS channel without any items.</description>
    <lastBuildDate>Thu, 01 Sep 2022 00:00:00 +0000</lastBuildDate>
  </channel>
</rss>
"""

_BROKEN_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>A broken feed</title>
    <link>http://example.invalid/</link>
    <description>This document stops in the middle of an item.</description>
    <item>
      <title>First item</title>
      <link>http://example.invalid/first</link>
    </item>
    <item>
      <title>Second it"""

_TRUNCATED_HTML = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>A page that stops half-way</title></head>
<body>
<article>
<h1>A page that stops half-way</h1>
<p>The connection that delivered this page was cut before the end of the document. The first
paragraph arrived in full.</p>
<p>The second paragraph was cut off in the middle of a <a href="/somewhere" cla"""


@lru_cache(maxsize=None)
def fault_pages() -> dict[str, Page]:
    binary = random.Random(20220913).randbytes(64 * 1024)
    return {
        "/faults/binary": Page(binary, "application/octet-stream", EPOCH_SITE),
        "/faults/pdf": Page(_pdf(), "application/pdf", EPOCH_SITE),
        "/faults/empty-feed.xml": Page(_EMPTY_FEED.encode(), "application/rss+xml; charset=utf-8", EPOCH_SITE),
        "/faults/broken-feed.xml": Page(_BROKEN_FEED.encode(), "application/rss+xml; charset=utf-8", EPOCH_SITE),
        "/faults/truncated.html": Page(_TRUNCATED_HTML.encode(), HTML, EPOCH_SITE),
        "/faults/cp1251.html": Page(_CP1251_TEXT.encode("cp1251"), "text/html; charset=windows-1251", EPOCH_SITE),
        "/faults/huge.html": Page(_huge(), HTML, EPOCH_SITE),
        "/faults/500": Page(b"<!DOCTYPE html><html lang=\"en\"><head><title>500 Internal Server Error</title></head>"
                            b"<body><h1>Internal Server Error</h1><p>Something went wrong.</p></body></html>\n",
                            HTML, None, status=500),
        "/faults/slow": Page(b"<!DOCTYPE html><html lang=\"en\"><head><title>Slow page</title></head>"
                             b"<body><p>Sorry for the wait.</p></body></html>\n", HTML, EPOCH_SITE),
    }
