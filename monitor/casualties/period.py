"""Is a figure about another period or phase than the article's event?  (``background``)

A figure of a past war or a cumulative total over a past period ("the 2020 war, which
killed more than 6,700", "since 1994", "the first war", "during the 1990s") is kept and
shown but never enters a story's toll or an alert.  The test looks at the figure's own
clause window (the tokens its category trigger may come from) for a period marker:

* a year of the conflict's past wars (1988–2023) next to a war noun ("the 2020 war",
  "the war of 1992", "the 1988-1994 war"), or a decade ("the 1990s");
* an ordinal or adjective naming a past war ("the first Karabakh war", "the previous war",
  "the 44-day war");
* "since <year>" / "since the ceasefire" (a cumulative total).

A marker after a superlative ("the deadliest since the 2020 war") compares, it does not
date the figure.

>>> from monitor.casualties.tokens import tokenize
>>> lows = [t.low for t in tokenize("The 2020 war, which killed more than 6,700 people, ended in November.")]
>>> background(lows, 0, len(lows))
True
>>> lows = [t.low for t in tokenize("Three soldiers died on Tuesday, the deadliest day since the 2020 war.")]
>>> background(lows, 0, len(lows))
False
"""

from __future__ import annotations

WAR_WORDS = frozenset({"war", "wars", "conflict", "fighting", "hostilities", "campaign",
                       "karabakh-war"})  # a region in a war name (extract._war_names)
#: words that name a past war when they modify a war noun
PAST_WAR_MODIFIERS = frozenset({"first", "previous", "last", "earlier", "past", "former",
                                "44-day", "six-week"})
#: "since" + one of these is a cumulative period
SINCE_OBJECTS = frozenset({"ceasefire", "truce", "independence", "start", "beginning"})
#: words before "since" that make it a comparison ("the deadliest since 2020")
COMPARISON_WORDS = frozenset({"deadliest", "worst", "heaviest", "biggest", "largest",
                              "bloodiest", "first", "serious", "most", "fiercest",
                              "day", "escalation", "flare-up", "clashes", "fighting"})
_MODIFIER_GAP = frozenset({"karabakh", "nagorno", "nagorno-karabakh", "-", "armenian",
                           "azerbaijani", "armenia", "azerbaijan", "in", "over", "artsakh",
                           "patriotic", "great", "of", "the"})
_PAST_YEARS = range(1988, 2024)
#: the words a marker may start with (besides a year): a cheap pre-test
_MARKER_STARTS = PAST_WAR_MODIFIERS | {"since", "nineties", "day", "week"}


def _year(word: str) -> bool:
    return len(word) == 4 and word.isdigit() and int(word) in _PAST_YEARS


def _decade(lows: list[str], j: int) -> bool:
    """A decade at ``j``: "1990s" (tokenised "1990" "s") or "nineties"."""
    w = lows[j]
    if w == "nineties":
        return True
    return w in ("1980", "1990") and j + 1 < len(lows) and lows[j + 1] == "s"


def _compared(lows: list[str], j: int) -> bool:
    """True when the marker at ``j`` follows "since" after a comparison word."""
    for k in range(j - 1, max(-1, j - 5), -1):
        if lows[k] == "since":
            return any(w in COMPARISON_WORDS for w in lows[max(0, k - 4):k])
    return False


def _marker_at(lows: list[str], j: int, hi: int) -> bool:
    """Whether a period marker starts at token ``j`` (looking no further than ``hi``)."""
    w = lows[j]
    if _decade(lows, j):
        return True
    prev = lows[j - 1] if j else ""
    if w == "since" and j + 1 < hi:
        nxt = lows[j + 1]
        nxt2 = lows[j + 2] if j + 2 < hi else ""
        if _year(nxt) or _decade(lows, j + 1) or nxt in SINCE_OBJECTS or (nxt == "the" and nxt2 in SINCE_OBJECTS):
            return not any(x in COMPARISON_WORDS for x in lows[max(0, j - 4):j])
    if _year(w) or w in PAST_WAR_MODIFIERS or (w in ("day", "week") and prev == "-"):
        if w == "last" and prev not in ("the",):
            return False
        for k in range(j + 1, min(hi, j + 5)):
            if lows[k] in WAR_WORDS:
                return True
            if lows[k] not in _MODIFIER_GAP and not _year(lows[k]):
                break
        if _year(w) and prev in ("of", "in") and j >= 2 and lows[j - 2] in WAR_WORDS:
            return True  # "the war of 1992", "the war in 2020"
    return False


def background(lows: list[str], lo: int, hi: int) -> bool:
    """True when ``lows[lo:hi]`` (a figure's clause window) dates the figure to a past war
    or a cumulative period (see the module doc)."""
    for j in range(max(0, lo), min(hi, len(lows))):
        w = lows[j]
        if (w in _MARKER_STARTS or (len(w) == 4 and w.isdigit())) \
                and _marker_at(lows, j, len(lows)) and not _compared(lows, j):
            return True
    return False
