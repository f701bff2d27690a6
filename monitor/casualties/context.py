"""Is a number's clause about the Armenia–Azerbaijan conflict at all? (README §3)

A figure counts human victims *of this conflict*.  Victims of other wars mentioned for
context ("the hundreds dying each week in Ukraine", "Gaza, where tens of thousands have
been killed") and of accidents, disasters, disease or crime in Armenia or Azerbaijan (a
bus crash, an earthquake, a coal-mine blast, COVID-19, a stabbing) are not figures, while
conflict-related accidents (landmines, unexploded ordnance) are.

The test works on *segments*: stretches of a sentence between commas, semicolons and
colons.  A segment that names a foreign war theatre, or a non-conflict event with no
conflict cue, is foreign; a segment that names neither is judged by the whole sentence.

>>> from monitor.casualties.tokens import tokenize
>>> toks = tokenize("Two people died in a car crash on Monday, and a farmer was hurt by a landmine.")
>>> [i for i in range(len(toks)) if toks[i].is_digit or toks[i].low in ("two", "farmer")
...  if non_conflict(toks, [t.low for t in toks], i, i + 1)]
[0]
"""

from __future__ import annotations

from .tokens import Token

#: places of other wars, used as context in conflict reporting
FOREIGN_THEATRES = frozenset({
    "ukraine", "ukrainian", "kyiv", "kiev", "syria", "syrian", "gaza", "israel", "israeli",
    "lebanon", "iraq", "afghanistan", "chechnya", "sudan", "yemen", "moscow", "georgia",
    "palestinian", "mariupol", "bakhmut", "aleppo",
})
#: non-conflict events: accidents, disasters, disease, crime, sport
EVENT_WORDS = frozenset({
    "crash", "crashed", "collision", "collided", "plunged", "overturned", "minibus", "bus",
    "earthquake", "quake", "tremor", "flood", "floods", "flooding", "landslide", "avalanche",
    "wildfire", "blaze", "methane", "coal", "coronavirus", "covid", "pandemic", "virus",
    "stabbed", "stabbing", "robbery", "burglary", "scuffles", "riot", "football", "stadium",
    "spectators", "match", "training", "wiring", "poisoning", "drowned", "heatwave",
})
#: conflict cues: weapons, fighting, ordnance
CONFLICT_WORDS = frozenset({
    "shell", "shells", "shelled", "shelling", "artillery", "mortar", "mortars", "rocket",
    "rockets", "missile", "missiles", "drone", "drones", "airstrike", "airstrikes", "strike",
    "strikes", "bomb", "bombs", "bombing", "bombed", "landmine", "landmines", "munition",
    "munitions", "ordnance", "unexploded", "sniper", "gunfire", "fighting", "clashes",
    "clash", "war", "offensive", "attack", "attacks", "ambush", "ceasefire", "hostilities",
    "frontline", "front", "shot", "downed", "cluster", "mine", "mines", "fire", "troops",
    "forces", "blockade", "martyred", "martyrs", "captured", "prisoners", "hostages",
    "operation", "operations", "combat", "battle", "battles", "counteroffensive",
})
_MINE_KINDS = frozenset({"coal", "copper", "gold", "salt", "molybdenum"})
_BREAKS = frozenset({",", ";", ":"})


def _is_break(toks: list[Token], i: int) -> bool:
    if toks[i].low not in _BREAKS:
        return False
    # "6,700": a thousands separator, not a clause break
    return not (toks[i].low == "," and 0 < i < len(toks) - 1 and toks[i - 1].is_digit
                and toks[i + 1].is_digit and toks[i].start == toks[i - 1].end
                and toks[i + 1].start == toks[i].end)


def _cues(lows: list[str], lo: int, hi: int) -> tuple[bool, bool, bool]:
    """(foreign theatre, non-conflict event, conflict cue) in ``lows[lo:hi]``."""
    foreign = event = conflict = False
    for j in range(lo, hi):
        w = lows[j]
        prev = lows[j - 1] if j > lo else ""
        nxt = lows[j + 1] if j + 1 < hi else ""
        if w in FOREIGN_THEATRES:
            foreign = True
        if w in EVENT_WORDS or (w in ("explosion", "leak") and prev == "gas") or (
                w == "fire" and prev in ("a", "the") and nxt in ("at", "in", "broke", "swept",
                                                                  "gutted", "engulfed")):
            event = True
            continue
        if w in CONFLICT_WORDS and not (w in ("mine", "mines") and prev in _MINE_KINDS):
            conflict = True
    return foreign, event, conflict


class ConflictContext:
    """Segments of one sentence with their cues, computed once (linear in the sentence)."""

    def __init__(self, toks: list[Token], lows: list[str]) -> None:
        n = len(lows)
        self.seg = [0] * n
        bounds: list[tuple[int, int]] = []
        lo = 0
        for i in range(n):
            if _is_break(toks, i):
                bounds.append((lo, i))
                lo = i + 1
            self.seg[i] = len(bounds)
        bounds.append((lo, n))
        self.bounds = bounds
        self.cues = [_cues(lows, a, b) for a, b in bounds]
        self.lows = lows
        self.sentence_event = any(c[1] for c in self.cues)
        self.sentence_conflict = any(c[2] for c in self.cues)

    def non_conflict(self, qstart: int, end: int, affiliated: bool = False) -> bool:
        """True when the number phrase ``[qstart, end)`` lies in a segment about another
        war or about a non-conflict accident, disaster, illness or crime (README §3).  A
        phrase that names a party of the conflict itself (``affiliated``) is not moved to
        another war by a foreign place in its segment."""
        if not self.lows:
            return False
        first = self.seg[min(qstart, len(self.lows) - 1)]
        last = self.seg[min(max(end - 1, qstart), len(self.lows) - 1)]
        foreign = event = conflict = False
        for k in range(first, last + 1):
            f, e, c = self.cues[k]
            foreign, event, conflict = foreign or f, event or e, conflict or c
        lo = self.bounds[first][0]
        lows = self.lows
        if foreign and not affiliated:
            return True
        if not affiliated and lo >= 2 and lo < len(lows) and lows[lo] == "where" \
                and lows[lo - 2] in FOREIGN_THEATRES:
            return True  # "… shifted to Gaza, where tens of thousands have been killed"
        if event:
            return not conflict
        if conflict:
            return False
        return self.sentence_event and not self.sentence_conflict


def non_conflict(toks: list[Token], lows: list[str], qstart: int, end: int,
                 affiliated: bool = False) -> bool:
    """One-off form of :meth:`ConflictContext.non_conflict`."""
    return ConflictContext(toks, lows).non_conflict(qstart, end, affiliated)
