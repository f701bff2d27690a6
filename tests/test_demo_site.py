"""The embedded demo news site: rounds, conditional requests, faults, sources file, lifecycle."""

from __future__ import annotations

import json
import re
import socket
import time
import tomllib
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET

import pytest

from monitor.demo import content
from monitor.demo.site import DemoSite, demo_sources_toml

NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}

WIRE = "/wire/2022/09/13/armenia-azerbaijan-border-clashes"
WIRE_SPORT = "/wire/2022/09/12/alcaraz-wins-us-open"
LEDGER_BIZ = "/ledger/2022/09/08/ecb-raises-rates-by-record-75-basis-points/"
LEDGER_CEASEFIRE = "/ledger/2022/09/15/armenia-azerbaijan-agree-ceasefire/"
POST_RUSSIA = "/post/analysis/russia-offers-to-broker-armenia-azerbaijan-peace-talks"
POST_CEASEFIRE = "/post/news/armenia-and-azerbaijan-agree-ceasefire-after-two-days-of-fighting"
OBS_CULTURE = "/observer/2022/09/chamber-orchestra-opens-autumn-season.html"
OBS_TOLL = "/observer/2022/09/azerbaijan-raises-military-death-toll-to-71.html"

EXPECTED = {
    0: {"wire": {WIRE, WIRE_SPORT}, "ledger": {LEDGER_BIZ}, "post": {POST_RUSSIA}, "observer": {OBS_CULTURE}},
    1: {"wire": {WIRE, WIRE_SPORT}, "ledger": {LEDGER_BIZ}, "post": {POST_RUSSIA}, "observer": {OBS_CULTURE}},
    2: {"wire": {WIRE, WIRE_SPORT}, "ledger": {LEDGER_BIZ, LEDGER_CEASEFIRE},
        "post": {POST_RUSSIA}, "observer": {OBS_CULTURE}},
    3: {"wire": {WIRE, WIRE_SPORT}, "ledger": {LEDGER_BIZ, LEDGER_CEASEFIRE},
        "post": {POST_RUSSIA, POST_CEASEFIRE}, "observer": {OBS_CULTURE}},
}
EXPECTED[4] = dict(EXPECTED[3], observer={OBS_CULTURE, OBS_TOLL})
EXPECTED[5] = EXPECTED[4]
RELEVANT_WORDS = re.compile(r"armenia|azerbaijan|karabakh|baku|yerevan|pashinyan|aliyev", re.I)


@pytest.fixture(scope="module")
def site():
    with DemoSite() as s:
        yield s


def fetch(url, headers=None, method="GET"):
    """(status, headers, body) without raising on HTTP errors."""
    req = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as err:
        with err:
            return err.code, err.headers, err.read()


def get(site, path, round_=None, **kw):
    if round_ is not None:
        site.round = round_
    return fetch(site.base_url + path, **kw)


def paths(site, urls):
    out = set()
    for u in urls:
        assert u.startswith(site.base_url + "/"), u
        out.add(u[len(site.base_url):].split("?", 1)[0])
    return out


def listed(site, round_):
    site.round = round_
    rss = ET.fromstring(get(site, "/wire/rss.xml")[2])
    atom = ET.fromstring(get(site, "/ledger/feed.atom")[2])
    smap = ET.fromstring(get(site, "/post/news-sitemap.xml")[2])
    listing = get(site, "/observer/politics/")[2].decode()
    return {
        "wire": paths(site, [i.findtext("link") for i in rss.iter("item")]),
        "ledger": paths(site, [e.find("atom:link[@rel='alternate']", NS).get("href")
                               for e in atom.findall("atom:entry", NS)]),
        "post": paths(site, [u.findtext("sm:loc", namespaces=NS) for u in smap.findall("sm:url", NS)]),
        "observer": paths(site, [u for u in re.findall(r'href="([^"]+)"', listing)
                                 if re.search(r"/observer/\d{4}/", u)]),
    }


@pytest.mark.parametrize("round_", range(6))
def test_each_round_lists_the_right_articles(site, round_):
    assert listed(site, round_) == EXPECTED[round_]
    for group in EXPECTED[round_].values():
        for path in group:
            status, headers, body = get(site, path)
            assert status == 200, path
            assert headers["Content-Type"] == "text/html; charset=utf-8"
            text = body.decode()
            assert '<html lang="en"' in text and "<title>" in text
            assert f'<link rel="canonical" href="{site.base_url}{path}">' in text
            assert "2022-09-" in text


def test_articles_that_do_not_exist_yet_are_404(site):
    assert get(site, LEDGER_CEASEFIRE, 1)[0] == 404
    assert get(site, POST_CEASEFIRE, 1)[0] == 404
    assert get(site, LEDGER_CEASEFIRE, 2)[0] == 200
    assert get(site, POST_CEASEFIRE, 2)[0] == 404  # syndication follows the original a round later
    assert get(site, POST_CEASEFIRE, 3)[0] == 200


