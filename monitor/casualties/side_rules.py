"""The victims' side of one figure: the ordered rules of README §6 (:data:`_SIDE_RULES`).

Each rule takes the :class:`_SideQuery` of the figure and returns a side or "" (no decision);
the first that decides wins, and rule 7 (unknown) closes the table.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from .document import DocumentContext
from .lexicon import ATTACK_NOUNS, REPORT_VERBS, TOLL_WORDS
from .phrases import Mention
from .side import (
    OTHER,
    SentenceCues,
    attacker_side,
    holder_side,
    location_side,
    party_of,
    place_side,
    possessive_owner,
    reporter_for,
)
from .tokens import Token


def _subject_attacker(lows: list[str], verb: int, cues: SentenceCues, prev_rep: str) -> str:
    """Side of a party that is the subject of a transitive casualty verb, else ""."""
    for k in range(verb - 1, max(-1, verb - 6), -1):
        w = lows[k]
        p = party_of(w)
        if p and (k + 1 < len(lows) and lows[k + 1] in ATTACK_NOUNS
                  or any(a == k for a, _ in cues.attackers)):
            return p
        if w in ("its", "their", "our") and k + 1 < len(lows) and lows[k + 1] in (
                "forces", "troops", "army", "units", "military", "soldiers", "artillery"):
            return possessive_owner(cues, k, prev_rep)
        if w in (",", ";", "and", "that", "who", "which"):
            break
    return ""


def _both_near(cues: SentenceCues, left: int, right: int) -> bool:
    """True when a "both sides"/"combined" cue lies in ``[left, right)``."""
    b = bisect_left(cues.both, left)
    return b < len(cues.both) and cues.both[b] < right


_COPULAS = frozenset({"being", "were", "was", "are", "is"})


_PARTY_PEOPLE = frozenset({"armenians", "azerbaijanis", "azeris"})


def _predicate_party(lows: list[str], end: int, right: int) -> str:
    """A copula naming the victims' nationality after a count ("1,000 of them being
    Armenians", "… of whom were Azerbaijanis"), else ""."""
    for j in range(end, min(right + 4, len(lows) - 1, end + 4)):
        if lows[j] in _COPULAS and lows[j + 1] in _PARTY_PEOPLE:
            return party_of(lows[j + 1])
    return ""


def _own_report_between(lows: list[str], a: int, b: int) -> bool:
    """True when ``lows[a:b]`` holds a party as the subject of a reporting verb ("and
    Armenia reported", ", while Baku said")."""
    if ";" in lows[a:b]:
        return False
    for j in range(a, b - 1):
        if party_of(lows[j]) and lows[j + 1] in REPORT_VERBS:
            return True
    return False


@dataclass
class _SideQuery:
    """What the side rules may consult about one figure."""

    toks: list[Token]
    lows: list[str]
    m: Mention
    cat: str
    trig: int
    how: str
    post_sides: set[str]
    cues: SentenceCues
    ctx: DocumentContext
    has_party: bool
    inherit: dict | None
    left: int
    right: int


def _side_by_role(q: _SideQuery) -> str:
    """Where the category fixes the role of a party word: displaced "Azerbaijanis from
    Armenia" keep their own side ("from" is where they fled); captives or remains returned
    "to Armenia from Azerbaijan" belong to the party they return to."""
    own = q.m.sides & {"armenia", "azerbaijan"}
    if q.cat == "displaced" and len(own) == 1 and "third" not in q.m.sides:
        return next(iter(own))
    if q.cat in ("captured", "bodies_returned") and q.cues.returned_to and not own \
            and "third" not in q.m.sides:
        return q.cues.returned_to
    return ""


def _side_explicit(q: _SideQuery) -> str:
    """Rules 1-2: a third party ("Russian peacekeepers") is unknown; an affiliation in the
    phrase ("Armenian soldiers", "on both sides") or a party's possessive ("its soldiers")."""
    m = q.m
    sides = set(m.sides) | {s for s in q.post_sides if not s.startswith("poss:")}
    poss = m.possessive or next((s[5:] for s in q.post_sides if s.startswith("poss:")), "")
    parties = sides & {"armenia", "azerbaijan"}
    if "third" in sides and not parties:
        return "unknown"
    if "both" in sides or len(parties) == 2:
        return "both"
    if parties:
        return parties.pop()
    if poss:
        return possessive_owner(q.cues, m.qstart, q.ctx.reporter, first_person=poss == "our")
    return ""


def _side_in_clause(q: _SideQuery) -> str:
    """A both-sides cue in the figure's own clause (a cue after the figure counts only up
    to the next comma: "…, putting the combined toll at 287" is about 287; a toll's own
    words count: "the combined death toll … at 287"); the owner of "losses"; "N of them
    being Armenians"; the side of the figure this one refers back to."""
    m, lows = q.m, q.lows
    hi = q.right + 6
    for j in range(m.np_end, min(hi, len(lows))):
        if lows[j] == ",":
            hi = j
            break
    lo = max(q.left, m.qstart - 4)
    if q.how == "left" and q.trig >= 0 and lows[q.trig] in TOLL_WORDS:
        lo = min(lo, max(q.left, q.trig - 4))
    if _both_near(q.cues, lo, hi) and m.value > 1:
        return "both"
    owner = _losses_owner(lows, m.qstart, q.left) or _predicate_party(lows, m.np_end, q.right)
    if owner:
        return owner
    return q.inherit["side"] if q.inherit is not None else ""


