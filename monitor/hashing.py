"""Content hashes. Volatile things (fetch time, URL, tracking parameters) never enter them."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from typing import Any, Iterable, Mapping

from monitor.claims import claim_of

_WS = re.compile(r"\s+")
FIGURE_FIELDS = ("count", "count_high", "qualifier", "category", "side", "victims")


def normalise_text(text: str | None) -> str:
    """NFC, typographic quotes and dashes folded, whitespace collapsed."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "}))
    return _WS.sub(" ", text).strip()


def _digest(payload: Any) -> str:
    raw = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def figure_tuple(figure: Mapping[str, Any]) -> tuple:
    """The six fields, then who claims the figure and whether it is background — those two only when
    they say something (not ``unknown``/False), so a figure without claims hashes as it always did."""
    values = tuple(figure.get(k) for k in FIGURE_FIELDS)
    claimed_by, background = claim_of(figure)
    if claimed_by != "unknown" or background:
        values += (claimed_by, background)
    return values


def content_hash(article: Mapping[str, Any]) -> str:
    """Hash of what makes a new version: headline, standfirst, sections, dates and figures."""
    sections = [[normalise_text(s.get("heading")), normalise_text(s.get("text"))] for s in article.get("sections") or []]
    # count_high is None or an int: sort on a key that never compares None with an int
    figures = sorted((figure_tuple(f) for f in article.get("casualty_figures") or []),
                     key=lambda t: [(v is None, v if v is not None else 0) for v in t])
    return _digest({
        "headline": normalise_text(article.get("headline")),
        "standfirst": normalise_text(article.get("standfirst")),
        "sections": sections,
        "published_at": article.get("published_at"),
        "modified_at": article.get("modified_at"),
        "figures": [list(f) for f in figures],
    })


def text_hash(headline: str | None, paragraphs: Iterable[str]) -> str:
    """Hash of headline and body text only, case-folded: equal for syndicated copies."""
    body = " ".join(normalise_text(p) for p in paragraphs)
    return _digest([normalise_text(headline).casefold(), body.casefold()])
