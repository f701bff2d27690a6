from monitor.hashing import content_hash, normalise_text, text_hash
from monitor.relevance import score_relevance
from monitor.urls import canonical_url


def test_canonical_url_drops_tracking_fragments_and_variants():
    assert canonical_url("https://Example.com/a/b/?utm_source=tw&id=3&fbclid=x#comments") == "https://example.com/a/b?id=3"
    assert canonical_url("https://m.example.com/news/1.html") == "https://example.com/news/1.html"
    assert canonical_url("https://example.com/news/story/amp") == "https://example.com/news/story"
    assert canonical_url("https://example.com/news/story.amp.html") == "https://example.com/news/story.html"
    assert canonical_url("http://127.0.0.1:8080/wire/x") == "http://127.0.0.1:8080/wire/x"
    assert canonical_url("https://example.com:443/x?b=2&a=1") == "https://example.com/x?a=1&b=2"


def test_relevance_scores_headline_and_body():
    on_topic = score_relevance("Armenia and Azerbaijan agree ceasefire", "Fighting near Lachin ... Pashinyan said")
    assert on_topic.keeps() and {"armenia", "azerbaijan", "lachin", "pashinyan"} <= set(on_topic.terms)
    sport = score_relevance("Local club wins the cup", "The final ended 2-1 after extra time.")
    assert sport.score == 0 and not sport.keeps()
    # a single passing mention in the body is not enough
    passing = score_relevance("Oil prices rise", "Traders also watched pipelines from Baku.")
    assert not passing.keeps()


def test_relevance_does_not_match_inside_words():
    assert score_relevance("Bakunin biography", "").score == 0


def test_hashes_ignore_whitespace_and_quotes_but_not_content():
    a = {"headline": "Toll rises", "sections": [{"heading": None, "text": "105  soldiers ’killed’"}]}
    b = {"headline": "Toll rises ", "sections": [{"heading": None, "text": "105 soldiers 'killed'"}]}
    c = {"headline": "Toll rises", "sections": [{"heading": None, "text": "155 soldiers killed"}]}
    assert content_hash(a) == content_hash(b) != content_hash(c)
    assert text_hash("A", ["x  y"]) == text_hash("a", ["x y"]) != text_hash("a", ["x z"])
    assert normalise_text("  a\u00a0b  ") == "a b"


def test_content_hash_sees_figures_and_dates():
    base = {"headline": "h", "sections": [{"heading": None, "text": "t"}]}
    with_fig = dict(base, casualty_figures=[{"count": 5, "count_high": None, "qualifier": "exact",
                                             "category": "killed", "side": "armenia", "victims": "soldiers"}])
    assert content_hash(base) != content_hash(with_fig)
    assert content_hash(base) != content_hash(dict(base, modified_at="2022-09-14T10:00:00+00:00"))


def test_malformed_urls_do_not_raise():
    assert canonical_url("https://x:80a/b#frag") == "https://x:80a/b"
    assert canonical_url("https://x:99999/path") in ("https://x:99999/path",)
