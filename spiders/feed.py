"""RSS 2.0 and Atom feeds: every entry's link is an article candidate."""

from __future__ import annotations

import codecs
import re
from typing import Any, Iterable

from parsel import Selector
from scrapy.http import Response

from spiders.base import SourceSpider, log_empty


_XML_DECL_RE = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")
_CHARSET_RE = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._-]+)", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _codec(name: str | None) -> str | None:
    try:
        return codecs.lookup(name).name if name else None
    except LookupError:
        return None


def http_charset(content_type: bytes | str | None) -> str | None:
    """The charset of a Content-Type header value, if it names a known codec."""
    if isinstance(content_type, bytes):
        content_type = content_type.decode("latin-1")
    m = _CHARSET_RE.search(content_type or "")
    return _codec(m.group(1)) if m else None


def decode_feed(body: bytes, charset: str | None = None) -> str:
    """A feed's text: by its byte-order mark, else the HTTP ``charset``, else its XML declaration,
    else UTF-8; a declared charset the bytes do not fit is skipped, and detection is the last resort.

    >>> decode_feed('<?xml version="1.0" encoding="windows-1251"?><rss>Ереван</rss>'.encode("cp1251"))[-17:]
    '<rss>Ереван</rss>'
    """
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body[len(bom):].decode(name, "replace")
    m = _XML_DECL_RE.match(body)
    declared = [_codec(charset), _codec(m.group(1).decode("ascii")) if m else None, "utf-8"]
    for name in dict.fromkeys(n for n in declared if n):
        try:
            return body.decode(name)
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(body).best()
    return str(best) if best is not None else body.decode("utf-8", "replace")


def feed_links(body: bytes | str, base_url: str, charset: str | None = None) -> list[str]:
    """Article links of an RSS or Atom document, in feed order, without duplicates.
    Bytes are decoded with :func:`decode_feed` (``charset``: the HTTP header's)."""
    from urllib.parse import urljoin

    text = decode_feed(body, charset) if isinstance(body, bytes) else body
    sel = Selector(text=text, type="xml")
    sel.remove_namespaces()
    links = sel.xpath("//item/link/text()").getall()
    links += sel.xpath("//item[not(link)]/guid[not(@isPermaLink='false')]/text()").getall()
    for entry in sel.xpath("//entry"):
        href = (entry.xpath("link[@rel='alternate']/@href").get()
                or entry.xpath("link[not(@rel)]/@href").get()
                or entry.xpath("link/@href").get())
        if href:
            links.append(href)
    seen: dict[str, None] = {}
    for link in links:
        link = link.strip()
        if link:
            seen.setdefault(urljoin(base_url, link), None)
    return list(seen)


class FeedSpider(SourceSpider):
    kind = "feed"

    def index_entries(self, response: Response) -> Iterable[Any]:
        try:
            links = feed_links(response.body, response.url,
                               http_charset(response.headers.get(b"Content-Type")))
        except ValueError as exc:  # lxml could not recover anything
            self.crawler.stats.inc_value("monitor/bad_index")
            self.logger.error("source %s: feed %s is not readable XML: %s", self.name, response.url, exc)
            return
        if not links:
            log_empty(self, response, "feed")
        yield from self.follow_links(links, response)
