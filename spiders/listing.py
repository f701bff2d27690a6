"""Section pages: links whose URL matches the source's ``article_pattern`` are article candidates."""

from __future__ import annotations

import re
from typing import Any, Iterable

from scrapy.http import Response, TextResponse

from spiders.base import SourceSpider, log_empty


def listing_links(response: TextResponse, pattern: str) -> list[str]:
    regex = re.compile(pattern)
    seen: dict[str, None] = {}
    for href in response.css("a::attr(href)").getall():
        url = response.urljoin(href.strip())
        if regex.search(url):
            seen.setdefault(url.split("#", 1)[0], None)
    return list(seen)


class ListingSpider(SourceSpider):
    kind = "listing"

    def index_entries(self, response: Response) -> Iterable[Any]:
        if not isinstance(response, TextResponse):
            self.logger.error("source %s: listing %s is not a text page", self.name, response.url)
            return
        links = listing_links(response, self.source.article_pattern or "")
        if not links:
            log_empty(self, response, "listing page")
        yield from self.follow_links(links, response)