def _side_by_verb(q: _SideQuery) -> str:
    """The subject of the figure's verb: "Armenia lost 11 servicemen", "it buried 30"
    (a party's own losses); "Azerbaijani forces killed 12" (the attacker's enemy)."""
    lows, trig = q.lows, q.trig
    if q.how != "verb" or trig < 0:
        return ""
    if lows[trig] not in ("lost", "buried"):  # a party burying its dead reports its own
        att = _subject_attacker(lows, trig, q.cues, q.ctx.reporter)
        return OTHER[att] if att else ""
    k = trig - 1
    while k >= 0 and lows[k] in ("has", "had", "have", "reportedly", "also", "so", "far"):
        k -= 1
    if k < 0:
        return ""
    if party_of(lows[k]):
        return party_of(lows[k])
    if lows[k] in ("it", "they", "we"):
        return possessive_owner(q.cues, k, q.ctx.reporter, first_person=lows[k] == "we")
    return ""


def _side_by_custody(q: _SideQuery) -> str:
    """Captives held by one party are the other's ("held in Azerbaijan"); an exchange
    between the two sides is both; remains or prisoners returned "to Armenia"."""
    lows, cues = q.lows, q.cues
    if q.cat == "captured":
        holder = holder_side(lows)
        if holder:
            return OTHER[holder]
    if q.cat in ("bodies_returned", "captured"):
        if (len({s for _, s in cues.parties}) == 2 or cues.both) and any(
                w in ("exchanged", "swapped", "exchange", "swap", "traded") for w in lows):
            return "both"  # "the two sides exchanged the bodies of …"
        return cues.returned_to
    return ""


def _side_by_reporter(q: _SideQuery) -> str:
    """Rule 3: a party reporting its own losses, in this sentence or (when this sentence
    names no party) carried by the document context."""
    rep = reporter_for(q.cues, q.m.first)
    if not rep and not q.has_party:
        rep = q.ctx.reporter
    return rep


def _side_by_origin(q: _SideQuery) -> str:
    """Displaced people take the place they fled ("fled Nagorno-Karabakh", "forced from
    their homes in Nagorno-Karabakh")."""
    lows, trig = q.lows, q.trig
    if q.cat != "displaced" or trig < 0:
        return ""
    for j in range(trig + 1, min(len(lows), trig + 8)):
        p = party_of(lows[j]) or place_side(lows[j])
        if p and (j == trig + 1 or lows[j - 1] in ("from", "nagorno", "-", "in")):
            return p
        if lows[j] not in ("from", "nagorno", "-", "their", "homes", "home", "in", "the"):
            break
    return ""


def _side_by_attacker(q: _SideQuery) -> str:
    """Rule 4: "Azerbaijani shelling killed …": the victims are on the other side."""
    att = attacker_side(q.cues)
    return OTHER[att] if att else ""


def _side_by_place(q: _SideQuery) -> str:
    """Rule 5: the settlement named in the sentence, or (when the sentence names no party
    and no place) the place carried by the document context."""
    return location_side(q.cues) or ("" if q.has_party or q.cues.places else q.ctx.place)


def _side_of_war(q: _SideQuery) -> str:
    """Rule 6: a stated cross-party total or the toll of a war between them; then a
    region held by one side ("in Artsakh")."""
    if q.cues.both and q.m.value > 1:
        return "both"
    if q.cues.war and q.m.value > 1 and q.m.kind != "single":
        return "both"
    if len(q.cues.regions) == 1:
        return next(iter(q.cues.regions))
    return ""


#: the side rules (README §6), in order: the first that names a side decides
_SIDE_RULES = (_side_by_role, _side_explicit, _side_in_clause, _side_by_verb, _side_by_custody,
               _side_by_reporter, _side_by_origin, _side_by_attacker, _side_by_place,
               _side_of_war)


def _decide_side(toks: list[Token], lows: list[str], m: Mention, cat: str, trig: int,
                 how: str, post_sides: set[str], cues: SentenceCues, ctx: DocumentContext,
                 has_party: bool, inherit: dict | None, left: int, right: int) -> str:
    """Apply the ordered side rules (README §6) to one mention; rule 7: unknown."""
    q = _SideQuery(toks, lows, m, cat, trig, how, post_sides, cues, ctx, has_party, inherit,
                   left, right)
    for rule in _SIDE_RULES:
        side = rule(q)
        if side:
            return side
    return "unknown"


_LOSS_NOUNS = frozenset({"losses", "toll", "casualties", "deaths", "dead", "fatalities"})


def _losses_owner(lows: list[str], q: int, left: int) -> str:
    """Side named in a losses frame right before the value: "put Azerbaijani military
    losses at about 100 dead", "the Armenian toll to 49" (README §6.2: the adjective
    names the victims, not whoever reports the number)."""
    if q < 3 or lows[q - 1] not in ("at", "to"):
        return ""
    for j in range(q - 2, max(left, q - 4) - 1, -1):
        if lows[j] in _LOSS_NOUNS:
            for k in range(j - 1, max(left, j - 5) - 1, -1):
                p = party_of(lows[k])
                if p and lows[k] not in ("armenians", "azerbaijanis"):
                    return p
                if lows[k] not in ("military", "civilian", "own", "overall", "death",
                                   "combat", "total", "official", "casualty", "injury",
                                   "'", "’", "s"):
                    break
            return ""
    return ""
