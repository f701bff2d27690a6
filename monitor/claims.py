"""Who states a casualty figure, and whether it is about the events reported: the two fields the
extractor puts on every figure, and the figure key built on them.

* ``claimed_by`` — the party or body that states the figure: ``armenia``, ``azerbaijan``,
  ``third_party`` (an international body, an NGO, a foreign government) or ``unknown``.
* ``background`` — the figure is about another period ("the 2020 war, which killed more than
  6,700"): kept, stored and shown, but never part of a story's toll, the desk's current tolls or an alert.

A figure without these keys (stored before they existed, or read by an older extractor) is
``unknown`` / not background: :func:`claim_of` is the one place that says so.

**Figure key** (the identity of a figure across versions and across a story's articles):
``category|side|victims``, then ``|by:CLAIMANT`` when the figure is claimed by someone other than
the victims' own side (the other party, or a third party), then ``|background`` for a background
figure. So a party's count of its own losses and a figure of unknown origin share the plain key
(as every key did before claimants existed, so old alert keys stay stable), while Azerbaijan's
claim about Armenian losses is ``killed|armenia|soldiers|by:azerbaijan`` and can never "change"
Armenia's own ``killed|armenia|soldiers``. ``storage.views.figure_key_sql`` is the same rule in SQL.

>>> figure_key({"category": "killed", "side": "armenia", "victims": "soldiers"})
'killed|armenia|soldiers'
>>> figure_key({"category": "killed", "side": "armenia", "victims": "soldiers", "claimed_by": "armenia"})
'killed|armenia|soldiers'
>>> figure_key({"category": "killed", "side": "armenia", "victims": "soldiers", "claimed_by": "azerbaijan"})
'killed|armenia|soldiers|by:azerbaijan'
>>> figure_key({"category": "killed", "side": "both", "victims": "people", "background": True})
'killed|both|people|background'
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

CLAIMANTS = ("armenia", "azerbaijan", "third_party", "unknown")
UNKNOWN = "unknown"

#: How a claimant reads in a message: "stated by Armenia".
CLAIMANT_TEXT = {"armenia": "Armenia", "azerbaijan": "Azerbaijan", "third_party": "a third party",
                 "unknown": "an unknown source"}


def claim_of(figure: Mapping[str, Any]) -> tuple[str, bool]:
    """``(claimed_by, background)`` of a figure; missing, empty or unrecognised values are
    ``("unknown", False)``. ``background`` may be a bool or SQLite's 0/1."""
    claimed = figure.get("claimed_by")
    return (claimed if claimed in CLAIMANTS else UNKNOWN), bool(figure.get("background"))


def with_claim(figure: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``figure`` with ``claimed_by`` and ``background`` always present (see :func:`claim_of`)."""
    claimed, background = claim_of(figure)
    return dict(figure, claimed_by=claimed, background=background)


def is_background(figure: Mapping[str, Any]) -> bool:
    return claim_of(figure)[1]


def toll_figures(figures: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The figures that may enter a toll or an alert: every one that is not background."""
    return [f for f in figures if not is_background(f)]


def claim_suffix(side: str, claimed_by: str) -> str:
    """``""`` for a figure claimed by its victims' own side or of unknown origin, else ``"|by:CLAIMANT"``."""
    if claimed_by not in CLAIMANTS or claimed_by in (UNKNOWN, side):
        return ""
    return f"|by:{claimed_by}"


def figure_key(figure: Mapping[str, Any]) -> str:
    """The identity of a figure: what was counted, on which side, of whom, by whose claim, and
    whether it is background (see the module docstring)."""
    claimed, background = claim_of(figure)
    key = f"{figure['category']}|{figure['side']}|{figure['victims']}" + claim_suffix(figure["side"], claimed)
    return key + ("|background" if background else "")


def parse_key(key: str) -> dict[str, Any]:
    """The parts of a figure key: category, side, victims, claimed_by (None: own side or unknown), background.

    >>> parse_key("killed|armenia|soldiers|by:azerbaijan")["claimed_by"]
    'azerbaijan'
    """
    parts = key.split("|")
    category, side, victims = (parts + ["", "", ""])[:3]
    extra = parts[3:]
    claimed = next((p[3:] for p in extra if p.startswith("by:")), None)
    return {"category": category, "side": side, "victims": victims, "claimed_by": claimed,
            "background": "background" in extra}
