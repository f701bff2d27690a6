"""Article-level figures: the same figure repeated across parts is one figure."""

from __future__ import annotations

from collections.abc import Iterable

from .extract import EXTRA_FIELDS, FIELDS
from .languages import extract_figures


def article_figures(parts: Iterable[tuple[str, str]], language: str | None = None) -> list[dict]:
    """Merge the figures of an article's parts (``(label, text)`` in page order).

    Figures with the same six fields are one figure; ``evidence`` lists every sentence
    that states it, in order of appearance, with offsets within that part's text.  Its
    ``claimed_by`` is the first stated claimant other than ``unknown`` (a headline rarely
    names its source); it is ``background`` only when every statement of it is.
    ``language`` picks the extractor (None or "en": English).

    >>> figs = article_figures([("headline", "Five soldiers killed"),
    ...                         ("section:0", "Five soldiers were killed on Monday.")])
    >>> len(figs), [e["part"] for e in figs[0]["evidence"]]
    (1, ['headline', 'section:0'])
    >>> figs = article_figures([("headline", "Five Armenian soldiers killed"),
    ...                         ("body", "Five Armenian soldiers died, the ministry in Yerevan said.")])
    >>> figs[0]["claimed_by"], figs[0]["background"]
    ('armenia', False)
    """
    merged: dict[tuple, dict] = {}
    for label, text in parts:
        if not isinstance(text, str) or not text:
            continue
        for fig in extract_figures(text, language):
            key = tuple(fig[k] for k in FIELDS)
            entry = merged.get(key)
            if entry is None:
                entry = {k: fig[k] for k in FIELDS + EXTRA_FIELDS}
                entry["evidence"] = []
                merged[key] = entry
            if entry["claimed_by"] == "unknown":
                entry["claimed_by"] = fig["claimed_by"]
            entry["background"] = entry["background"] and fig["background"]
            entry["evidence"].append({"part": label, "sentence": fig["sentence"],
                                      "start": fig["start"], "end": fig["end"]})
    return list(merged.values())
