"""The article item: what a spider hands to the pipelines (read there through ItemAdapter)."""

from __future__ import annotations

import scrapy


class ArticleItem(scrapy.Item):
    url = scrapy.Field()              # the URL fetched (after redirects)
    canonical_url = scrapy.Field()    # the key the article is stored under
    source = scrapy.Field()           # the source name from the sources file
    headline = scrapy.Field()
    standfirst = scrapy.Field()
    published_at = scrapy.Field()     # ISO 8601 with timezone, or None
    modified_at = scrapy.Field()
    authors = scrapy.Field()          # list[str]
    language = scrapy.Field()
    sections = scrapy.Field()         # [{"heading": str|None, "text": str}] in page order
    body_text = scrapy.Field()
    casualty_figures = scrapy.Field() # article-level figures with evidence (monitor.casualties)
    related_links = scrapy.Field()    # [{"url", "text", "kind"}]
    relevance = scrapy.Field()        # float, set by the relevance pipeline
    relevance_terms = scrapy.Field()  # list[str]
    fetched_at = scrapy.Field()
    content_hash = scrapy.Field()     # hash of the versioned content (see monitor.hashing)
    text_hash = scrapy.Field()        # hash of headline + body only, for duplicate detection
    extractor_version = scrapy.Field()
    extraction_method = scrapy.Field()
    # The pipelines' bookkeeping (article id, version, changes) is not a field: see pipelines.itemstate.
