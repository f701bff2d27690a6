"""Scrapy downloader middlewares of the monitor.

:class:`ConditionalRequestMiddleware` makes revisits cheap: the ``ETag`` and ``Last-Modified``
of every feed, sitemap, listing and article response are kept per URL (table ``url_state``)
and sent back as ``If-None-Match`` / ``If-Modified-Since``. A ``304 Not Modified`` answer is
let through to the spider callback (``handle_httpstatus_list``), which returns at once: no
parsing, no item, no version; the article's ``last_checked_at`` is updated here. An article
page's validators are written only after its item went through the pipelines, so a crash
between fetch and store can never turn the next fetch into a 304 that hides an update.

Enable with ``MONITOR_CONDITIONAL_ENABLED`` (on by default); a request opts out with
``meta={"monitor_conditional": False}``. Stats: ``monitor/conditional_requests``,
``monitor/not_modified`` (and ``monitor/not_modified/index``, ``…/article``).
"""

from __future__ import annotations

from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from monitor.urls import canonical_url
from pipelines.storeaccess import store_for
from storage import Store, utcnow

#: Requests whose ``meta["monitor_role"]`` is one of these are handled; others (robots.txt) never are.
ROLES = ("index", "article")
_FOR = "monitor_validators_for"  # meta: the URL whose validators this request carries
_PENDING = "monitor_pending_validators"  # meta: an article's validators, kept once its item is stored


class ConditionalRequestMiddleware:
    """Send stored validators back; turn an unchanged page into a cheap 304."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        # An index's (feed, sitemap, listing) new validators, kept only when the run ends cleanly: a run
        # stopped by a store fault must not make the next fetch of the index a 304 that hides the links it
        # could not store. (The frontier of pending links, when it lands, settles this per link.)
        self.index_validators: dict[str, tuple[str | None, str | None]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "ConditionalRequestMiddleware":
        if not crawler.settings.getbool("MONITOR_CONDITIONAL_ENABLED", True):
            raise NotConfigured("MONITOR_CONDITIONAL_ENABLED is off")
        mw = cls(crawler)
        crawler.signals.connect(mw.item_done, signal=signals.item_scraped)
        crawler.signals.connect(mw.item_done, signal=signals.item_dropped)
        crawler.signals.connect(mw.item_error, signal=signals.item_error)
        crawler.signals.connect(mw.spider_error, signal=signals.spider_error)
        crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        return mw

    def spider_closed(self, spider: Any, reason: str) -> None:
        from monitor.storeguard import store_fault

        pending, self.index_validators = self.index_validators, {}
        if reason != "finished" or store_fault(self.crawler) is not None:
            return
        for url, (etag, last_modified) in pending.items():
            self.store.record_fetch(url, status=200, when=utcnow(), etag=etag, last_modified=last_modified)

    @property
    def store(self) -> Store:
        return store_for(self.crawler)

    @staticmethod
    def _handled(request: Request) -> bool:
        return request.meta.get("monitor_role") in ROLES and request.meta.get("monitor_conditional", True) is not False

    # -- requests -----------------------------------------------------------------
    def process_request(self, request: Request) -> None:
        if not self._handled(request):
            return None
        carried = request.meta.get(_FOR)
        if carried == request.url:  # a retry of our own conditional request
            return None
        if carried is not None:  # a redirect copied the validators of another URL: drop them
            request.headers.pop(b"If-None-Match", None)
            request.headers.pop(b"If-Modified-Since", None)
            del request.meta[_FOR]
        if b"If-None-Match" in request.headers or b"If-Modified-Since" in request.headers:
            return None  # set by the spider itself
        state = self.store.url_states([request.url]).get(request.url)
        if not state or state["last_status"] not in (200, 304) or not (state["etag"] or state["last_modified"]):
            return None
        if state["etag"]:
            request.headers[b"If-None-Match"] = state["etag"]
        if state["last_modified"]:
            request.headers[b"If-Modified-Since"] = state["last_modified"]
        request.meta[_FOR] = request.url
        if not request.meta.get("handle_httpstatus_all"):
            allowed = list(request.meta.get("handle_httpstatus_list") or [])
            if 304 not in allowed:
                request.meta["handle_httpstatus_list"] = [*allowed, 304]
        self.stats.inc_value("monitor/conditional_requests")
        return None

    # -- responses ----------------------------------------------------------------
    def process_response(self, request: Request, response: Response) -> Response:
        if not self._handled(request):
            return response
        now = utcnow()
        if response.status == 304 and request.meta.get(_FOR) == request.url:
            role = request.meta["monitor_role"]
            self.store.record_fetch(request.url, status=304, when=now)
            self.stats.inc_value("monitor/not_modified")
            self.stats.inc_value(f"monitor/not_modified/{role}")
            if role == "article":
                self.store.mark_checked(request.url, canonical_url(request.url), now)
            return response
        header = lambda name: (response.headers.get(name) or b"").decode("latin-1").strip() or None  # noqa: E731
        etag, last_modified = header(b"ETag"), header(b"Last-Modified")
        if request.meta["monitor_role"] == "article" and response.status == 200 and (etag or last_modified):
            # An article's new validators are kept only once its item has been stored (or deliberately
            # dropped, or the page turned out not to be an article): if the process dies in between, the
            # next request still carries the old validators, which no longer match, so it is a full
            # fetch, not a 304 that would hide an update that never reached the database.
            self.store.record_status(request.url, status=200, when=now)
            request.meta[_PENDING] = (request.url, etag, last_modified)
            return response
        if request.meta["monitor_role"] == "index" and response.status == 200 and (etag or last_modified):
            self.store.record_status(request.url, status=200, when=now)
            self.index_validators[request.url] = (etag, last_modified)
            return response
        self.store.record_fetch(request.url, status=response.status, when=now, etag=etag, last_modified=last_modified)
        return response

    def item_done(self, item: Any, response: Response | None, spider: Any, **kwargs: Any) -> None:
        commit_validators(self.store, response)

    # -- failures: the next fetch of that URL must be a full one --------------------
    def _forget(self, response: Response | None) -> None:
        if response is not None:
            self.store.forget_validators(response.url)

    def item_error(self, item: Any, response: Response | None, spider: Any, failure: Any) -> None:
        self._forget(response)

    def spider_error(self, failure: Any, response: Response | None, spider: Any) -> None:
        self._forget(response)


def commit_validators(store: Store, response: Response | None) -> None:
    """Write the validators a 200 article response left pending (its outcome is now safely known)."""
    pending = response.meta.pop(_PENDING, None) if response is not None else None
    if pending:
        url, etag, last_modified = pending
        store.record_fetch(url, status=200, when=utcnow(), etag=etag, last_modified=last_modified)
