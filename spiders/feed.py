"""RSS 2.0 and Atom feeds: every entry's link is an article candidate."""

from __future__ import annotations

from typing import Any, Iterable

from parsel import Selector
from scrapy.http import Response

from spiders.base import SourceSpider, log_empty


def feed_links(body: bytes | str, base_url: str) -> list[str]:
    """Article links of an RSS or Atom document, in feed order, without duplicates."""
    from urllib.parse import urljoin

    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
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
            links = feed_links(response.body, response.url)
        except ValueError as exc:  # lxml could not recover anything
            self.crawler.stats.inc_value("monitor/bad_index")
            self.logger.error("source %s: feed %s is not readable XML: %s", self.name, response.url, exc)
            return
        if not links:
            log_empty(self, response, "feed")
        yield from self.follow_links(links, response)
