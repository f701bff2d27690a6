"""Spiders, one per source kind: feed (RSS/Atom), sitemap (news sitemaps), listing (section pages).

Spiders are not written per outlet: ``spiders.loader.SourceSpiderLoader`` makes one
spider class per entry of the sources file, so ``scrapy list`` lists the sources and
``scrapy crawl <source>`` crawls one.
"""
