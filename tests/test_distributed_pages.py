"""What a worker makes of a response (pure: no Redis, no store), and the messages are plain JSON."""

import json

from scrapy.http import HtmlResponse, Request, Response, TextResponse

from monitor.demo.corpus import article_html
from monitor.distributed.messages import decode, encode, request_message
from monitor.distributed.pages import page_result
from monitor.sources import Source

BASE = "http://news.test"


def source(kind="feed", **kw):
    return Source(name="wire", kind=kind, start_urls=(f"{BASE}/feed.xml",), allowed_domains=("news.test",), **kw)


def response(cls, url, body, status=200, ctype="text/html; charset=utf-8", **headers):
    return cls(url=url, body=body, status=status, request=Request(url),
               headers={"Content-Type": ctype, **headers})


def test_article_page_gives_the_parsed_article_as_plain_json():
    req = request_message(f"{BASE}/news/7.html", source(), "article", validators={"etag": '"a"'})
    res = page_result(req, response(HtmlResponse, req["url"], article_html(BASE, 7), ETag='"b"'))
    assert res["type"] == "article" and res["etag"] == '"b"' and res["request"]["etag"] == '"a"'
    article = res["article"]
    assert article["source"] == "wire" and article["casualty_figures"][0]["count"] == 9
    assert decode(encode(res)) == json.loads(json.dumps(res))  # survives the wire unchanged


def test_not_modified_and_not_html_and_not_an_article():
    req = request_message(f"{BASE}/news/1.html", source(), "article")
    assert page_result(req, response(Response, req["url"], b"", status=304))["type"] == "not_modified"
    pdf = page_result(req, response(Response, req["url"], b"%PDF-1.4", ctype="application/pdf"))
    assert pdf["type"] == "skipped" and "not an HTML page" in pdf["reason"]
    empty = page_result(req, response(HtmlResponse, req["url"], b"<html><body><p>hi</p></body></html>"))
    assert empty["type"] == "skipped" and "not an article" in empty["reason"]


def test_indexes_give_links_for_the_writer_to_decide():
    feed = b"<rss><channel><item><link>/a</link></item><item><link>/b</link></item></channel></rss>"
    req = request_message(f"{BASE}/feed.xml", source(), "index")
    res = page_result(req, response(TextResponse, req["url"], feed, ctype="application/rss+xml"))
    assert res["type"] == "index" and res["links"] == [f"{BASE}/a", f"{BASE}/b"]

    sitemap = (b'<urlset xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>/new</loc>'
               b"<news:news><news:publication_date>2026-11-30T10:00:00Z</news:publication_date></news:news></url>"
               b"<url><loc>/old</loc><lastmod>2020-01-01</lastmod></url></urlset>")
    req = request_message(f"{BASE}/sitemap.xml", source("sitemap"), "index", horizon="2026-11-28T00:00:00+00:00")
    res = page_result(req, response(TextResponse, req["url"], sitemap, ctype="application/xml"))
    assert res["links"] == [f"{BASE}/new"]  # older than the horizon the writer set

    listing = b'<html><body><a href="/2026/x">x</a><a href="/about">about</a></body></html>'
    req = request_message(f"{BASE}/section", source("listing", article_pattern=r"/\d{4}/"), "index")
    res = page_result(req, response(HtmlResponse, req["url"], listing))
    assert res["links"] == [f"{BASE}/2026/x"]

