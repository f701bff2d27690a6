"""Bookkeeping the pipelines pass along for one item (article row, changes, story, alerts, signatures).

It lives beside the item, not in it: an item holds only article fields, all plain JSON, so Scrapy's
feed exports (``scrapy crawl SOURCE -O items.jsonl``, Scrapyd's item feeds) and the distributed
mode's Redis stream can serialise it. The state of an item is dropped with the item itself.
"""

from __future__ import annotations

import weakref
from typing import Any

_STATES: dict[int, dict[str, Any]] = {}


def state_of(item: Any) -> dict[str, Any]:
    """The pipelines' state for ``item`` (created empty on first use; an ArticleItem or any weak-referenceable item)."""
    key = id(item)
    state = _STATES.get(key)
    if state is None:
        weakref.finalize(item, _STATES.pop, key, None)  # raises TypeError for a plain dict item
        state = _STATES[key] = {}
    return state