def test_wire_article_is_updated_in_place_between_round_0_and_1(site):
    s0, h0, b0 = get(site, WIRE, 0)
    s1, h1, b1 = get(site, WIRE, 1)
    assert s0 == s1 == 200 and b0 != b1 and h0["ETag"] != h1["ETag"]
    assert h0["Last-Modified"] != h1["Last-Modified"]
    t0, t1 = b0.decode(), b1.decode()
    assert "49 Armenian soldiers had been killed" in t0 and "105" not in t0
    assert "105 Armenian soldiers had been killed" in t1 and "49 Armenian" not in t1
    for t in (t0, t1):
        assert "50 of its servicemen had died" in t
    ld = [json.loads(m) for m in re.findall(r'<script type="application/ld\+json">(.*?)</script>', t1, re.S)]
    assert ld[0]["@type"] == "NewsArticle" and ld[0]["dateModified"].startswith("2022-09-14")
    assert ld[0]["mainEntityOfPage"]["@id"] == site.base_url + WIRE
    assert "Updated" in t1 and "2022-09-14T12:05:00Z" in t1
    # everything else is unchanged between rounds 0 and 1
    for path in (WIRE_SPORT, LEDGER_BIZ, POST_RUSSIA, OBS_CULTURE, "/observer/politics/", "/ledger/feed.atom"):
        assert get(site, path, 0)[2] == get(site, path, 1)[2], path


def test_last_two_rounds_serve_identical_bytes(site):
    pages = ["/wire/rss.xml", "/ledger/feed.atom", "/post/news-sitemap.xml", "/observer/politics/",
             *EXPECTED[4]["wire"], *EXPECTED[4]["ledger"], *EXPECTED[4]["post"], *EXPECTED[4]["observer"]]
    r2 = {p: get(site, p, 4) for p in pages}
    r3 = {p: get(site, p, 5) for p in pages}
    for p in pages:
        assert r2[p][0] == r3[p][0] == 200
        assert r2[p][2] == r3[p][2], p
        assert r2[p][1]["ETag"] == r3[p][1]["ETag"]
        assert r2[p][1]["Last-Modified"] == r3[p][1]["Last-Modified"]


def _visible_body(text):
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text))


def test_syndicated_copy_is_lightly_edited_with_own_canonical(site):
    site.round = 3
    ledger = get(site, LEDGER_CEASEFIRE)[2].decode()
    post = get(site, POST_CEASEFIRE)[2].decode()
    body_l = _visible_body(re.search(r'<div class="entry-content">(.*?)\n  </div>', ledger, re.S).group(1))
    body_p = _visible_body(re.search(r'<div class="mag-body">(.*?)\n  </div>', post, re.S).group(1))
    trimmed = " An earlier truce brokered by Russia on Tuesday broke down almost at once."
    assert body_l != body_p and body_l.replace(trimmed, "") == body_p
    assert content.CEASEFIRE_HEADLINE in ledger and content.POST_CEASEFIRE.headline in post
    for text in (ledger, post):
        assert "<h1" in text
        assert "155 soldiers from both sides were killed" in text
        assert "Pashinyan said 105 Armenian soldiers had been killed" in text
        assert "Azerbaijan said 50 of its soldiers were killed" in text
        assert "up to 100 bodies of Armenian soldiers" in text
        assert "Read also:" in text and f'href="{site.base_url}{POST_RUSSIA}"' in text
        assert "Source: Web" in text and text.count(content.CEASEFIRE_CAPTION) >= 3
        assert text.count("<h2>") >= 4
    assert f'<link rel="canonical" href="{site.base_url}{POST_CEASEFIRE}">' in post
    assert "This article first appeared in" in post and "Yerevan Ledger" in post
    assert "application/ld+json" not in post and 'property="og:title"' in post


def test_unrelated_articles_never_mention_the_conflict(site):
    site.round = 0
    for path in (WIRE_SPORT, LEDGER_BIZ, OBS_CULTURE):
        assert not RELEVANT_WORDS.search(path)
    for a in (content.WIRE_SPORT, content.LEDGER_BUSINESS, content.OBSERVER_CULTURE):
        assert not RELEVANT_WORDS.search(a.headline + a.standfirst + a.body), a.path
    # ... while the page chrome around them carries numbers that look like casualties
    assert "12 killed in Syria bus crash" in get(site, WIRE_SPORT)[2].decode()


def test_absolute_links_follow_the_host_header(site):
    _, _, body = get(site, "/wire/rss.xml", 0, headers={"Host": "localhost:9999"})
    assert b"http://localhost:9999/wire/2022/09/13/" in body


