"""The writer as frontier: which requests to queue, and when.

Everything the writer enqueues goes through one small interface, :class:`Frontier`:

* :meth:`Frontier.round_requests` — a source's scheduled round: its index pages and the stored
  articles whose revisit is due;
* :meth:`Frontier.index_requests` — what an index page's links lead to (new links always, known
  ones only when due; child sitemaps).

:class:`SpiderFrontier` answers both with the very code of the one-process spiders
(``SourceSpider.follow_links`` / ``revisit_requests``, bound to the writer's crawler and store), and
puts the validators the store holds into each message. A frontier kept in the store itself can
replace it by implementing the same two methods (see ``monitor/distributed/writer.py``,
``WriterSpider.frontier``). :class:`Schedule` says when each source's round is due.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any, Iterable, Mapping, Protocol, Sequence

from monitor.distributed.messages import request_message
from monitor.sources import Source
from pipelines.storeaccess import store_for


class Frontier(Protocol):
    def round_requests(self, source: Source) -> list[dict[str, Any]]: ...

    def index_requests(self, source: Source, links: Sequence[str], children: Sequence[str]) -> list[dict[str, Any]]: ...


def usable_validators(state: Mapping[str, Any] | None) -> dict[str, Any]:
    """The validators worth sending for a URL (the conditional middleware's rule)."""
    if not state or state["last_status"] not in (200, 304) or not (state["etag"] or state["last_modified"]):
        return {}
    return {"etag": state["etag"], "last_modified": state["last_modified"]}


class SpiderFrontier:
    """The one-process spiders' decisions, made in the writer."""

    def __init__(self, crawler: Any, sources: Iterable[Source]):
        from spiders.loader import spider_class_for

        self.crawler = crawler
        self.sources = {s.name: s for s in sources}
        self.spiders = {name: spider_class_for(s).from_crawler(crawler) for name, s in self.sources.items()}

    def _horizon(self, source: Source) -> str | None:
        if not self.crawler.settings.getbool("MONITOR_SITEMAP_RECENT_ONLY", True) or source.kind != "sitemap":
            return None
        horizon = datetime.now(timezone.utc) - timedelta(days=max(source.revisit_days, 2.0))
        return horizon.isoformat(timespec="seconds")

    def _messages(self, source: Source, wanted: list[tuple[str, str, bool]]) -> list[dict[str, Any]]:
        states = store_for(self.crawler).url_states([url for url, _, _ in wanted])
        horizon = self._horizon(source)
        return [request_message(url, source, role, revisit=revisit, validators=usable_validators(states.get(url)),
                                horizon=horizon) for url, role, revisit in wanted]

    @staticmethod
    def _wanted(requests: Iterable[Any]) -> list[tuple[str, str, bool]]:
        return [(r.url, r.meta.get("monitor_role", "article"), bool(r.meta.get("monitor_revisit"))) for r in requests]

    def round_requests(self, source: Source) -> list[dict[str, Any]]:
        spider = self.spiders[source.name]
        wanted = [(url, "index", False) for url in source.start_urls]
        wanted += self._wanted(spider.revisit_requests())
        return self._messages(source, wanted)

    def index_requests(self, source: Source, links: Sequence[str], children: Sequence[str]) -> list[dict[str, Any]]:
        spider = self.spiders[source.name]
        wanted = [(url, "index", False) for url in children]
        wanted += self._wanted(spider.follow_links(list(links)))
        return self._messages(source, wanted)


class Schedule:
    """When each source's next round is due (its interval or cron, with jitter), as ``monitor schedule`` does."""

    def __init__(self, sources: Iterable[Source], last_started: Mapping[str, str | None], now: datetime):
        from monitor.scheduling import _trigger, first_run_time

        self.sources = {s.name: s for s in sources}
        self.triggers = {name: _trigger(s) for name, s in self.sources.items()}
        self.next_at: dict[str, datetime | None] = {}
        for name, source in self.sources.items():
            first = first_run_time(source, last_started.get(name), now)
            self.next_at[name] = first or self.triggers[name].get_next_fire_time(None, now)

    def due(self, now: datetime) -> list[Source]:
        due = []
        for name, when in self.next_at.items():
            if when is not None and when <= now:
                due.append(self.sources[name])
                self.next_at[name] = self.triggers[name].get_next_fire_time(when, now + timedelta(seconds=1))
        return due
