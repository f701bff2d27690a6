"""Feeds are decoded from their bytes: BOM, HTTP charset, XML declaration, then detection."""

import pytest

from spiders.feed import decode_feed, feed_links, http_charset

RSS = ('<?xml version="1.0" encoding="{enc}"?>\n<rss version="2.0"><channel><title>Новости</title>'
       '<item><title>Обстрел у Ерасха</title><link>http://127.0.0.1/новости/обстрел-ерасх</link></item>'
       '<item><title>Пленные вернулись</title><link>/новости/пленные?тема=обмен</link></item>'
       '</channel></rss>')
EXPECTED = ["http://127.0.0.1/новости/обстрел-ерасх", "http://127.0.0.1/новости/пленные?тема=обмен"]


def test_windows_1251_feed_gives_cyrillic_links():
    body = RSS.format(enc="windows-1251").encode("cp1251")
    assert feed_links(body, "http://127.0.0.1/rss") == EXPECTED


def test_http_charset_wins_when_the_bytes_fit_it():
    body = RSS.format(enc="utf-8").encode("koi8-r")       # the declaration lies, the header is right
    assert feed_links(body, "http://127.0.0.1/rss", charset="koi8-r") == EXPECTED


def test_a_wrong_http_charset_falls_back_to_the_declaration():
    body = RSS.format(enc="windows-1251").encode("cp1251")
    assert feed_links(body, "http://127.0.0.1/rss", charset="utf-8") == EXPECTED


def test_bom_and_plain_utf8():
    body = RSS.format(enc="utf-8").encode("utf-8")
    assert feed_links(b"\xef\xbb\xbf" + body, "http://127.0.0.1/rss") == EXPECTED
    assert feed_links(body, "http://127.0.0.1/rss") == EXPECTED


def test_undeclared_legacy_bytes_are_detected():
    body = RSS.format(enc="utf-8").replace(' encoding="utf-8"', "").encode("cp1251")
    assert "Обстрел у Ерасха" in decode_feed(body)


@pytest.mark.parametrize("header, expected", [
    (b"application/rss+xml; charset=windows-1251", "cp1251"), ("text/xml;charset=\"UTF-8\"", "utf-8"),
    (b"text/xml", None), (b"text/xml; charset=nonsense", None), (None, None),
])
def test_http_charset(header, expected):
    assert http_charset(header) == expected
