"""Is this article about the Armenia–Azerbaijan conflict? A small, explainable score.

Each term family that appears counts: three points when it is in the headline, one
point per body mention (at most three per family). The score and the matched
families are stored with the article, so an analyst can see why it was kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# One pattern per family; word-bounded, case-insensitive; stems cover "Armenian(s)".
TERMS: dict[str, str] = {
    "armenia": r"armenia\w*",
    "azerbaijan": r"azerbaijan\w*|azeri\w*",
    "karabakh": r"karabakh|karabagh|nagorno",
    "artsakh": r"artsakh\w*",
    "yerevan": r"yerevan",
    "baku": r"baku",
    "pashinyan": r"pashinyan",
    "aliyev": r"aliyev",
    "lachin": r"lachin",
    "stepanakert": r"stepanakert|khankendi",
    "syunik": r"syunik|zangezur",
    "shusha": r"shusha|shushi",
}
_PATTERNS = {name: re.compile(rf"\b(?:{pat})\b", re.IGNORECASE) for name, pat in TERMS.items()}
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
