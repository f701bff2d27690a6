"""Recognise duplicates before they become articles.

* same canonical URL as a stored article → not a duplicate: the version pipeline decides
  whether it changed;
* a URL already known as a duplicate → dropped again (and its last sighting updated);
* a new URL whose headline and body hash (``text_hash``) equal a stored article's →
  a syndicated or mirrored copy (reason ``same_text``): recorded in ``duplicates`` and dropped, so it never
  counts as a second source and never raises a second alert.
"""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from pipelines.storeaccess import store_for
from storage import Store


class DedupPipeline:
    def __init__(self, store: Store, stats: Any):
        self.store = store
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "DedupPipeline":
        return cls(store_for(crawler), crawler.stats)

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        canonical = adapter["canonical_url"]
        state = adapter.get("state") or {}
        article = self.store.article_by_canonical(canonical)
        if article is not None:
            state["article"] = article
            adapter["state"] = state
            return item
        known = self.store.duplicate_by_canonical(canonical)
        original = None
        reason = "same_text"
        if known is not None:
            original = {"id": known["article_id"]}
            reason = known["reason"]
        elif adapter.get("text_hash"):
            original = self.store.article_by_text_hash(adapter["text_hash"])
        if original is None:
            adapter["state"] = state
            return item
        self.store.record_duplicate(
            article_id=original["id"], canonical_url=canonical, url=adapter["url"], source=adapter["source"],
            reason=reason, text_hash=adapter.get("text_hash"), when=adapter["fetched_at"])
        self.stats.inc_value("monitor/duplicates")
        raise DropItem(f"duplicate of article {original['id']} ({reason}): {adapter['url']}", log_level="INFO")
