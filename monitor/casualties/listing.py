"""A sentence that introduces a list of named victims ("the following servicemen were
killed:") and the list items under it: each item is one victim (README §3, singular
victims).

The introduction must end in a colon, hold a category trigger and a plural victim noun,
and state no figure (the caller checks); its side is the party that modifies the victim
noun ("Azerbaijani soldiers", "servicemen of the Azerbaijan Army").  The
items are bullet lines without digits; the scope ends like a heading's (see
:class:`~.document.DocumentContext`).

>>> from monitor.casualties.tokens import tokenize
>>> list_template(tokenize("The following Azerbaijani soldiers were killed on the border:"))
{'category': 'killed', 'side': 'azerbaijan', 'victims': 'soldiers'}
>>> list_template(tokenize("The ministry named the soldiers:")) is None
True
>>> is_named_item("  - Private Jane Doe"), is_named_item("  - 12 tanks destroyed"), is_named_item("Prose.")
(True, False, False)
"""

from __future__ import annotations

import re

from .lexicon import TRIGGERS
from .phrases import _victim_class
from .side import party_of
from .tokens import Token

_ITEM_RE = re.compile(r"^\s*[•·▪●◦‣∙\-–—*]\s*\S")
#: triggers that only name a category when they are the list's predicate
_LIST_TRIGGERS = {w: c for w, c in TRIGGERS.items()
                  if c in ("killed", "wounded", "missing", "captured")}
_LIST_TRIGGERS.update({"shehids": "killed", "shehid": "killed", "martyrs": "killed"})


def list_template(toks: list[Token]) -> dict | None:
    """The figure each named item under the sentence ``toks`` stands for, or None."""
    if not toks or toks[-1].low != ":":
        return None
    lows = [t.low for t in toks]
    category = next((_LIST_TRIGGERS[w] for w in lows if w in _LIST_TRIGGERS), "")
    noun = next((i for i, w in enumerate(lows) if _victim_class(w)), -1)
    if not category or noun < 0:
        return None
    return {"category": category, "side": _noun_side(lows, noun),
            "victims": _victim_class(lows[noun])}


def _noun_side(lows: list[str], noun: int) -> str:
    """The party that modifies the victim noun at ``noun``: "Azerbaijani soldiers",
    "servicemen of the Azerbaijan Army"; else unknown."""
    for j in range(noun - 1, max(-1, noun - 4), -1):
        if party_of(lows[j]):
            return party_of(lows[j])
    if noun + 1 < len(lows) and lows[noun + 1] == "of":
        for j in range(noun + 2, min(len(lows), noun + 6)):
            if party_of(lows[j]):
                return party_of(lows[j])
    return "unknown"


def is_named_item(line: str) -> bool:
    """A bullet line naming one person (no digits)."""
    return bool(_ITEM_RE.match(line)) and not any(ch.isdigit() for ch in line)
