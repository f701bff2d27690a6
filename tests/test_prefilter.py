"""The cheap relevance check before extraction: it drops only what the full pipeline would drop."""

import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from conftest import REPO, SHARED
from monitor.demo import content
from monitor.parsing import NotArticle, OffTopic, parse_article_page
from monitor.prefilter import could_be_relevant, relevance_ceiling
from monitor.relevance import DEFAULT_THRESHOLD, score_relevance


def _kept(page: bytes, url: str) -> bool | None:
    """Does the full extraction + relevance keep this page? None for a page that is no article."""
    try:
        art = parse_article_page(page, url)
    except NotArticle:
        return None
    return score_relevance(art["headline"], art["body_text"]).keeps(DEFAULT_THRESHOLD)


def _never_loses(pages: list[tuple[str, bytes]]) -> tuple[int, int]:
    rejected = kept = 0
    for url, page in pages:
        verdict = _kept(page, url)
        kept += bool(verdict)
        if not could_be_relevant(page, DEFAULT_THRESHOLD):
            rejected += 1
            assert not verdict, f"the prefilter would lose {url}"
    return rejected, kept


def test_every_demo_page_of_every_round_the_pipeline_keeps_passes(demo_site):
    pages = []
    for round_ in range(content.ROUNDS):
        demo_site.round = round_
        for paths in content.article_paths(round_).values():
            for path in paths:
                url = demo_site.base_url + urllib.parse.quote(path, safe="/%")
                with urllib.request.urlopen(url, timeout=30) as resp:
                    pages.append((url, resp.read()))
    demo_site.round = 0
    _, kept = _never_loses(pages)
    assert kept > 5  # (the demo's off-topic pages name the conflict in their sidebars: they are extracted)


def test_fixture_and_shared_pages_lose_nothing():
    pages = [(f"https://example.org/{p.name}", p.read_bytes()) for p in sorted((REPO / "tests" / "pages").glob("*.html"))]
    shared = SHARED / "extraction" / "pages"
    if shared.is_dir():
        pages += [(f"https://example.org/{p.name}", p.read_bytes()) for p in sorted(shared.glob("*.html"))]
    rejected, _ = _never_loses(pages)
    assert rejected > 0


@pytest.mark.parametrize("page", [
    "<h1>Arme<b>nia</b> and Azer<span>baijan</span> sign</h1>",            # words split by inline tags
    "<p>Nagorno</p><p>Karabakh talks</p><p>Yerevan and Baku</p>",          # words in adjacent blocks
    '<meta property="og:title" content="Armenia, Azerbaijan exchange fire">',  # headline only in meta
    '<script type="application/ld+json">{"headline": "\\u0041rmenia \\u2013 \\u0041zerbaijan"}</script>',
    "<p>&#65;rmenia &amp; &#x41;zerbaijan</p>",  # entities
])
def test_words_written_every_way_count(page):
    assert relevance_ceiling(page) >= DEFAULT_THRESHOLD


def test_the_ceiling_bounds_the_score_from_above():
    page = "<h1>Ceasefire</h1><p>Armenia Armenia Armenia Armenia and Baku.</p>"
    assert relevance_ceiling(page) >= score_relevance("Ceasefire", "Armenia Armenia Armenia Armenia and Baku.").score
    assert relevance_ceiling("<p>Apricot harvest</p>") == 0


def test_parse_article_page_raises_off_topic_only_when_asked():
    page = (REPO / "tests" / "pages" / "home_page.html").read_bytes()
    sport = b"<html><head><title>Cup final</title></head><body><article><h1>Cup final</h1>" + \
        b"<p>" + b"The home side won the cup final after extra time in front of a full stadium. " * 20 + \
        b"</p></article></body></html>"
    assert parse_article_page(sport, "https://example.org/sport/1")["headline"] == "Cup final"
    with pytest.raises(OffTopic):
        parse_article_page(sport, "https://example.org/sport/1", relevance_min=DEFAULT_THRESHOLD)
    assert page  # the fixture exists