def test_conditional_requests_get_304(site):
    status, headers, body = get(site, WIRE, 0)
    etag, lm = headers["ETag"], headers["Last-Modified"]
    assert status == 200 and etag and lm
    assert get(site, WIRE, headers={"If-None-Match": etag})[0] == 304
    assert get(site, WIRE, headers={"If-None-Match": f'"other", {etag}'})[0] == 304
    assert get(site, WIRE, headers={"If-Modified-Since": lm})[0] == 304
    assert get(site, WIRE, headers={"If-Modified-Since": "Mon, 12 Sep 2022 00:00:00 GMT"})[0] == 200
    # If-None-Match wins over If-Modified-Since
    assert get(site, WIRE, headers={"If-None-Match": '"other"', "If-Modified-Since": lm})[0] == 200
    # after the update the old validators no longer match
    site.round = 1
    assert get(site, WIRE, headers={"If-None-Match": etag})[0] == 200
    assert get(site, WIRE, headers={"If-Modified-Since": lm})[0] == 200
    assert get(site, "/wire/rss.xml", headers={"If-None-Match": etag})[0] == 200
    assert ("GET", WIRE, 304) in site.requests


def test_head_robots_redirect_and_404(site):
    status, headers, body = get(site, "/robots.txt", method="HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0
    status, headers, body = get(site, "/robots.txt")
    assert b"Allow: /" in body and headers["Content-Type"] == "text/plain; charset=utf-8"
    status, _, _ = get(site, "/observer/politics")  # redirected to the slashed URL
    assert status == 200 and ("GET", "/observer/politics", 301) in site.requests
    site.round = 2
    status, _, body = get(site, LEDGER_CEASEFIRE.rstrip("/"))  # the canonical_url() form of a WordPress URL
    assert status == 200 and content.CEASEFIRE_HEADLINE.encode() in body
    assert get(site, "/no/such/page")[0] == 404
    assert ("GET", "/no/such/page", 404) in site.requests


def test_fault_endpoints(site):
    s, h, b = get(site, "/faults/binary")
    assert s == 200 and h["Content-Type"] == "application/octet-stream" and len(b) > 1000
    assert get(site, "/faults/binary")[2] == b
    s, h, b = get(site, "/faults/pdf")
    assert s == 200 and h["Content-Type"] == "application/pdf" and b.startswith(b"%PDF-") and b"%%EOF" in b
    s, h, b = get(site, "/faults/empty-feed.xml")
    assert s == 200 and ET.fromstring(b).find("channel") is not None and not list(ET.fromstring(b).iter("item"))
    s, h, b = get(site, "/faults/broken-feed.xml")
    assert s == 200
    with pytest.raises(ET.ParseError):
        ET.fromstring(b)
    s, h, b = get(site, "/faults/truncated.html")
    assert s == 200 and not b.rstrip().endswith(b">") and b"</html>" not in b
    s, h, b = get(site, "/faults/cp1251.html")
    assert h["Content-Type"] == "text/html; charset=windows-1251"
    assert "Новости" in b.decode("cp1251")
    with pytest.raises(UnicodeDecodeError):
        b.decode("utf-8")
    s, h, b = get(site, "/faults/huge.html")
    assert s == 200 and 4_500_000 < len(b) < 6_000_000 and b.endswith(b"</html>\n")
    assert get(site, "/faults/500")[0] == 500
    t = time.monotonic()
    s, h, b = get(site, "/faults/slow?seconds=0.3")
    assert s == 200 and 0.25 < time.monotonic() - t < 5
    from monitor.demo.faults import slow_seconds
    assert slow_seconds("seconds=999") == 30 and slow_seconds("seconds=x") == 5 and slow_seconds("") == 5


def test_slow_request_does_not_block_others(site):
    import threading
    t = threading.Thread(target=get, args=(site, "/faults/slow?seconds=1"))
    t.start()
    time.sleep(0.05)
    start = time.monotonic()
    assert get(site, "/robots.txt")[0] == 200
    assert time.monotonic() - start < 0.5
    t.join()


def test_sources_toml():
    base = "http://127.0.0.1:8123"
    data = tomllib.loads(demo_sources_toml(base, interval="7s"))
    sources = data["source"]
    assert len(sources) == 5
    assert {s["kind"] for s in sources} == {"feed", "sitemap", "listing"}
    assert [s["name"] for s in sources] == ["caucasus-wire", "yerevan-ledger", "south-caucasus-post",
                                            "baku-observer", "kavkaz-vestnik"]
    assert [s.get("language") for s in sources] == [None, None, None, None, "ru"]
    for s in sources:
        assert re.fullmatch(r"[a-z0-9-]+", s["name"])
        assert s["interval"] == "7s" and "cron" not in s
        assert s["allowed_domains"] == ["127.0.0.1"]
        assert all(u.startswith(base + "/") for u in s["start_urls"])
    listing = next(s for s in sources if s["kind"] == "listing")
    assert re.search(listing["article_pattern"], base + OBS_CULTURE)
    assert not re.search(listing["article_pattern"], base + "/observer/politics/")


def test_round_validation_and_port_is_freed_after_stop():
    s = DemoSite(port=0)
    base = s.start()
    assert base == f"http://127.0.0.1:{s.port}" and s.rounds == 6
    with pytest.raises(ValueError):
        s.round = 6
    assert fetch(base + "/robots.txt")[0] == 200
    port = s.port
    s.stop()
    s.stop()  # idempotent
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.close()
    with DemoSite(port=port) as again:
        assert again.base_url == base
