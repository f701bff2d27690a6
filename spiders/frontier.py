"""The frontier as a spider run uses it (the rules and the SQL are in ``storage/frontier.py``).

* :meth:`RunFrontier.take_up` — at the start of a run: requests for the links earlier runs left pending;
* :meth:`RunFrontier.record` — when an index was read: its links (the requests it leads to) become
  pending, together with the validators the conditional-request middleware held aside;
* :meth:`RunFrontier.settle_response` / :meth:`RunFrontier.settle_request` — when a page went
  through the pipelines (``item_scraped``/``item_dropped``), was no article, answered 304, or failed
  for good (the errback: permanent HTTP error, retries exhausted, filtered).

A failed pipeline or callback (``item_error``, ``spider_error``: a write that failed, a parser bug)
settles nothing: the link stays pending and the next run fetches it again. Only failures that are
not store faults count as attempts (:meth:`RunFrontier.failed`); after ``MONITOR_FRONTIER_MAX_ATTEMPTS``
of them the link is given up.
"""

from __future__ import annotations

import logging
from typing import Any, Iterable

import scrapy
from scrapy.http import Response

from monitor.middlewares import INDEX_VALIDATORS
from storage.frontier import MAX_ATTEMPTS, Link

logger = logging.getLogger("monitor.frontier")

LINK = "monitor_link"  # meta: the link (as the index listed it) a request fetches
DEPTH = "monitor_depth"  # meta: sitemap nesting of an index request (start URLs: 0)


def request_urls(request: scrapy.Request) -> list[str]:
    """The URLs a request settles: the listed link, the URL first asked for (before redirects) and its own."""
    meta = request.meta
    urls = [meta.get(LINK), (meta.get("redirect_urls") or [request.url])[0], request.url]
    return [u for u in dict.fromkeys(urls) if u]


class RunFrontier:
    def __init__(self, spider: Any):
        self.spider = spider
        self.settled: set[str] = set()  # URLs this run has settled already

    @property
    def store(self) -> Any:
        from pipelines.storeaccess import store_for

        return store_for(self.spider.crawler)

    @property
    def stats(self) -> Any:
        return self.spider.crawler.stats

    def take_up(self) -> list[Link]:
        max_attempts = self.spider.settings.getint("MONITOR_FRONTIER_MAX_ATTEMPTS", MAX_ATTEMPTS)
        links, given_up = self.store.frontier_take_up(self.spider.name, max_attempts)
        if given_up:
            self.stats.inc_value("monitor/frontier/given_up", len(given_up))
            logger.warning("source %s: gave up %d links still pending after %d attempts (first: %s)",
                           self.spider.name, len(given_up), max_attempts, given_up[0])
        if links:
            self.stats.inc_value("monitor/frontier/taken_up", len(links))
            logger.info("source %s: taking up %d links left pending by an earlier run", self.spider.name, len(links))
        return links

    def record(self, response: Response, requests: Iterable[Any]) -> None:
        """The index at ``response`` was read and leads to ``requests``: record their links as pending."""
        links = []
        for request in requests:
            if isinstance(request, scrapy.Request) and request.meta.get(LINK):
                kind = "index" if request.meta.get("monitor_role") == "index" else "article"
                links.append(Link(request.meta[LINK], kind, int(request.meta.get(DEPTH, 0) or 0)))
        # A page this run has already been through (a revisit that came back before the index did) would
        # be recorded and never settled: its second request is a duplicate the scheduler drops
        links = [link for link in links if link.url not in self.settled]
        etag, last_modified = response.meta.pop(INDEX_VALIDATORS, (None, None))
        index_url = (response.meta.get("redirect_urls") or [response.url])[0]
        self.store.frontier_record_index(self.spider.name, index_url, links, etag=etag, last_modified=last_modified)
        self.stats.inc_value("monitor/frontier/recorded", len(links))
        # an index that was itself a listed link (a child sitemap) is settled once read
        if response.meta.get(LINK):
            self._settle(request_urls(response.request) if response.request else [response.meta[LINK]])

    def settle_response(self, response: Response | None) -> None:
        if response is not None and response.request is not None:
            self._settle(request_urls(response.request))

    def settle_request(self, request: scrapy.Request) -> None:
        self._settle(request_urls(request))

    def failed(self, response: Response | None, failure: Any) -> None:
        """Processing of a fetched page failed (``item_error``, ``spider_error``): the link stays pending. A
        store fault (locked, full, read-only database) is not the page's fault and is not counted; any other
        failure counts one attempt towards giving the link up."""
        import sqlite3

        value = getattr(failure, "value", failure)
        if response is None or response.request is None or isinstance(value, sqlite3.Error):
            return
        try:
            self.store.frontier_note_failure(self.spider.name, request_urls(response.request))
        except sqlite3.Error:
            pass  # the store cannot take it now; the link is pending either way

    def _settle(self, urls: list[str]) -> None:
        committed = self.store.frontier_settle(self.spider.name, urls)
        self.settled.update(urls)  # only once the store took it: a failed settle leaves the link pending
        if committed:
            self.stats.inc_value("monitor/frontier/indexes_committed", len(committed))
