"""Is this article about the Armenia–Azerbaijan conflict? A small, explainable score.

Each term family that appears counts: three points when it is in the headline, one
point per body mention (at most three per family). The score and the matched
families are stored with the article, so an analyst can see why it was kept.
The families and their forms in English, Russian, Armenian and Azerbaijani live in
``relevance_terms.toml`` beside this module, so that a reader of each language can check them.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

TERMS_FILE = Path(__file__).with_name("relevance_terms.toml")


def _form_pattern(form: str) -> str:
    """A data-file form as a regex: ``stem*`` is a word prefix, anything else a whole word."""
    if form.endswith("*"):
        return re.escape(form[:-1]) + r"\w*"
    return re.escape(form)


def load_terms(path: Path = TERMS_FILE) -> dict[str, dict[str, list[str]]]:
    """The term families of ``path``: family name → language → forms."""
    with path.open("rb") as fh:
        return tomllib.load(fh)["families"]


def compile_terms(families: dict[str, dict[str, list[str]]]) -> dict[str, re.Pattern[str]]:
    """One case-insensitive, word-bounded pattern per family over all its languages."""
    patterns = {}
    for name, languages in families.items():
        forms = sorted({f.lower() for forms in languages.values() for f in forms}, key=len, reverse=True)
        body = "|".join(_form_pattern(f) for f in forms)
        patterns[name] = re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)
    return patterns


#: family → language → forms, as in ``relevance_terms.toml``
TERMS: dict[str, dict[str, list[str]]] = load_terms()
_PATTERNS = compile_terms(TERMS)
HEADLINE_WEIGHT = 3.0
BODY_CAP = 3
DEFAULT_THRESHOLD = 3.0


@dataclass(frozen=True)
class Relevance:
    score: float
    terms: tuple[str, ...]

    def keeps(self, threshold: float = DEFAULT_THRESHOLD) -> bool:
        return self.score >= threshold


def score_relevance(headline: str | None, body: str | None) -> Relevance:
    """Score a headline and body; higher means more clearly about the conflict."""
    headline = headline or ""
    body = body or ""
    score = 0.0
    matched: list[str] = []
    for name, pattern in _PATTERNS.items():
        in_headline = pattern.search(headline) is not None
        body_hits = 0
        for body_hits, _ in enumerate(pattern.finditer(body), start=1):
            if body_hits >= BODY_CAP:
                break
        if in_headline or body_hits:
            matched.append(name)
            score += (HEADLINE_WEIGHT if in_headline else 0.0) + body_hits
    return Relevance(score=score, terms=tuple(matched))
