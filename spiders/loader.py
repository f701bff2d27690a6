"""A Scrapy spider loader that makes one spider per entry of the sources file.

Set as ``SPIDER_LOADER_CLASS``; reads the file named by the ``MONITOR_SOURCES`` setting
(empty: the packaged default).
"""

from __future__ import annotations

from typing import Any

from scrapy import Request, Spider
from scrapy.settings import BaseSettings
from scrapy.utils.url import url_is_from_any_domain

from monitor.sources import Source, load_sources
from spiders.base import SourceSpider
from spiders.feed import FeedSpider
from spiders.listing import ListingSpider
from spiders.sitemap import SitemapSpider

KIND_CLASSES: dict[str, type[SourceSpider]] = {"feed": FeedSpider, "sitemap": SitemapSpider, "listing": ListingSpider}


def spider_class_for(source: Source) -> type[SourceSpider]:
    base = KIND_CLASSES[source.kind]
    attrs: dict[str, Any] = {
        "name": source.name,
        "source": source,
        "allowed_domains": list(source.allowed_domains),
        "__module__": base.__module__,
        "__doc__": f"{source.kind} spider for source {source.name!r} ({source.schedule_text}).",
    }
    return type(f"{base.__name__}_{source.name.replace('-', '_')}", (base,), attrs)


class PerJobSourceSpider(Spider):
    """``scrapy crawl source -a source=NAME [-a sources=PATH]``: a source of a sources file chosen per job.

    Scrapyd only schedules spiders that the deployed project lists with its default settings, so a
    job that crawls a source of another sources file names this spider, the source and the file
    (``-d spider=source -d source=NAME -d setting=MONITOR_SOURCES=PATH``, or ``-d sources=PATH``).
    The crawl is then exactly that source's own spider.
    """

    name = "source"

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, source: str | None = None, sources: str | None = None,
                     **kwargs: Any) -> Spider:
        from monitor.sources import SourcesError, select_sources

        if not source:
            raise ValueError("spider 'source' needs -a source=NAME (and the file: -a sources=PATH or "
                             "-s MONITOR_SOURCES=PATH)")
        try:
            [chosen] = select_sources(load_sources(sources or crawler.settings.get("MONITOR_SOURCES") or None),
                                      [source])
        except SourcesError as exc:
            raise ValueError(str(exc)) from None
        return spider_class_for(chosen).from_crawler(crawler, *args, **kwargs)


class SourceSpiderLoader:
    def __init__(self, settings: BaseSettings):
        self.sources = load_sources(settings.get("MONITOR_SOURCES") or None)
        self._spiders = {s.name: spider_class_for(s) for s in self.sources}

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> "SourceSpiderLoader":
        return cls(settings)

    def load(self, spider_name: str) -> type[Spider]:
        if spider_name == PerJobSourceSpider.name and spider_name not in self._spiders:
            return PerJobSourceSpider
        try:
            return self._spiders[spider_name]
        except KeyError:
            raise KeyError(f"Spider not found: {spider_name}") from None

    def list(self) -> list[str]:
        names = list(self._spiders)
        return names + [PerJobSourceSpider.name] if PerJobSourceSpider.name not in names else names

    def find_by_request(self, request: Request) -> list[str]:
        return [name for name, cls in self._spiders.items()
                if url_is_from_any_domain(request.url, cls.allowed_domains)]
