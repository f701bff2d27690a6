"""Write the article: a new version (with sections, figures, links and its alerts) or a touch."""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler

from monitor.claims import claim_of
from pipelines.itemstate import state_of
from pipelines.storeaccess import similarity_for, store_for
from storage import Store, VersionRecord, dumps


def _figure_row(figure: dict[str, Any]) -> dict[str, Any]:
    evidence = figure.get("evidence") or []
    first = evidence[0] if evidence else {}
    claimed_by, background = claim_of(figure)  # an older extractor's figure: unknown, not background
    return {
        "count": figure["count"], "count_high": figure.get("count_high"), "qualifier": figure["qualifier"],
        "category": figure["category"], "side": figure["side"], "victims": figure["victims"],
        "sentence": first.get("sentence"), "part": first.get("part"),
        "start": first.get("start"), "end": first.get("end"), "evidence": dumps(evidence),
        "claimed_by": claimed_by, "background": int(background),
    }


class StorePipeline:
    def __init__(self, crawler: Crawler, store: Store):
        self.crawler = crawler
        self.store = store
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "StorePipeline":
        return cls(crawler, store_for(crawler))

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        state = state_of(item)
        article = state.get("article")
        when = adapter["fetched_at"]
        if state.get("unchanged"):
            self.store.touch_article(article["id"], when)
            self.stats.inc_value("monitor/articles_unchanged")
            return item
        changes = state.get("changes") or {"changed_fields": ["created"]}
        article_row = {
            # an article keeps its key even when fetched under an alias (a moved URL)
            "canonical_url": article["canonical_url"] if article else adapter["canonical_url"],
            "url": adapter["url"], "source": adapter["source"],
            "headline": adapter.get("headline"), "standfirst": adapter.get("standfirst"),
            "published_at": adapter.get("published_at"), "modified_at": adapter.get("modified_at"),
            "authors": dumps(adapter.get("authors") or []), "language": adapter.get("language"),
            "body_text": adapter.get("body_text"), "relevance": adapter.get("relevance"),
            "relevance_terms": dumps(adapter.get("relevance_terms") or []),
            "content_hash": adapter["content_hash"], "text_hash": adapter.get("text_hash"),
            "first_seen_at": when, "last_seen_at": when, "last_checked_at": when, "last_changed_at": when,
        }
        version_row = {
            "fetched_at": when, "url": adapter["url"], "content_hash": adapter["content_hash"],
            "headline": adapter.get("headline"), "standfirst": adapter.get("standfirst"),
            "body_text": adapter.get("body_text"), "published_at": adapter.get("published_at"),
            "modified_at": adapter.get("modified_at"), "changed_fields": dumps(changes["changed_fields"]),
            "changes": dumps(changes), "body_diff": state.get("body_diff") or "",
            "extractor_version": adapter.get("extractor_version"),
        }
        links = [{"url": link["url"], "canonical_url": link["url"], "text": link.get("text"),
                  "kind": link.get("kind") or "related"} for link in adapter.get("related_links") or []]
        alerts = [dict(a, created_at=when) for a in state.get("alerts") or []]
        signatures = state.get("signatures") if article is None else None
        record = VersionRecord(
            article=article_row, version=version_row, sections=adapter.get("sections") or [],
            figures=[_figure_row(f) for f in adapter.get("casualty_figures") or []], links=links, alerts=alerts,
            story_id=state.get("story_id"), signature=signatures.as_row() if signatures is not None else None)
        article_id, version_id, number = self.store.save_version(record, article["id"] if article else None)
        state.update(article_id=article_id, version_id=version_id, version=number)
        if signatures is not None:  # later items of this crawl see the new article at once
            story_id = self.store.article_story(article_id)
            similarity_for(self.crawler).add(article_id, signatures, story_id)
        self.stats.inc_value("monitor/articles_new" if number == 1 else "monitor/articles_changed")
        if alerts:
            self.stats.inc_value("monitor/alerts_raised", len(alerts))
        return item
