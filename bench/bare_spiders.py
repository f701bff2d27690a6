"""The plain alternatives the monitor is measured against (run with ``scrapy runspider``, outside the project).

* ``-a mode=download``: read the feed, fetch every page, do nothing with it;
* ``-a mode=trafilatura``: the same, and ``trafilatura.extract(html, include_comments=False)`` on each
  page, yielding url, title and text: what a user writes by hand.

``-a feed=URL`` names the feed; ``-a stats=PATH`` writes the crawl's stats as JSON when it closes.
"""

from __future__ import annotations

import json

import scrapy


class BareSpider(scrapy.Spider):
    name = "bare"

    def __init__(self, feed: str, mode: str = "download", stats: str | None = None, **kw):
        super().__init__(**kw)
        self.feed, self.mode, self.stats_path = feed, mode, stats

    async def start(self):
        yield scrapy.Request(self.feed, callback=self.parse_feed)

    def parse_feed(self, response):
        for link in response.xpath("//item/link/text()").getall():
            yield scrapy.Request(link, callback=self.parse_page)

    def parse_page(self, response):
        if self.mode == "download":
            return
        import trafilatura

        text = trafilatura.extract(response.text, include_comments=False)
        meta = trafilatura.extract_metadata(response.text)
        yield {"url": response.url, "title": meta.title if meta else None, "text": text}

    def closed(self, reason):
        if self.stats_path:
            from datetime import datetime, timezone

            stats = dict(self.crawler.stats.get_stats())
            start = stats["start_time"]
            stats["elapsed_time_seconds"] = (datetime.now(start.tzinfo or timezone.utc) - start).total_seconds()
            with open(self.stats_path, "w", encoding="utf-8") as fh:
                json.dump({k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in stats.items()}, fh)
