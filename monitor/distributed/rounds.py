"""The writer's bookkeeping of each source's round: a ``crawl_runs`` row from queueing to the last result.

A round opens when the writer queues a source's indexes and revisits, grows with the links its
indexes lead to, and closes (``finish_reason`` ``finished``) when every request of it has a result,
or ``lost`` when it has waited longer than ``MONITOR_REDIS_INFLIGHT_SECONDS``. Rows go to the same
``crawl_runs`` and ``source_state`` tables as one-process runs (spider ``redis-writer``), so a
restarted writer places each source's next round after its last one.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from monitor.extensions import COVERAGE_FIELDS, _present

from storage import Store, utcnow


@dataclass
class Round:
    run_id: int
    started: float
    ids: set[str] = field(default_factory=set)
    counts: Counter = field(default_factory=Counter)


class Rounds:
    def __init__(self, store: Store, timeout_seconds: float,
                 on_finished: Callable[[str, str], None] = lambda source, reason: None):
        self.store = store
        self.timeout = timeout_seconds
        self.rounds: dict[str, Round] = {}
        self.on_finished = on_finished  # (source, finish reason) once its row is written: health checks

    def running(self, source: str) -> bool:
        return source in self.rounds

    def open(self) -> bool:
        return bool(self.rounds)

    def begin(self, source: str, messages: Iterable[dict[str, Any]]) -> None:
        run_id = self.store.start_run(source, "redis-writer", utcnow())
        self.rounds[source] = Round(run_id, time.monotonic())
        self.add(source, messages)
        if not self.rounds[source].ids:  # everything already in flight elsewhere
            self._finish(source, "finished")

    def add(self, source: str, messages: Iterable[dict[str, Any]]) -> None:
        current = self.rounds.get(source)
        if current is not None:
            current.ids.update(m["id"] for m in messages)

    def count(self, source: str | None, what: str) -> None:
        if source in self.rounds:
            self.rounds[source].counts[what] += 1

    def article_seen(self, source: str | None, article: dict[str, Any]) -> None:
        """Field coverage, as ``CrawlRunRecorder`` counts it: every parsed article, stored or dropped."""
        current = self.rounds.get(source or "")
        if current is None:
            return
        c = current.counts
        c["parsed"] += 1
        present = {key: _present(article.get(field)) for key, field in COVERAGE_FIELDS.items()}
        for key, value in present.items():
            c[f"present/{key}"] += value
        c["complete"] += all(present.values())

    def settle(self, request: dict[str, Any], outcome: str | None) -> None:
        current = self.rounds.get(request.get("source", ""))
        if current is None or request.get("id") not in current.ids:
            return
        current.ids.discard(request["id"])
        current.counts["pages"] += 1
        current.counts[{"stored": "items", "dropped": "dropped", "not_modified": "not_modified",
                        "error": "errors"}.get(outcome or "", "other")] += 1
        if not current.ids:
            self._finish(request["source"], "finished")

    def expire(self) -> None:
        now = time.monotonic()
        for source, current in list(self.rounds.items()):
            if now - current.started > self.timeout:
                self._finish(source, "lost")

    def _finish(self, source: str, reason: str) -> None:
        current = self.rounds.pop(source)
        c = current.counts
        parsed = c["parsed"]
        coverage = {key: round(c[f"present/{key}"] / parsed, 4) for key in COVERAGE_FIELDS} if parsed else {}
        stats = dict(c, **{"monitor/not_article": c["not_article"]})
        self.store.finish_run(current.run_id, source, {
            "finished_at": utcnow(), "finish_reason": reason,
            "duration_seconds": round(time.monotonic() - current.started, 3),
            "pages": c["pages"], "items": c["items"] + c["dropped"], "articles_new": c["articles_new"],
            "articles_changed": c["articles_changed"], "articles_unchanged": c["articles_unchanged"],
            "not_modified": c["not_modified"], "errors": c["errors"], "stats": stats,
            "field_coverage": round(c["complete"] / parsed, 4) if parsed else None,
            "coverage": json.dumps(dict(coverage, items=parsed))})
        self.on_finished(source, reason)
