"""Sentence-level cues for the victims' side: party mentions, reporters, attackers, places.

The ordered side rules themselves (README §6) are applied in :mod:`extract`; this module
finds the cues they consult.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from .lexicon import (
    ARM_PLACES, ARMENIA_WORDS, ATTACK_NOUNS, AZ_PLACES, AZERBAIJAN_WORDS, BOTH_PHRASES,
    ORG_WORDS, REPORT_VERBS, WAR_NOUNS,
)
from .tokens import Token

OTHER = {"armenia": "azerbaijan", "azerbaijan": "armenia"}
#: party words that also name the region held by that party (location rule, README §6.5)
_PARTY_REGIONS = frozenset({"artsakh", "karabakh"})
#: participles whose "by <party>" names no attacker ("a town inhabited by Armenians")
_NON_ATTACK_BY = frozenset({
    "inhabited", "populated", "controlled", "held", "run", "governed", "administered",
    "backed", "supported", "recognised", "recognized", "claimed", "reported", "released",
    "published", "confirmed", "announced", "organised", "organized", "founded", "built",
    "owned", "settled", "mostly", "primarily", "largely", "mainly", "predominantly"})
#: words after "the <party> side" that make it the owner of the figures that follow
_OWN_LOSS_NEXT = frozenset({"has", "had", "have", "lost", "suffered", "about", "counts",
                            "counted", "sustained", "lists", "listed", "registered"})
#: reporting verbs that may stand before their subject: ", said the ministry of …"
_INVERTED_VERBS = frozenset({"said", "says", "reported", "stated", "announced", "added",
                             "informed", "told", "confirmed"})


def place_side(word: str) -> str:
    """Side holding a settlement ("stepanakert" -> armenia), else ""."""
    if word in ARM_PLACES:
        return "armenia"
    if word in AZ_PLACES:
        return "azerbaijan"
    return ""


def party_of(word: str) -> str:
    """armenia/azerbaijan for a party word, else ""."""
    if word in ARMENIA_WORDS:
        return "armenia"
    if word in AZERBAIJAN_WORDS:
        return "azerbaijan"
    return ""


@dataclass
class SentenceCues:
    """Where the parties, reporters, attackers and places appear in one sentence."""

    parties: list[tuple[int, str]] = field(default_factory=list)
    reporters: list[tuple[int, str]] = field(default_factory=list)  # (verb index, side)
    attackers: list[tuple[int, str]] = field(default_factory=list)  # (index, attacker side)
    places: set[str] = field(default_factory=set)
    regions: set[str] = field(default_factory=set)  # "in Artsakh": weaker than a settlement
    both: list[int] = field(default_factory=list)                   # token index of cue
    war: bool = False
    returned_to: str = ""


_BOTH_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _ph in BOTH_PHRASES:
    _BOTH_BY_FIRST.setdefault(_ph[0], []).append(_ph)


def _phrase_at(lows: list[str], i: int, phrase: tuple[str, ...]) -> bool:
    return tuple(lows[i:i + len(phrase)]) == phrase


def _party_cues(cues: SentenceCues, lows: list[str], i: int, p: str, has_between: bool) -> None:
    """The cues a party word at ``i`` gives: a party mention, an attacker ("Azerbaijani
    shelling", "by Armenian forces"), an owner ("the Armenian side has …"), a return
    ("to Armenia", "to the authorities of Karabakh") or a region ("in Artsakh")."""
    n = len(lows)
    w = lows[i]
    cues.parties.append((i, p))
    # attacker: "Azerbaijani shelling", "Armenian artillery fire"
    # no attacker in "fighting between A and B forces", "a town held by A forces"
    between = (has_between and "between" in lows[max(0, i - 4):i]) or (
        i >= 2 and lows[i - 1] == "by" and lows[i - 2] in _NON_ATTACK_BY)
    for k in range(i + 1, min(n, i + 3)):
        if lows[k] in ATTACK_NOUNS and w not in ("armenians", "azerbaijanis") and not between:
            if not (k == i + 1 and lows[k] in ("soldiers", "servicemen", "side")):
                cues.attackers.append((i, p))
            break
        if lows[k] not in ("-", "karabakh", "backed", "armed", "army", "military"):
            break
    if i >= 1 and lows[i - 1] == "by" and not (i >= 2 and lows[i - 2] in _NON_ATTACK_BY) \
            and not (i >= 3 and lows[i - 3] in _NON_ATTACK_BY):
        cues.attackers.append((i, p))
    if i + 2 < n and lows[i + 1] == "side" and lows[i + 2] in _OWN_LOSS_NEXT \
            and w not in ("armenians", "azerbaijanis"):
        cues.reporters.append((i + 1, p))  # "the Armenian side has four casualties"
    if i >= 1 and lows[i - 1] == "to" and w not in ("armenian", "azerbaijani"):
        cues.returned_to = cues.returned_to or p
    elif w == "karabakh" and i >= 3 and lows[i - 1] == "-" and lows[i - 3] == "to":
        cues.returned_to = cues.returned_to or p  # "to Nagorno-Karabakh"
    elif (w not in ("armenian", "azerbaijani") and i >= 3 and lows[i - 1] == "of"
          and lows[i - 2] == "authorities" and lows[i - 4:i - 2] == ["to", "the"]):
        cues.returned_to = cues.returned_to or p  # "to the authorities of Karabakh"
    if i >= 1 and lows[i - 1] == "under" and i + 1 < n and lows[i + 1] == "control":
        cues.places.add(p)  # "areas under Armenian control": a place held by that side
    if w in _PARTY_REGIONS and i >= 1 and lows[i - 1] in ("in", "-") and (
            lows[i - 1] == "in" or (i >= 3 and lows[i - 3] == "in")):
        cues.regions.add(p)  # "in Artsakh", "in Nagorno-Karabakh": a region (§6.5)
    elif (i >= 2 and lows[i - 2] == "to" and lows[i - 1] == "the" and i + 1 < n
          and lows[i + 1] in ("side", "authorities")):
        cues.returned_to = cues.returned_to or p  # "to the Armenian side"


def find_cues(toks: list[Token]) -> SentenceCues:
    """Collect the side cues of a sentence in one pass over its tokens."""
    cues = SentenceCues()
    lows = [t.low for t in toks]
    n = len(lows)
    has_between = "between" in lows
    for i, w in enumerate(lows):
        p = party_of(w)
        if p:
            _party_cues(cues, lows, i, p, has_between)
        if w in AZ_PLACES:
            cues.places.add("azerbaijan")
        elif w in ARM_PLACES:
            cues.places.add("armenia")
        elif w == "fuel" and i + 1 < n and lows[i + 1] in ("depot", "station", "warehouse"):
            cues.places.add("armenia")
        if has_between and w == "between" and len({party_of(x) for x in lows[i + 1:i + 20]} - {""}) == 2:
            cues.both.append(i)  # "a shootout between Karabakh police and Azerbaijani soldiers"
        if w in WAR_NOUNS and not (w == "war" and i >= 2 and lows[i - 1] == "of"
                                   and lows[i - 2] in ("prisoners", "prisoner")):
            cues.war = True  # ("prisoners of war" names no war)
        for ph in _BOTH_BY_FIRST.get(w, ()):
            if _phrase_at(lows, i, ph):
                cues.both.append(i)
                break
        if w in REPORT_VERBS:
            side = _reporter_before(lows, i)
            if w == "according" or (not side and w in _INVERTED_VERBS and i >= 1
                                     and lows[i - 1] in (",", "”", '"', "well")):
                side = _reporter_after(lows, i)  # "…, said the Prosecutor General of Azerbaijan"
            if not side and w in ("saying", "adding") and cues.reporters:
                side = cues.reporters[0][1]  # ", saying it had lost…": the main subject
            if side:
                cues.reporters.append((i, side))
    if not cues.reporters:
        subj = _institution_subject(lows)
        if subj:
            cues.reporters.append(subj)
    return cues


#: civil bodies that issue figures: "Armenia's commission on missing persons lists …"
_ISSUING_BODIES = frozenset({
    "ministry", "commission", "committee", "ombudsman", "government", "office", "agency",
    "service", "authorities", "officials", "defender", "council", "parliament", "presidency",
    "administration", "department", "cabinet", "prosecutor", "prosecutors"})


def _institution_subject(lows: list[str]) -> tuple[int, str] | None:
    """A party's issuing body as the sentence subject ("Azerbaijan's State Commission on
    … says", "Armenia's commission … lists"): a reporter even without a reporting verb
    next to it (README §6.3). Military bodies are left out: "Azerbaijan's army killed …"
    names an attacker, not a reporter."""
    i = 1 if lows and lows[0] == "the" else 0
    if i + 3 >= len(lows) or lows[i + 1] not in ("'", "’") or lows[i + 2] != "s":
        return None
    side = party_of(lows[i])
    if not side:
        return None
    for k in range(i + 3, min(len(lows), i + 7)):
        if lows[k] in _ISSUING_BODIES:
            return (k, side)
        if lows[k] not in ORG_WORDS or lows[k] in ("army", "military", "border", "guard"):
            return None
    return None


def _reporter_before(lows: list[str], verb: int) -> str:
    """Party named just before a reporting verb through organisation words only."""
    k = verb - 1
    steps = 0
    while k >= 0 and steps < 8:
        w = lows[k]
        p = party_of(w) or place_side(w)
        if p:
            return p
        if w == "," and steps <= 1:
            # "Azerbaijan, which does not publish military losses, said …": skip the
            # relative clause between commas back to its antecedent
            opener = _relative_clause_start(lows, k)
            if opener >= 0:
                k = opener - 1
                steps += 1
                continue
        if w in ORG_WORDS or w in (",", "and", "on", "thursday", "monday", "tuesday",
                                   "wednesday", "friday", "saturday", "sunday", "earlier",
                                   "later", "also", "has", "have", "had", "officially",
                                   "strongly", "firmly", "resolutely", "hereby"):
            k -= 1
            steps += 1
            continue
        if lows[k].istitle() or w.isalpha() and steps == 0 and w in ("it", "they"):
            # a person's name between: "Prime Minister Nikol Pashinyan told"
            pass
        break
    return ""


def _relative_clause_start(lows: list[str], comma: int) -> int:
    """Index of the comma opening ", which/who …," that ends at ``comma``, else -1."""
    for c in range(comma - 2, max(-1, comma - 14), -1):
        if lows[c] == "," and lows[c + 1] in ("which", "who", "whose"):
            return c
        if lows[c] in (",", ";"):
            return -1
    return -1


def _reporter_after(lows: list[str], i: int) -> str:
    """Party named after "according to" through organisation words."""
    for k in range(i + 1, min(len(lows), i + 9)):
        p = party_of(lows[k]) or place_side(lows[k])
        if p:
            return p
        if lows[k] not in ORG_WORDS:
            return ""
    return ""


def _before(items: list[tuple[int, str]], pos: int) -> int:
    """Index into ``items`` (sorted by position) of the last item before ``pos``, or -1."""
    return bisect_left(items, (pos, "")) - 1


def reporter_for(cues: SentenceCues, pos: int) -> str:
    """The reporting party for a figure at token ``pos``: nearest preceding, else following."""
    k = _before(cues.reporters, pos)
    if k >= 0:
        return cues.reporters[k][1]
    return cues.reporters[0][1] if cues.reporters else ""


def possessive_owner(cues: SentenceCues, pos: int, prev_reporter: str,
                     first_person: bool = False) -> str:
    """Resolve its/their/our at ``pos`` to a party: reporter, else nearest party before.

    A first-person "our"/"we" in a quote belongs to the speaker, who is usually named
    after the quote ("'We lost 14 of our servicemen,' the Karabakh commander said")."""
    k = _before(cues.reporters, pos)
    if k >= 0:
        return cues.reporters[k][1]
    if first_person:
        after = [side for idx, side in cues.reporters if idx > pos and side]
        if after:
            return after[0]
    attackers = {a for a, _ in cues.attackers}
    k = _before(cues.parties, pos)
    steps = 0
    while k >= 0 and steps < 20:
        idx, side = cues.parties[k]
        if idx not in attackers:
            return side
        k -= 1
        steps += 1
    return prev_reporter


def attacker_side(cues: SentenceCues) -> str:
    """Side of the attacker named in the sentence (only when one party is named)."""
    sides = {s for _, s in cues.attackers}
    if len(sides) == 1:
        return sides.pop()
    return ""


def location_side(cues: SentenceCues) -> str:
    """Side holding the settlement named in the sentence (only when unambiguous)."""
    if len(cues.places) == 1:
        return next(iter(cues.places))
    return ""


#: words of holding captives: "held in Azerbaijan", "detained by Baku", "prisons in Baku"
_HOLD_WORDS = frozenset({"held", "detained", "imprisoned", "jailed", "captivity", "prisons",
                         "prison", "custody", "kept", "holding", "jails", "jail"})


def holder_side(lows: list[str]) -> str:
    """The party holding captives ("held in Azerbaijan", "in captivity in Baku",
    "detained by Azerbaijani forces"), else "": its captives are the other side's."""
    n = len(lows)
    for j, w in enumerate(lows):
        if w in ("jails", "jail", "prisons", "prison", "captivity") and j >= 1 and party_of(lows[j - 1]):
            return party_of(lows[j - 1])  # "in Azerbaijani jails"
        if w not in _HOLD_WORDS:
            continue
        # "held in Azerbaijan", "held as prisoners in Azerbaijan", "detained by the Baku …"
        for i in range(j + 1, min(n - 1, j + 5)):
            if lows[i] in ("in", "by"):
                k = i + 1 + (lows[i + 1] == "the")
                p = (party_of(lows[k]) or place_side(lows[k])) if k < n else ""
                if p:
                    return p
                break
            if lows[i] not in ("as", "prisoners", "hostages", "captives", "captive", "prisoner",
                               "illegally", "still", "currently", "now"):
                break
    return ""
