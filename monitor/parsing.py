"""From a fetched page to an article dict: extraction, casualty figures and hashes.

Pure functions, no Scrapy: ``parse_article_page(html, url)`` is what the spiders,
``monitor extract`` and the tests all call.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Mapping

from monitor.casualties import EXTRACTOR_VERSION as CASUALTY_VERSION
from monitor.casualties import article_figures
from monitor.claims import with_claim
from monitor.extraction import EXTRACTOR_VERSION as ARTICLE_VERSION
from monitor.extraction import NotArticle, extract_article
from monitor.hashing import content_hash, text_hash
from monitor.language import identify_language
from monitor.urls import canonical_url

__all__ = ["NotArticle", "OffTopic", "parse_article_page", "figures_for", "EXTRACTOR_VERSION"]


class OffTopic(Exception):
    """The page cannot be about the conflict: even its whole text scores below the relevance threshold."""

EXTRACTOR_VERSION = f"article-{ARTICLE_VERSION}+casualties-{CASUALTY_VERSION}"


def figures_for(article: Mapping[str, Any], language: str | None = None) -> list[dict[str, Any]]:
    """Article-level casualty figures, read from headline, standfirst and body sections only,
    with the rules of ``language`` (None: English).

    Each is the extractor's dict as it is, every field kept, with ``claimed_by`` and ``background``
    always present (``unknown``/False where the extractor gave none: :func:`monitor.claims.with_claim`)."""
    parts: list[tuple[str, str]] = []
    if article.get("headline"):
        parts.append(("headline", article["headline"]))
    if article.get("standfirst"):
        parts.append(("standfirst", article["standfirst"]))
    for i, section in enumerate(article.get("sections") or []):
        if section.get("heading"):
            parts.append((f"heading:{i}", section["heading"]))
        if section.get("text"):
            parts.append((f"section:{i}", section["text"]))
    return [with_claim(f) for f in article_figures(parts, language)]


def parse_article_page(
    html: str | bytes,
    url: str,
    *,
    source: str | None = None,
    selectors: Mapping[str, str] | None = None,
    encoding: str | None = None,
    fetched_at: str | None = None,
    language: str | None = None,
    relevance_min: float | None = None,
) -> dict[str, Any]:
    """Parse one page into an article dict (the fields of :class:`monitor.items.ArticleItem`).

    ``language`` is the source's language, the prior when the text does not tell. Raises
    :class:`NotArticle` for pages that are not articles. With ``relevance_min``, raises
    :class:`OffTopic` before any extraction when no article on the page could reach that relevance
    (see :mod:`monitor.prefilter`).
    """
    if relevance_min is not None:
        from monitor.extraction.decode import to_text
        from monitor.prefilter import could_be_relevant

        html = to_text(html, encoding)  # decoded once: the check and the extraction read the same text
        if not could_be_relevant(html, relevance_min):
            raise OffTopic(f"the page's whole text scores below relevance {relevance_min:g}")
    article = extract_article(html, url, selectors=dict(selectors) if selectors else None, encoding=encoding)
    article["language"] = identify_language(
        " ".join(filter(None, (article.get("headline"), article.get("body_text")))),
        declared=article.get("language"), prior=language)
    figures = figures_for(article, article["language"])
    canonical = canonical_url(article.get("canonical_url") or url)
    result: dict[str, Any] = {
        "url": url,
        "canonical_url": canonical,
        "source": source,
        "headline": article.get("headline"),
        "standfirst": article.get("standfirst"),
        "published_at": article.get("published_at"),
        "modified_at": article.get("modified_at"),
        "authors": list(article.get("authors") or []),
        "language": article.get("language"),
        "sections": [{"heading": s.get("heading"), "text": s.get("text") or ""} for s in article.get("sections") or []],
        "body_text": article.get("body_text") or "",
        "casualty_figures": figures,
        "related_links": [
            dict(link, url=canonical_url(link["url"])) for link in article.get("related_links") or [] if link.get("url")
        ],
        "fetched_at": fetched_at or datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "extractor_version": EXTRACTOR_VERSION,
        "extraction_method": article.get("method"),
    }
    result["content_hash"] = content_hash(result)
    result["text_hash"] = text_hash(result["headline"], [s["text"] for s in result["sections"]])
    return result
