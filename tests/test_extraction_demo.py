"""monitor.extraction on every page of the demo site, all rounds: fields against the demo's data."""

from __future__ import annotations

from datetime import datetime

import pytest

from monitor.demo import content
from monitor.extraction import NotArticle, extract_article

BASE = "http://127.0.0.1:8765"
LEAKS = ("Most read", "Most Read", "Trending now", "BREAKING", "Exchange rates", "Markets",
         "Syria bus crash", "Istanbul ferry", "Our Standards", "Editing by", "first appeared",
         "Share this", "Weather:", "Tagged", "Sign up")


def _pages():
    seen: dict[str, bytes] = {}
    for round_ in range(content.ROUNDS):
        pages = content.render_site(round_, BASE)
        for article in content.articles_for_round(round_):
            body = pages[article.path].body
            if seen.get(article.path) != body:
                seen[article.path] = body
                yield pytest.param(article, body, id=f"r{round_}-{article.outlet}")


@pytest.mark.parametrize("article, body", list(_pages()))
def test_demo_article_fields(article: content.Article, body: bytes) -> None:
    r = extract_article(body, article.url(BASE))
    assert r["headline"] == content._plain(article.headline)
    assert r["standfirst"] == content._plain(article.standfirst)
    assert r["authors"] == list(article.authors)
    assert r["language"] == ("ru" if article.outlet == "kavkaz-vestnik" else "en")
    assert datetime.fromisoformat(r["published_at"]) == article.published_dt
    assert datetime.fromisoformat(r["published_at"]).tzinfo is not None
    if r["modified_at"]:
        assert datetime.fromisoformat(r["modified_at"]) == article.modified_dt
    text = "\n".join(f"{s['heading'] or ''}\n{s['text']}" for s in r["sections"])
    for leak in LEAKS:
        assert leak not in text, leak
    expected_heads = [h.split(">", 1)[1].split("<", 1)[0]
                      for h in article.body.split("<h2")[1:]]
    assert [s["heading"] for s in r["sections"] if s["heading"]] == expected_heads
    for link in r["related_links"]:
        assert link["kind"] in ("related", "inline")
        assert "trust-principles" not in link["url"] and "/author/" not in link["url"]
    related = [link["text"] for link in r["related_links"] if link["kind"] == "related"]
    if "read-also" in article.body:
        assert related, "the 'Read also' line is a related link"


@pytest.mark.parametrize("path", [content.OBSERVER_LISTING_PATH, "/observer/culture/", "/wire/",
                                  "/ledger/", "/post/", "/"])
def test_demo_listings_are_not_articles(path: str) -> None:
    for round_ in (0, 4):
        with pytest.raises(NotArticle):
            extract_article(content.render_site(round_, BASE)[path].body, BASE + path)
