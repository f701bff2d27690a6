"""Every rule that removes text, on a page where it must not fire (tests/pages), and dates.

Each page is written for the test and reproduces a layout found on public test suites:
an article wrapper whose class reads as a "read more" box, Blogger's ``widget Blog`` wrapper
with ``<br>``-separated text, an inline ``<a class="popup">`` inside a sentence, a "Latest
News" box above the story, text between blocks, an article without structured data or URL.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html

from monitor.extraction import NotArticle, extract_article
from monitor.extraction.dates import normalize_date, page_date

PAGES = Path(__file__).resolve().parent / "pages"


def body(name: str, url: str = "") -> str:
    return extract_article((PAGES / name).read_bytes(), url)["body_text"]


def test_read_more_class_on_the_article_wrapper_keeps_the_article() -> None:
    text = body("readmore_class_article.html", "https://valley.example/news/bridge-reopens/")
    assert "reopened on Monday after four months" in text
    assert "Buses that had taken a forty-minute detour" in text
    assert "Floods close the old bridge" not in text  # the real read-more box still goes


def test_blogger_widget_blog_is_not_a_sidebar_widget() -> None:
    text = body("blogger_widget_blog.html", "https://hillfarm.example/2025/07/apricots.html")
    assert "The apricots ripened almost two weeks" in text
    assert "becoming jam" in text
    assert "Blog archive" not in text


def test_inline_popup_link_stays_in_its_sentence() -> None:
    text = body("popup_link_sentence.html", "https://museum.example/news/carpets-tour/")
    assert "including the dragon carpet woven in the eighteenth century" in text


def test_end_heading_above_the_story_does_not_empty_the_body() -> None:
    text = body("sidebar_heading_above_story.html", "https://farm.example/news/record-crop/")
    assert "largest harvest in a decade" in text
    assert "cost of diesel keeps rising" in text
    assert "Rain returns to the plains" not in text


def test_text_between_blocks_is_kept() -> None:
    text = body("tail_text_between_blocks.html", "https://city.example/news/tram-line/")
    assert "Work begins next spring on the eastern section" in text
    assert "Said the deputy mayor after the vote" in text
    assert "Opponents said they would keep campaigning" in text


@pytest.mark.parametrize("url", ["", "https://geo.example/science/glacier-lost-ice.html"])
def test_article_without_structured_data_or_url_is_not_rejected(url: str) -> None:
    # no JSON-LD, no microdata, no date, nine teaser headlines under the story
    text = body("no_structured_data_article.html", url)
    assert "lost about a tenth of its ice" in text


def test_listing_pages_are_still_rejected_without_a_url() -> None:
    for name in ("home_page.html", "tag_page.html"):
        with pytest.raises(NotArticle):
            extract_article((PAGES / name).read_bytes(), "")


@pytest.mark.parametrize("text", ["10:30", "14:05 GMT", "Sept 14", "March 2021", "2021"])
def test_no_default_year_or_day(text: str) -> None:
    assert normalize_date(text) is None


@pytest.mark.parametrize("text, expected", [
    ("Sept 14, 2021", "2021-09-14T00:00:00+00:00"),
    ("2022-09-15T08:10:00+04:00", "2022-09-15T08:10:00+04:00"),
    ("14.09.2021 10:30", "2021-09-14T10:30:00+00:00"),
])
def test_full_dates_still_parse(text: str, expected: str) -> None:
    assert normalize_date(text) == expected


def test_visible_date_read_when_there_is_no_structured_date() -> None:
    page = ("<html><head><title>Roadworks</title></head><body><h1>Roadworks end</h1>"
            "<p class='date'>Published 12 March 2024</p><p>" + "The road is open again. " * 30
            + "</p></body></html>")
    r = extract_article(page, "https://roads.example/news/roadworks-end")
    assert r["published_at"] == "2024-03-12T00:00:00+00:00"


def test_date_in_the_url() -> None:
    tree = html.fromstring("<html><body><p>No date printed here at all.</p></body></html>")
    assert page_date(tree, "https://news.example/2023/05/17/story-slug/") == \
        "2023-05-17T00:00:00+00:00"


def test_time_only_on_the_page_gives_no_date() -> None:
    page = ("<html><head><title>Storm</title></head><body><h1>Storm passes</h1>"
            "<p>Updated 10:30</p><p>" + "The storm passed in the night. " * 30
            + "</p></body></html>")
    r = extract_article(page, "https://wx.example/news/storm-passes")
    assert r["published_at"] is None


def test_copyright_year_alone_is_not_a_publication_day() -> None:
    tree = html.fromstring("<html><body><p>Some text about nothing in particular.</p>"
                           "<footer><p>© 2016 Example Press</p></footer></body></html>")
    assert page_date(tree, "https://example.org/about/story") is None
