"""Who states a figure: ``claimed_by`` ∈ {armenia, azerbaijan, third_party, unknown}.

The claimant is the party or body that states the figure, not the victims' side: a
ministry of Armenia or Azerbaijan, their officials, the Stepanakert/Karabakh authorities
(``armenia``); Russian, UN, ICRC, HRW or other foreign bodies and the journalists' own
counts (``third_party``); no attribution (``unknown``).

Order: a reporting party of the figure's own sentence (nearest before it, else the first
after it); else a third-party body as the subject of a reporting verb or after
"according to"; else the claimant carried by the :class:`~.document.DocumentContext`
(an earlier sentence of the paragraph, a list heading); else ``unknown``.

>>> from monitor.casualties.tokens import tokenize
>>> from monitor.casualties.side import find_cues
>>> toks = tokenize("Seven soldiers were killed, the Russian defence ministry said.")
>>> claimant(find_cues(toks), [t.low for t in toks], 0, "")
'third_party'
>>> toks = tokenize("Seven soldiers were killed, according to Human Rights Watch.")
>>> claimant(find_cues(toks), [t.low for t in toks], 0, "")
'third_party'
>>> toks = tokenize("Seven soldiers were killed.")
>>> claimant(find_cues(toks), [t.low for t in toks], 0, "armenia")
'armenia'
"""

from __future__ import annotations

from .lexicon import ORG_WORDS, REPORT_VERBS
from .side import SentenceCues, reporter_for

CLAIMANTS = ("armenia", "azerbaijan", "third_party", "unknown")

#: words that make the subject of a reporting verb a third party
THIRD_PARTY_BODIES = frozenset({
    "russian", "russia", "moscow", "kremlin", "un", "u.n", "united", "nations", "unhcr",
    "unicef", "icrc", "red", "crescent", "osce", "eu", "european", "hrw", "amnesty",
    "watch", "reuters", "afp", "ap", "bbc", "tass", "ria", "interfax", "associated",
    "french", "france", "american", "u.s", "washington", "turkish", "turkey", "ankara",
    "iran", "iranian", "georgian", "peacekeepers", "peacekeeping", "observers", "monitors",
    "tally", "count", "journalists", "reporters", "correspondents", "researchers",
    "analysts", "crisis", "group", "oryx", "acled", "sipri", "ohchr",
})
_BODY_GAP = ORG_WORDS | {"human", "rights", "international", "committee", "of", "the", "cross",
                         "high", "commissioner", "for", "refugees", "press", "agency", "news",
                         "an", "a", "own", "our", "its"}


def _third_party_near(lows: list[str], verb: int) -> bool:
    """A third-party body as the subject of the reporting verb at ``verb`` (or after
    "according to")."""
    if lows[verb] == "according":
        rng = range(verb + 1, min(len(lows), verb + 9))
    else:
        rng = range(verb - 1, max(-1, verb - 8), -1)
    for k in rng:
        w = lows[k]
        if w in THIRD_PARTY_BODIES:
            return True
        if w not in _BODY_GAP and not (k == verb - 1 and w in ("has", "have", "had")):
            return False
    return False


def third_party_reports(lows: list[str]) -> bool:
    """True when a third-party body is the subject of a reporting verb of the sentence."""
    if THIRD_PARTY_BODIES.isdisjoint(lows):
        return False
    return any(w in REPORT_VERBS and _third_party_near(lows, j) for j, w in enumerate(lows))


def claimant(cues: SentenceCues, lows: list[str], pos: int, carried: str,
             third: bool | None = None) -> str:
    """``claimed_by`` of a figure at token ``pos`` of a sentence (see the module doc);
    ``third`` is :func:`third_party_reports` of the sentence when already known."""
    rep = reporter_for(cues, pos)
    if rep:
        return rep
    if third if third is not None else third_party_reports(lows):
        return "third_party"
    return carried or "unknown"


def sentence_claimant(cues: SentenceCues, lows: list[str], third: bool | None = None) -> str:
    """The claimant a sentence passes to the next one: its last reporting party, or a
    third-party body reporting in it, else ""."""
    if cues.reporters:
        return cues.reporters[-1][1]
    if third if third is not None else third_party_reports(lows):
        return "third_party"
    return ""
