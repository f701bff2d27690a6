"""Index parsing (feeds, sitemaps, listing pages) as pure functions."""

from scrapy.http import HtmlResponse

from spiders.feed import feed_links
from spiders.listing import listing_links
from spiders.sitemap import sitemap_entries

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Wire</title>
<item><title>A</title><link>https://wire.test/a?utm_source=rss</link></item>
<item><title>B</title><link> /b </link></item>
<item><title>A again</title><link>https://wire.test/a?utm_source=rss</link></item>
<item><title>Guid only</title><guid isPermaLink="true">https://wire.test/c</guid></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Ledger</title>
<entry><title>One</title><link rel="alternate" type="text/html" href="https://ledger.test/one/"/>
<link rel="edit" href="https://ledger.test/wp-admin/1"/></entry>
<entry><title>Two</title><link href="https://ledger.test/two/"/></entry>
</feed>"""

SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://post.test/news/1</loc><news:news><news:publication_date>2022-09-15T10:00:00+04:00</news:publication_date>
<news:title>One</news:title></news:news></url>
<url><loc>https://post.test/news/2</loc><lastmod>2022-09-14</lastmod></url>
</urlset>"""

INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://post.test/sitemap-news-1.xml</loc></sitemap></sitemapindex>"""


def test_rss_links_in_order_without_duplicates():
    assert feed_links(RSS, "https://wire.test/rss.xml") == [
        "https://wire.test/a?utm_source=rss", "https://wire.test/b", "https://wire.test/c"]


def test_atom_prefers_alternate_links():
    assert feed_links(ATOM, "https://ledger.test/feed") == ["https://ledger.test/one/", "https://ledger.test/two/"]


def test_empty_truncated_and_garbage_feeds_yield_nothing():
    assert feed_links(b'<?xml version="1.0"?><rss><channel><title>x</title></channel></rss>', "https://x/") == []
    truncated = RSS[: RSS.index(b"<item><title>B")]
    assert feed_links(truncated, "https://wire.test/") == ["https://wire.test/a?utm_source=rss"]
    assert feed_links(b"\x00\xff\xfe binary", "https://x/") == []
    assert feed_links(b"", "https://x/") == []


def test_news_sitemap_and_index():
    urls, children = sitemap_entries(SITEMAP, "https://post.test/news-sitemap.xml")
    assert urls == [("https://post.test/news/1", "2022-09-15T10:00:00+04:00"), ("https://post.test/news/2", "2022-09-14")]
    assert children == []
    urls, children = sitemap_entries(INDEX, "https://post.test/sitemap.xml")
    assert urls == [] and children == ["https://post.test/sitemap-news-1.xml"]


def test_listing_links_match_pattern_only():
    html = b"""<html><body><nav><a href="/about">About</a><a href="/politics/">Politics</a></nav>
    <a href="/2022/09/story-one.html">One</a><a href="https://obs.test/2022/09/story-two.html#c">Two</a>
    <a href="/2022/09/story-one.html">One again</a><a href="/tag/war">War</a></body></html>"""
    response = HtmlResponse("https://obs.test/politics/", body=html, encoding="utf-8")
    assert listing_links(response, r"/\d{4}/\d{2}/") == [
        "https://obs.test/2022/09/story-one.html", "https://obs.test/2022/09/story-two.html"]
