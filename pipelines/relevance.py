"""Keep only Armenia–Azerbaijan coverage; store the score and the matched terms."""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured

from monitor.relevance import DEFAULT_THRESHOLD, score_relevance


class RelevancePipeline:
    def __init__(self, threshold: float, stats: Any):
        self.threshold = threshold
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "RelevancePipeline":
        if not crawler.settings.getbool("MONITOR_RELEVANCE_ENABLED", True):
            raise NotConfigured("MONITOR_RELEVANCE_ENABLED is off")
        return cls(crawler.settings.getfloat("MONITOR_RELEVANCE_MIN", DEFAULT_THRESHOLD), crawler.stats)

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        relevance = score_relevance(adapter.get("headline"), adapter.get("body_text"))
        adapter["relevance"] = relevance.score
        adapter["relevance_terms"] = list(relevance.terms)
        if not relevance.keeps(self.threshold):
            self.stats.inc_value("monitor/irrelevant")
            raise DropItem(
                f"not about Armenia–Azerbaijan (relevance {relevance.score:g} < {self.threshold:g}): {adapter['url']}",
                log_level="DEBUG")
        return item
