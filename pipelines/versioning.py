"""Decide whether an article changed, and if so what: changed fields, body diff, alerts.

No writes happen here: the result travels in ``item["state"]`` to the store pipeline,
which writes the version and the alerts it raises in one transaction.
"""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler

from monitor.alerts import casualty_change_alerts
from monitor.diffing import body_diff, compute_changes
from pipelines.storeaccess import store_for
from storage import Store


class VersionPipeline:
    def __init__(self, store: Store):
        self.store = store

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "VersionPipeline":
        return cls(store_for(crawler))

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        state = adapter.get("state") or {}
        article = state.get("article")
        previous = self.store.latest_version(article["id"]) if article else None
        if previous is not None and previous["content_hash"] == adapter["content_hash"]:
            state["unchanged"] = True
            adapter["state"] = state
            return item
        new = {
            "headline": adapter.get("headline"), "standfirst": adapter.get("standfirst"),
            "published_at": adapter.get("published_at"), "modified_at": adapter.get("modified_at"),
            "sections": adapter.get("sections"), "casualty_figures": adapter.get("casualty_figures"),
        }
        old = None
        if previous is not None:
            old = {
                "headline": previous["headline"], "standfirst": previous["standfirst"],
                "published_at": previous["published_at"], "modified_at": previous["modified_at"],
                "sections": previous["sections"], "casualty_figures": previous["figures"],
            }
        changes = compute_changes(old, new)
        if previous is not None and previous.get("extractor_version") != adapter.get("extractor_version"):
            changes["extractor_changed"] = {"old": previous.get("extractor_version"),
                                            "new": adapter.get("extractor_version")}
        state["changes"] = changes
        state["body_diff"] = body_diff(previous["body_text"], adapter.get("body_text"),
                                       old_label=f"version {previous['version']}",
                                       new_label=f"version {previous['version'] + 1}") if previous else ""
        state["alerts"] = casualty_change_alerts(
            url=adapter["canonical_url"], headline=adapter.get("headline"), changes=changes,
            new_figures=adapter.get("casualty_figures") or []) if previous is not None else []
        adapter["state"] = state
        return item
