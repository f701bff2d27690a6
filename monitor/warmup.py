"""Load the language-identification model as a crawl starts, so that loading it (a few seconds)
never stalls the reactor in the middle of downloads."""

from __future__ import annotations

from scrapy import signals
from scrapy.crawler import Crawler


class LanguageModelWarmup:
    """A Scrapy extension: on ``engine_started``, load py3langid's model (once per process)."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "LanguageModelWarmup":
        ext = cls()
        crawler.signals.connect(ext.engine_started, signal=signals.engine_started)
        return ext

    def engine_started(self) -> None:
        from monitor.language import warm_up
        warm_up()
