"""Drop items that cannot be stored: no URL, no source, or neither headline nor body."""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem


class ValidatePipeline:
    REQUIRED = ("url", "canonical_url", "source", "content_hash")

    def __init__(self, stats: Any):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "ValidatePipeline":
        return cls(crawler.stats)

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        missing = [f for f in self.REQUIRED if not adapter.get(f)]
        if not missing and not (adapter.get("headline") or "").strip():
            missing.append("headline")
        if not missing and not (adapter.get("body_text") or "").strip():
            missing.append("body_text")
        if missing:
            self.stats.inc_value("monitor/invalid")
            raise DropItem(f"invalid article {adapter.get('url')!r}: missing {', '.join(missing)}", log_level="INFO")
        adapter["authors"] = [a for a in (adapter.get("authors") or []) if isinstance(a, str) and a.strip()]
        adapter["sections"] = list(adapter.get("sections") or [])
        adapter["casualty_figures"] = list(adapter.get("casualty_figures") or [])
        adapter["related_links"] = list(adapter.get("related_links") or [])
        return item
