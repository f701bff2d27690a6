"""Recognise duplicates before they become articles.

* same canonical URL as a stored article → not a duplicate: the version pipeline decides whether
  it changed;
* a URL already known as a duplicate → dropped again (and its last sighting updated);
* a new URL whose headline and body hash (``text_hash``) equal a stored article's → an exact copy
  (reason ``same_text``);
* a new URL whose text is a lightly edited copy of a recent article (MinHash estimate of word
  5-gram Jaccard ≥ ``MONITOR_NEAR_DUPLICATE_THRESHOLD``) → a near-duplicate (reason
  ``near_duplicate``, with the similarity).

Copies go to ``duplicates`` with the original's id, never to ``articles``: they never count as a
second source of a figure and never raise a second alert. A "copy" from the article's own source is
either the article itself at a new URL (a changed slug: nearly the same text and the same publication
time), recorded as an alias (reason ``moved``) and versioned as that article so the update it may
carry is not lost; or, failing that test, a new article of its own (template bulletins).
"""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from monitor.similarity import Signatures
from pipelines.itemstate import state_of
from pipelines.storeaccess import similarity_for, store_for
from storage import Store

MOVED = "moved"


MOVED_MIN_SIMILARITY = 0.9
MOVED_MAX_HOURS_APART = 12.0


def _moved(stored: dict[str, Any], adapter: Any, similarity: float | None) -> bool:
    """Is a same-outlet look-alike at a new URL the stored article itself, moved?

    Only when the texts are nearly the same *and* both pages give publication times within
    :data:`MOVED_MAX_HOURS_APART` of each other: a moved article keeps its publication time, while an
    outlet's template bulletins (a daily ceasefire report) differ in it.
    """
    from monitor.dates import parse_datetime

    if similarity is None or similarity < MOVED_MIN_SIMILARITY:
        return False
    a, b = parse_datetime(stored.get("published_at")), parse_datetime(adapter.get("published_at"))
    if a is None or b is None:
        return False
    return abs((a - b).total_seconds()) <= MOVED_MAX_HOURS_APART * 3600


class DedupPipeline:
    def __init__(self, crawler: Crawler, store: Store):
        self.crawler = crawler
        self.store = store
        self.stats = crawler.stats
        self.near_enabled = crawler.settings.getbool("MONITOR_NEAR_DUPLICATES_ENABLED", True)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "DedupPipeline":
        return cls(crawler, store_for(crawler))

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        canonical = adapter["canonical_url"]
        state = state_of(item)
        article = self.store.article_by_canonical(canonical)
        if article is not None:
            state["article"] = article
            return item
        original: dict[str, Any] | None = None
        similarity = None
        known = self.store.duplicate_by_canonical(canonical)
        if known is not None and known["reason"] == MOVED:
            moved_to = self.store.article_by_id(known["article_id"])
            if moved_to is not None:
                state["article"] = moved_to
                return item
        if known is not None:
            original, reason, similarity = {"id": known["article_id"]}, known["reason"], known.get("similarity")
        elif adapter.get("text_hash") and (found := self.store.article_by_text_hash(adapter["text_hash"])):
            original, reason, similarity = found, "same_text", 1.0
        else:
            signatures = Signatures.of(adapter.get("headline"), adapter.get("standfirst"), adapter.get("body_text"))
            state["signatures"] = signatures
            if self.near_enabled:
                match = similarity_for(self.crawler).near_duplicate(signatures)
                if match is not None:
                    original, reason, similarity = {"id": match.article_id}, "near_duplicate", round(match.similarity, 3)
        if original is None:
            return item
        if reason in ("same_text", "near_duplicate") and known is None:
            full = original if "source" in original else self.store.article_by_id(original["id"])
            if full is not None and full["source"] == adapter["source"]:
                if not _moved(full, adapter, similarity):
                    # Same outlet, similar text, another day: a new article (a daily bulletin, a
                    # template story), not a copy of the old one.
                    return item
                # The same outlet, the same story, a new URL: the article moved (a new slug, often
                # with an update). It stays one article; the new URL is remembered as an alias.
                self.store.record_duplicate(
                    article_id=full["id"], canonical_url=canonical, url=adapter["url"], source=adapter["source"],
                    reason=MOVED, text_hash=adapter.get("text_hash"), when=adapter["fetched_at"],
                    similarity=similarity)
                self.stats.inc_value("monitor/articles_moved")
                state["article"] = full
                return item
        self.store.record_duplicate(
            article_id=original["id"], canonical_url=canonical, url=adapter["url"], source=adapter["source"],
            reason=reason, text_hash=adapter.get("text_hash"), when=adapter["fetched_at"], similarity=similarity)
        self.stats.inc_value("monitor/duplicates")
        self.stats.inc_value(f"monitor/duplicates/{reason}")
        raise DropItem(f"duplicate of article {original['id']} ({reason}): {adapter['url']}", log_level="INFO")
