"""Casualty figures from text: number expressions -> category, victims, side.

For each sentence: find number expressions and singular victims (:mod:`phrases`), drop
those that count something else, decide each one's category from the governing noun or
verb, its victims from the head noun and its side by the ordered rules of the convention
(README §6) using the cues of :mod:`side`.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from .lexicon import (
    LABEL_CATEGORIES, RETURN_WORDS, ATTACK_NOUNS, CATEGORY_NOUNS, REPORT_VERBS, CIVILIAN_MODIFIERS, HYPOTHETICAL, SOLDIER_MODIFIERS, TOLL_WORDS, TRANSITIVE, TRIGGERS, UPDATE_VERBS, WEAK_TRANSITIVE,
)
from .claimant import claimant, sentence_claimant, third_party_reports
from .context import ConflictContext
from .document import FOOTNOTE_RE, DocumentContext
from .listing import is_named_item, list_template
from .period import background
from .numbers import find_numbers
from .phrases import (
    Mention, _affiliation, _victim_class, mention_from_number, share_heads, singular_mentions,
)
from .sentences import split_sentences
from .side import (
    holder_side, OTHER, SentenceCues, attacker_side, find_cues, location_side, party_of, place_side,
    possessive_owner, reporter_for,
)
from .tokens import Token, tokenize

FIELDS = ("count", "count_high", "qualifier", "category", "side", "victims")
#: fields every figure has beyond the scorer's six: who states it, and whether it is about
#: another period than the article's event (README "Casualty figures")
EXTRA_FIELDS = ("claimed_by", "background")

# A sentence without any of these stems cannot hold a figure: skip it cheaply.
_STEMS = (
    "kill", "dead", "die", "death", "fatal", "perish", "martyr", "slain", "lives", "toll",
    "lost", "wound", "injur", "hurt", "burn", "hospital", "missing", "unaccounted",
    "disappear", "captur", "captiv", "jails", "prisons", "prisoner", "pow", "hostage", "detain", "held", "hold",
    "releas", "freed", "swap", "body", "bodies", "remains", "corpse", "fled", "flee",
    "displac", "refugee", "evacu", "uproot", "homeless", "casualt", "exodus", "shot",
    "execut", "murder", "impris", "abduct", "maim", "fate", "homes", "expel",
    "handed", "sent back", "repatri", "buried", "left the", "abandoned", "eliminat",
    "neutrali",
)


def _may_hold_figure(sentence: str) -> bool:
    """Cheap test: does the sentence contain any category stem at all?"""
    low = sentence.lower()
    return any(stem in low for stem in _STEMS)
_CLAUSE_BREAKS = frozenset({";", "while", "whereas", "but", "although", "though", ":"})
_AUX = frozenset({"were", "was", "had", "have", "has", "been", "are", "is", "be", "being",
                  "reportedly", "also", "later", "all", "subsequently", "then", "now",
                  "since", "so", "far", "believed", "to", "confirmed", "officially"})
_DOMESTIC = frozenset({"police", "arrested", "protesters", "protestors", "protest",
                       "protests", "rally", "demonstrators", "opposition", "court"})
_POPULATION = frozenset({"population", "inhabitants", "populated", "lived", "live", "home"})
_SKIP_HARD = frozenset({"attached-prefix", "model", "currency-or-date", "document",
                        "unit-attached", "unit", "date", "compound-modifier", "time",
                        "percent", "decimal", "bad", "negated", "age"})
_SETTLEMENT_OR_CROWD = frozenset({
    "town", "city", "village", "settlement", "community", "capital", "hamlet", "crowd",
    "crowds", "rally", "march", "procession", "gathering", "congregation", "audience"})
_CROWD_VERBS = frozenset({"attended", "watched", "joined", "visited", "followed", "welcomed",
                          "greeted", "signed", "backed", "supported", "cheered", "packed"})
#: verbs whose subject is an agent, not a victim, right after a noun phrase
_AGENT_VERBS = frozenset({
    "told", "tell", "tells", "said", "says", "spoke", "speak", "met", "meet", "briefed",
    "addressed", "attended", "visited", "gathered", "marched", "rallied", "protested",
    "lined", "greeted", "welcomed", "laid", "urged", "demanded", "described", "recalled",
    "queued", "signed", "paid", "mourned", "buried", "carried", "chanted", "waved"})
_AMONG_GAPS = [[v, "among", "the"] for v in ("were", "was", "are", "is")] + [["among", "the"]]
_SWAP_WORDS = frozenset({"swapped", "swap", "swaps", "exchanged", "exchange", "traded",
                         "trade", "exchanging", "swapping"})
_TOTAL_CUES = frozenset({"to", "at", "reached", "total", "toll", "overall", "stood",
                         "of", "bringing"})


#: cheap test for a third-party reporter in a sentence without figures (claimed_by context)
_THIRD_PARTY_STEMS = ("russia", "red cross", "icrc", "human rights", "amnesty", "united nations",
                      " un ", "osce", "unhcr")
_PARTY_STEMS = ("armenia", "azerbaijan", "azeri", "baku", "yerevan", "karabakh", "artsakh",
                "pashinyan", "aliyev")


def _reporter_only(sentence: str, start: int, ctx: DocumentContext, party: bool) -> None:
    """Pass the reporter and claimant of a sentence that holds no figure to the next one
    (the reporter only when the sentence names a ``party``)."""
    toks = tokenize(sentence, start)
    cues = find_cues(toks)
    if party:
        ctx.reporter = cues.reporters[-1][1] if cues.reporters else (
            ctx.label_side if ctx.in_list else "")
    ctx.place = location_side(cues) or ("" if cues.places else ctx.place)
    ctx.claimant = sentence_claimant(cues, [t.low for t in toks]) or ctx.claimant


_FRAME_NOUNS = CATEGORY_NOUNS - {"wounded", "injured", "missing"}


_RESCUE_VERBS = frozenset({"saved", "save", "saves", "saving", "spared", "spare", "risked",
                           "risk", "risking", "protect", "protected", "protecting",
                           "endangered", "endangering", "threatened", "threatening"})


#: objects of "held" that are events, not people ("held drills", "held talks")
_HELD_EVENTS = frozenset({
    "drills", "drill", "exercises", "exercise", "talks", "a", "an", "joint", "large",
    "military", "meetings", "meeting", "elections", "election", "consultations", "ceremony",
    "ceremonies", "rallies", "rally", "protests", "negotiations", "parades", "parade",
    "manoeuvres", "maneuvers", "discussions", "funerals", "funeral", "commemorations",
    "snap", "war", "command", "staff", "tactical", "live"})


_FATAL_ADVERBS = frozenset({"fatally", "mortally"})
#: what displaced people leave: "left the region", "left Karabakh"
_HOMELANDS = frozenset({"region", "enclave", "karabakh", "artsakh", "nagorno", "nagorno-karabakh",
                        "villages", "village", "towns", "homeland", "territory"})
_TERRAIN = frozenset({"area", "areas", "territory", "territories", "region", "district",
                      "positions", "position", "land", "lands", "towns", "villages", "cities"})
#: category words used as nouns before a verb: "the number of wounded remains 290"
_CATEGORY_ADJ_NOUNS = frozenset({"wounded", "injured", "dead", "missing", "killed",
                                 "casualties", "deaths", "fatalities", "displaced", "captured"})
_REMAINS_COPULA_NEXT = frozenset({
    "unknown", "unclear", "in", "a", "under", "the", "below", "above", "at", "around",
    "about", "over", "unchanged", "stable", "high", "low", "more", "less", "fewer", "near",
    "close", "roughly", "some", "just", "only", "disputed", "contested", "uncertain"})
#: words before "the remains/bodies of N" that make it forensic work, not a return
_FORENSIC_WORDS = frozenset({"examination", "examinations", "examined", "forensic",
                             "identification", "identified", "identify", "dna", "exhumation",
                             "exhumed", "autopsy", "autopsies", "analysis", "tests", "testing"})


def _trigger_at(lows: list[str], i: int, right: bool) -> str:
    """Category if ``lows[i]`` is a usable trigger in this position, else ""."""
    w = lows[i]
    cat = TRIGGERS.get(w, "")
    n = len(lows)
    if w in ("forced", "forcing", "left", "driven", "expelled", "fleeing", "abandoned", "leave"):
        window = lows[i + 1:i + (7 if w in ("forced", "forcing", "driven") else 5)]
        if "homes" in window or "home" in window or "flee" in window or (
                w in ("left", "leave", "abandoned") and any(x in _HOMELANDS for x in window[:3])):
            return "displaced"  # "have left the region", "abandoned Karabakh"
        return "" if not cat else cat
    if w == "evacuated" and any(x in ("injuries", "wounds", "injured", "wounded", "burns")
                                for x in lows[i + 1:i + 5]):
        return "wounded"  # "evacuated with moderate injuries"
    if w in ("cases", "case") and i > 0 and lows[i - 1] in ("fatal", "death"):
        return "killed"  # "fatal cases were recorded in …"
    if w == "fate":
        # "whose fate remains unknown", "the fate of up to 120 others remains unknown"
        for k in range(i + 1, min(n, i + 10)):
            if lows[k] in ("unknown", "unclear"):
                return "missing"
            if lows[k] in (",", ";", ".") or lows[k] in _CLAUSE_BREAKS:
                break
        return ""
    if w in ("unknown",) and i > 0:
        return ""
    if not cat:
        return ""
    if cat == "wounded" and i > 0 and lows[i - 1] in _FATAL_ADVERBS:
        return "killed"  # "fatally wounded", "mortally injured" (README §5)
    if w in ("wound", "wounds", "injury", "injuries") and i > 0 and (
            lows[i - 1] == "fatal" or (i > 1 and lows[i - 2] == "fatal")):
        return "killed"  # "a fatal gunshot wound"
    nxt = lows[i + 1] if i + 1 < n else ""
    nxt2 = lows[i + 2] if i + 2 < n else ""
    if w == "lost":
        return "killed" if nxt in ("their", "his", "her") and nxt2 in ("lives", "life") else ""
    if w == "shot":
        return "killed" if nxt == "dead" else ""
    if w in ("lives",) and right:
        return ""
    if w == "lives" and i >= 2 and lows[i - 1] == "the" and lows[i - 2] in _RESCUE_VERBS:
        return ""  # "medics saved the lives of 12 soldiers"
    if w in ("toll",) and i > 0 and lows[i - 1] in ("casualty", "casualties"):
        return "casualties"
    if w == "toll" and i > 0 and lows[i - 1] in ("injury", "wounded"):
        return "wounded"
    if w in ("holding", "holds", "hold") and right:
        return ""
    if w in ("held", "holding", "holds", "hold") and i > 0 and lows[i - 1] in _SETTLEMENT_OR_CROWD | _TERRAIN:
        return ""  # "a town held by Armenian forces": territory, not captives
    if w in ("held", "holding", "holds", "hold") and nxt in _HELD_EVENTS:
        return ""  # "Azerbaijan held drills involving 10,000 troops": an event, not captives
    if w in ("body", "bodies", "remains", "corpses") and right:
        prev = lows[i - 1] if i > 0 else ""
        if prev not in ("whose", "their", "the", "his", "her"):
            return ""
    if w == "remains" and (nxt in _REMAINS_COPULA_NEXT or (i > 0 and (
            lows[i - 1] in TOLL_WORDS or lows[i - 1] in _CATEGORY_ADJ_NOUNS))):
        return ""  # "the toll remains below 1,000": the verb, not human remains
    if cat == "killed" and nxt in ("or", "and") and TRIGGERS.get(nxt2) == "wounded":
        return "casualties"
    if w in ("dead", "death") and nxt == "toll":
        return "killed"
    if w == "burns" and (i == 0 or lows[i - 1] not in ("severe", "serious", "with", "heavy")):
        return ""
    if w in ("wound", "kill", "die", "injure", "capture", "flee") and not right:
        return ""
    return cat


_PAREN_OPENERS = frozenset({"among", "including", "such", "mostly", "mainly", "of"})
_COORD_PREDICATE = frozenset({"been", "was", "were", "later", "then", "subsequently"})


def _limits(toks: list[Token], cands: list[Mention], k: int, breaks: list[int]) -> tuple[int, int]:
    """(left limit, right limit) of the window in which mention ``k`` looks for its trigger."""
    m = cands[k]
    n = len(toks)
    right = min(n, m.np_end + 16)
    # the predicate may lie past a parenthetical (", among them a boy and his grandmother,")
    # or in a coordinated verb phrase ("had crossed … and been registered as displaced"):
    # neither counts against the window
    j = m.np_end
    paren_end = -1  # one past a parenthetical right after the noun phrase
    while j < right:
        low = toks[j].low
        if low == "," and j + 1 < n and toks[j + 1].low in _PAREN_OPENERS:
            c = j + 2
            while c < n and c < j + 16 and toks[c].low != ",":
                c += 1
            if c < n and toks[c].low == ",":
                right = min(n, right + c - j + 1)
                if j == m.np_end:
                    paren_end = c
                j = c + 1
                continue
        if low == "and" and j + 1 < n and toks[j + 1].low in _COORD_PREDICATE:
            right = min(n, max(right, j + 9))
        j += 1
    nxt = k + 1
    while nxt < len(cands) and cands[nxt].qstart < paren_end:
        nxt += 1  # "four civilians, including two women and a girl, were killed": the
        # members inside the parenthetical do not end the group's window
    if nxt < len(cands):
        right = min(right, cands[nxt].qstart)
    b = bisect_left(breaks, m.np_end)
    if b < len(breaks):
        right = min(right, breaks[b])
    left = max(0, m.qstart - 14)
    if k > 0:
        left = max(left, cands[k - 1].np_end)
    b = bisect_left(breaks, m.qstart)
    if b > 0:
        left = max(left, breaks[b - 1] + 1)
    return left, right


def _label_category(lows: list[str], q: int) -> str:
    """Category of a line label right before the number at ``q`` ("Dead: 5,856",
    "• Civilians wounded: 40"), else ""."""
    if q < 2 or lows[q - 1] != ":":
        return ""
    cat = LABEL_CATEGORIES.get(lows[q - 2], "")
    if cat and q >= 3 and lows[q - 3] not in ("•", "-", "–", "*", "·", "civilian", "civilians",
                                              "military", "total", "confirmed", "soldiers",
                                              "servicemen") and q - 3 > 0:
        return ""  # a sentence's colon ("… said the dead: 12 …"), not a line label
    return cat


def _phrase_category(toks: list[Token], lows: list[str], cands: list[Mention], k: int,
                     left: int, right: int) -> _Category | None:
    """The noun phrase or its frame decides: "bodies", a line label ("Dead: 12"), "the
    remains of N", "in exchange for N", a category noun or participle ("N casualties", "60
    wounded fighters")."""
    m = cands[k]
    q = m.qstart
    if m.category == "bodies_returned":
        return m.category, m.np_end - 1, "np"
    label = _label_category(lows, m.qstart)
    if label:
        return label, m.qstart - 2, "label"
    # "the remains of three servicemen", "the bodies of 12 soldiers"
    if q >= 2 and lows[q - 1] == "of" and lows[q - 2] in ("remains", "bodies", "body"):
        if not any(w in _FORENSIC_WORDS for w in lows[max(0, q - 7):q - 2]):
            return "bodies_returned", q - 2, "frame"
        if m.category and m.category != "bodies_returned":
            return m.category, m.np_end - 1, "np"  # "examination of the remains of 40 killed …"
        return "", -1, ""
    if q >= 2 and lows[q - 1] == "for" and lows[q - 2] in ("exchange", "swap", "return"):
        return "captured", q - 2, "frame"  # "released 32 … in exchange for 2 soldiers"
    if m.category == "captured" and _nominal_category(lows, q) == "killed":
        return "killed", q - 2, "verb"  # "the execution of 2 detainees": killed captives
    if m.category:
        if m.adj_category and m.category == "wounded":
            # "three wounded soldiers later died": only killed (README §3)
            for j in range(m.np_end, right):
                if lows[j] in _DEATH_VERBS or _trigger_at(lows, j, True) == "killed":
                    return "killed", j, "right"
        return m.category, m.np_end - 1, "np"
    return None


def _event_or_verb_category(toks: list[Token], lows: list[str], cands: list[Mention], k: int,
                            left: int, right: int) -> _Category | None:
    """A nominalised event ("the capture of six soldiers", "claimed the lives of two")
    or a transitive verb right before ("killed 21 civilians", "handed over 30")."""
    m = cands[k]
    q = m.qstart
    # a nominalised event: "the capture of six soldiers", "the killing of a deminer",
    # "claimed the lives of two reporters"
    nom = _nominal_category(lows, q)
    if nom:
        return nom, q - 2, "verb"
    # a verb right before: "killed 21 civilians", "had lost 11 servicemen"
    if q >= 1:
        w = lows[q - 1]
        cat = TRANSITIVE.get(w, "")
        if cat and (w not in WEAK_TRANSITIVE or m.head and lows[q] not in ("his", "her", "their")):
            if not (w in ("wounded", "injured", "hurt", "killed") and q >= 2
                    and lows[q - 2] in ("were", "was", "been", "are", "is")):
                if w == "handed" or (w in ("returned", "repatriated") and m.head == ""):
                    pass
                elif w in ("forced", "forcing") and not any(
                        x in ("homes", "home", "flee", "leave", "out") for x in
                        lows[m.np_end:m.np_end + 4]):
                    pass  # "forced 20 soldiers to return to base": not displacement
                elif cat == "wounded" and q >= 3 and lows[q - 2] in ("or", "and") \
                        and TRANSITIVE.get(lows[q - 3]) == "killed" \
                        and lows[q - 3] not in WEAK_TRANSITIVE:
                    # "killed or wounded 40 residents": one number for both (README §5)
                    return "casualties", q - 1, "verb"
                else:
                    return cat, q - 1, "verb"
        if w in ("over", "back") and q >= 2 and lows[q - 2] in ("handed", "turned", "passed",
                                                                "sent", "gave", "hands", "hand"):
            if w == "over" or m.head:  # "handed back two servicemen": people returned
                return "captured", q - 2, "verb"
    return None


def _toll_value_category(toks: list[Token], lows: list[str], cands: list[Mention], k: int,
                         left: int, right: int) -> _Category | None:
    """The value of a toll takes the toll's category before any trigger to the right."""
    m = cands[k]
    q = m.qstart
    if not m.head and m.kind == "num" and q >= 1 and lows[q - 1] in ("to", "at", "of"):
        # the value of a toll takes the toll's category before any trigger to the right:
        # "raised its death toll from 49 to 105 after the remains of … were identified";
        # the subject of "climbed/rose to N" may stand far before it, past an apposition
        # ("Death toll from the blast at …, a region …, climbed to 68")
        far = max(left, q - 9)
        if q >= 2 and lows[q - 2] in UPDATE_VERBS:
            far = max(q - 40, cands[k - 1].np_end if k > 0 else 0)
            while far < q and ";" in lows[far:q]:
                far = lows.index(";", far) + 1
        for j in range(q - 2, far - 1, -1):
            if lows[j] in TOLL_WORDS:
                for jj in range(j, max(far, j - 2) - 1, -1):
                    cat = _trigger_at(lows, jj, False)
                    if cat:
                        return cat, jj, "left"
                break
    return None


def _singular_category(toks: list[Token], lows: list[str], cands: list[Mention], k: int,
                       left: int, right: int) -> _Category | None:
    """Singular victims need an adjacent predicate ("a soldier was killed"); a decision
    either way for singular mentions."""
    m = cands[k]
    if m.kind in ("single", "pronoun"):
        # singular victims need an adjacent predicate: "a soldier was killed"; a short
        # place phrase ("a shepherd near Tartar") or a relative clause ("a soldier who
        # crossed the border …") may stand between the victim and its predicate
        if m.appos_end > m.np_end:
            right = max(right, min(len(lows), m.appos_end + 6))
        start = _skip_place_phrase(toks, lows, max(m.np_end, m.appos_end), right)
        if start < len(lows) and lows[start] == "(" and ")" in lows[start:start + 8]:
            close = lows.index(")", start)  # "Private A. B. (born 2002) was killed"
            right = max(right, min(len(lows), close + 8))
            start = close + 1
        if start < right and lows[start] == "who":
            for j in range(start + 1, min(right, start + 14)):
                cat = _trigger_at(lows, j, True)
                if cat:
                    return _died_later(lows, cat, j, right)
            return "", -1, ""
        for j in range(start, min(right, start + 5)):
            cat = _trigger_at(lows, j, True)
            if cat:
                if j == m.np_end:  # reduced relative: "a serviceman wounded in … died"
                    return _died_later(lows, cat, j, right)
                return cat, j, "right"
            if lows[j] == "received" or lows[j] == "suffered" or lows[j] == "sustained":
                continue
            if lows[j] == "a" and j > start and lows[j - 1] in ("became", "become", "becomes"):
                continue  # "became a martyr"
            if lows[j] not in _AUX and lows[j] not in ("who", "seriously", "severely",
                                                       "lightly", "slightly", "moderately", "critically", "badly",
                                                       "fatally", "mortally", "shrapnel",
                                                       "gunshot", "bullet", "died", "of",
                                                       "taken", "went", "found", "severe",
                                                       "serious", "minor", "light", "multiple",
                                                       "heavy", "critical", "fatal",
                                                       "became", "become", "becomes"):
                break
        return "", -1, ""
    return None


def _window_category(toks: list[Token], lows: list[str], cands: list[Mention], k: int,
                     left: int, right: int) -> _Category | None:
    """The nearest trigger to the right of the noun phrase, else to its left."""
    m = cands[k]
    q = m.qstart
    for j in range(m.np_end, right):
        cat = _trigger_at(lows, j, True)
        if cat:
            if j == m.np_end or (j > m.np_end and lows[m.np_end] == "who"):
                return _died_later(lows, cat, j, right)
            return cat, j, "right"
    for j in range(q - 1, left - 1, -1):
        cat = _trigger_at(lows, j, False)
        if cat:
            return cat, j, "left"
    return "", -1, ""


_Category = tuple[str, int, str]
#: the category rules, in order: the first that decides (returns a tuple) wins
_CATEGORY_RULES = (_phrase_category, _event_or_verb_category, _toll_value_category,
                   _singular_category, _window_category)


def _category(toks: list[Token], lows: list[str], cands: list[Mention], k: int,
              left: int, right: int) -> _Category:
    """(category, trigger index, how) for mention ``k``; "" when none governs it."""
    for rule in _CATEGORY_RULES:
        found = rule(toks, lows, cands, k, left, right)
        if found is not None:
            return found
    return "", -1, ""


#: event nouns whose "of"-complement names the victims: "the capture of six soldiers"
_NOMINAL_EVENTS = {
    "killing": "killed", "killings": "killed", "deaths": "killed", "death": "killed",
    "murder": "killed", "murders": "killed", "execution": "killed",
    "wounding": "wounded", "woundings": "wounded", "injuring": "wounded",
    "capture": "captured", "abduction": "captured", "release": "captured",
    "detention": "captured", "repatriation": "captured", "disappearance": "missing",
    "evacuation": "displaced", "displacement": "displaced", "expulsion": "displaced",
}
_LIFE_VERBS = frozenset({"claimed", "claiming", "claims", "claim", "cost", "costing", "costs",
                         "took", "taking", "takes", "take"})


def _nominal_category(lows: list[str], q: int) -> str:
    """Category of an event noun right before ``of`` and the phrase at ``q`` ("the deaths
    of nine servicemen", "claimed the lives of two reporters"), else ""."""
    if q < 3 or lows[q - 1] != "of":
        return ""
    w = lows[q - 2]
    if w == "lives":
        return "killed" if lows[q - 3] == "the" and q >= 4 and lows[q - 4] in _LIFE_VERBS else ""
    if lows[q - 3] not in ("the", "its", "their", "his", "her"):
        return ""
    return _NOMINAL_EVENTS.get(w, "")


_POSTMOD_OPENERS = frozenset({"from", "of", "in", "with", "for", "working", "serving",
                              "employed", "based", "living", "stationed", "attached"})
_NOT_IN_POSTMOD = frozenset({",", "was", "were", "is", "are", "had", "has", "have", "been",
                             "who", "which", "that", "when", "while", "but"})


def _modifier_then_and(gap: list[str]) -> bool:
    """True for "<post-modifier> and" between two coordinated victims: "two journalists
    working for Azerbaijani state media and a village official died" (no verb or comma)."""
    return (2 <= len(gap) <= 8 and gap[-1] == "and" and gap[0] in _POSTMOD_OPENERS
            and not any(w in _NOT_IN_POSTMOD or w in TRIGGERS for w in gap[:-1]))


def _subset_marker(lows: list[str], q: int) -> bool:
    """True when the phrase at ``q`` is a numeric subset of the figure before it
    ("…, among them 719 civilians", "including 10 children", "14 of them"): it shares
    that figure's side unless its own words name one."""
    prev1 = lows[q - 1] if q >= 1 else ""
    prev2 = lows[q - 2] if q >= 2 else ""
    return prev1 in ("including", "incl") or (prev2, prev1) in (
        ("among", "them"), ("among", "whom"), ("of", "whom"), ("of", "them"))


def _is_subset(lows: list[str], m: Mention) -> bool:
    """A numeric subset marked before ("including 10 children") or after the number
    ("720 of them civilians", "14 of whom were children")."""
    return _subset_marker(lows, m.qstart) or lows[m.last:m.last + 2] in (
        ["of", "them"], ["of", "whom"])


_DEATH_VERBS = frozenset({"died", "perished", "succumbed", "dies"})
_PLACE_PREPS = frozenset({"near", "from", "of", "in", "at"})


def _died_later(lows: list[str], cat: str, j: int, right: int) -> tuple[str, int, str]:
    """Victims described as wounded who then died are only ``killed`` (README §3:
    "a soldier who died of his injuries is only killed"): ``cat`` found at ``j`` in a
    modifier of the victim ("wounded in Monday's strike", "who was injured …") gives way
    to a later death verb of the same clause."""
    if cat == "wounded":
        for k in range(j + 1, min(right, j + 12)):
            if lows[k] in _DEATH_VERBS:
                return "killed", k, "right"
    return cat, j, "right"


_PARTICIPLE_NEXT = frozenset({"by", "for", "with", "in", "at", "near", "from", "on", "to",
                              "alongside", "as", "the", "a", "an", "them", "him", "her",
                              "their", "his"})


def _participle_modifier(lows: list[str], j: int) -> bool:
    """True when ``lows[j]`` opens a participle phrase after a victim noun ("hired by",
    "travelling with", "accompanying the"), not itself a category word."""
    w = lows[j]
    if w in TRIGGERS or TRANSITIVE.get(w) or len(w) < 5 or not w.isalpha():
        return False
    if w.endswith("ing"):
        return lows[j + 1] in _PARTICIPLE_NEXT
    return w.endswith("ed") and lows[j + 1] in ("by", "for", "with", "to", "as", "from", "alongside")


def _skip_place_phrase(toks: list[Token], lows: list[str], j: int, right: int) -> int:
    """Index after a short place phrase of proper names ("near Tartar", "from
    Martuni"), or ``j`` when there is none."""
    if j + 1 < right and _participle_modifier(lows, j):
        # a reduced relative ("an Azerbaijani driver hired by the crew in Barda was also
        # hurt", "a journalist travelling with them was injured"): skip to the auxiliary
        for k in range(j + 2, min(right, j + 11)):
            if lows[k] in ("was", "were"):
                return k
            if lows[k] in _NOT_IN_POSTMOD or lows[k] in TRIGGERS:
                break
        return j
    if j + 1 >= right or lows[j] not in _PLACE_PREPS and lows[j] not in ("with", "for"):
        return j
    k = j + 1
    names = 0
    while k < right and k < j + 5 and lows[j] in _PLACE_PREPS:
        if toks[k].text[:1].isupper() and toks[k].text.isalpha():
            names += 1
        elif lows[k] not in ("-", "the") or names == 0 and lows[k] == "-":
            break
        k += 1
    if names:
        return k
    # an employer or unit ("an ambulance driver with Armenia's emergency service was
    # killed"): a short verbless phrase right before the auxiliary of the predicate
    for k in range(j + 1, min(right, j + 8)):
        if lows[k] in ("was", "were"):
            return k if k > j + 1 else j
        if lows[k] in _NOT_IN_POSTMOD or lows[k] in TRIGGERS:
            break
    return j


_DWELLINGS = frozenset({"homes", "home", "houses", "house", "villages", "village", "lands",
                        "land", "towns", "town"})


def _post_np(lows: list[str], m: Mention, right: int) -> tuple[str, set[str]]:
    """Victims and sides stated just after the phrase ("among its troops", "on the
    Armenian side", "from both sides", "of the Nagorno-Karabakh army")."""
    victims = ""
    sides: set[str] = set()
    n = len(lows)
    end = min(n, m.np_end + 10, max(right, m.np_end + 4))
    j = m.np_end
    while j < end:
        w = lows[j]
        if w in ("among", "of", "from", "on", "in") and j + 1 < n:
            k = j + 1
            seen: set[str] = set()
            while k < min(n, j + 7):
                x = lows[k]
                if x in ("both", "two", "either", "each") and k + 1 < n and lows[k + 1] in (
                        "sides", "side", "countries", "armies", "parties", "nations"):
                    return victims, {"both"}
                if x in ("both",):
                    k += 1
                    continue
                s = _affiliation(x)
                if s:
                    seen.add(s)
                    k += 1
                    continue
                vc = _victim_class(x)
                if vc and w in ("among", "of") and not victims and x not in (
                        "casualties", "deaths", "dead", "fatalities"):
                    victims = vc
                    k += 1
                    continue
                if x in ("the", "its", "their", "our", "-", "nagorno", "and", "ethnic",
                         "army", "defence", "defense", "forces", "side", "troops", "military"):
                    if x in ("its", "their", "our") and not (
                            k + 1 < n and lows[k + 1] in _DWELLINGS):
                        seen.add("poss:" + x)  # not "forced from their homes"
                    k += 1
                    continue
                break
            if {"armenia", "azerbaijan"} <= seen:
                return victims, {"both"}
            origin = (w == "from" and j > m.np_end and TRIGGERS.get(lows[j - 1]) == "displaced"
                      and m.sides & {"armenia", "azerbaijan"})
            if w in ("among", "of", "on", "from") and seen and not origin:
                # ("Azerbaijanis were displaced from Karabakh": where they fled, not whose)
                sides |= seen
            j = k
            continue
        if w in ("and", "or") and m.head and j == m.np_end and j + 1 < n:
            vc = _victim_class(lows[j + 1])
            if vc and vc != m.victims and lows[j + 1] not in ("others",):
                victims = "people"
            break
        if w == "," and j + 1 < n and lows[j + 1] not in TRIGGERS and lows[j + 1] not in (
                "among", "of", "from", "on", "in"):
            break  # ", bringing the combined toll on both sides to 64": another phrase
        if w in TRIGGERS or w == ",":
            j += 1
            continue
        j += 1
    return victims, sides


def _frame(lows: list[str], trig: int, left: int, qstart: int) -> tuple[str, set[str]]:
    """Victims and sides named in a toll frame ("the number of Azerbaijani civilian
    fatalities … reached 61", "the number of military deaths at 2,718")."""
    victims = ""
    sides: set[str] = set()
    for j in range(max(left, trig - 4), max(trig + 1, min(qstart, trig + 6))):
        w = lows[j]
        if w in SOLDIER_MODIFIERS:
            victims = "soldiers"
        elif w in CIVILIAN_MODIFIERS:
            victims = "civilians"
        elif j != trig and _victim_class(w) and w not in CATEGORY_NOUNS and w != "official" and not (
                j + 1 < len(lows) and lows[j + 1] in REPORT_VERBS):  # the issuing body
            victims = _victim_class(w)
        s = _affiliation(w)
        # "fighting with Armenia", "clashes against Azerbaijan": the opponent, not the victims
        if s and j > trig - 4 and not (j >= 1 and lows[j - 1] in ("with", "against", "between", "and")):
            sides.add(s)
    return victims, sides


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


_VEHICLES = frozenset({
    "helicopter", "helicopters", "tank", "tanks", "aircraft", "plane", "planes", "jet", "jets",
    "bomber", "vehicle", "vehicles", "truck", "apc", "bmp", "howitzer", "boat", "ship",
    "gunship", "airplane", "warplane",
})
_CREW_WORDS = frozenset({"crew", "crews", "crewmen", "crewman", "crewmembers"})


def _crew(lows: list[str], m: Mention) -> None:
    """ "its crew of three", "all three crewmen": the crew of a military vehicle are
    soldiers (README §7) and belong to the vehicle's party ("an Armenian T-72 tank with
    a crew of three"; the crew of a Russian helicopter is a third party, README §6)."""
    q = m.qstart
    if q >= 2 and lows[q - 1] == "of" and lows[q - 2] in ("crew", "crews") and not m.head:
        m.head, m.victims = "crew", "soldiers"
    elif not (m.head in _CREW_WORDS or m.np_end < len(lows) and m.head == "" and
              lows[m.np_end - 1] in _CREW_WORDS):
        return
    if m.sides & {"armenia", "azerbaijan", "third"}:
        return
    for v in range(q - 1, max(-1, q - 25), -1):
        if lows[v] in _VEHICLES:
            for a in range(v - 1, max(-1, v - 7), -1):
                side = _affiliation(lows[a])
                if side:
                    m.sides.add(side)
                    return
                if lows[a] in ("a", "an", "the", "its", "their", "one", "his", ",", ";"):
                    break
            return


_CONFIRM_VERBS = frozenset({
    "confirmed", "confirms", "confirm", "acknowledged", "acknowledges", "acknowledge",
    "admitted", "admits", "admit", "conceded", "concedes", "concede", "verified",
    "registered", "recorded", "records", "counted", "counts", "identified", "named",
})
_CONDITION_WORDS = frozenset({"condition", "conditions", "state", "critical", "serious",
                              "grave", "intensive", "hospitalised", "hospitalized"})
_ONLY_WORDS = frozenset({"only", "just", "merely", "a", "mere", "so", "far"})


def _mentions(toks: list[Token], lows: list[str], text: str) -> tuple[list[Mention], list[Mention]]:
    """Number mentions and singular victims of a sentence (before any filtering)."""
    numbers = find_numbers(toks, text)
    mentions = [mention_from_number(toks, e) for e in numbers]
    share_heads(toks, mentions)
    for m in mentions:
        _crew(lows, m)
    taken: set[int] = set()
    for m in mentions:
        taken.update(range(m.qstart, max(m.last, m.np_end)))
    singles = [s for s in singular_mentions(toks, taken) if s.qstart not in taken]
    # a number inside a singular victim's phrase counts relatives ("a mother of three")
    spans = [(s.qstart, s.np_end) for s in singles if s.np_end > s.qstart + 2]
    if spans:
        mentions = [m for m in mentions if not any(a < m.qstart < b for a, b in spans)]
    mentions = _partitives(lows, mentions)
    return mentions, singles


def _not_a_victim_count(m: Mention, lows: list[str], update_sentence: bool,
                        conflict_ctx: ConflictContext) -> bool:
    """True when mention ``m`` counts no victims of this conflict: a hard skip (date,
    unit, age …), a non-victim noun, another war or accident, an agent ("two soldiers told
    reporters"), a superseded value, a settlement, crowd or population."""
    if m.skip in _SKIP_HARD:
        return True
    if m.skip == "year?" and not (m.head and m.victims):
        return True
    if m.nonvictim:
        return True
    if conflict_ctx.non_conflict(m.qstart, m.np_end,
                                 bool(m.sides & {"armenia", "azerbaijan"})):
        return True  # another war, or an accident, disaster or crime (README §3)
    if m.head and not m.category and m.kind in ("num", "vague") \
            and m.np_end < len(lows) and lows[m.np_end] in _AGENT_VERBS:
        return True  # "two soldiers told reporters …", "thousands of Armenians lined …"
    q = m.qstart
    prev1 = lows[q - 1] if q >= 1 else ""
    prev2 = lows[q - 2] if q >= 2 else ""
    k = q - 1
    while k >= max(0, q - 6) and (lows[k] in _SUPERSEDED_FILLER or lows[k] in TOLL_WORDS):
        k -= 1  # "from the 50", "from an earlier figure of 15"
    if k >= 0 and lows[k] == "from" and (update_sentence or (k >= 1 and lows[k - 1] in ("up", "down"))):
        return True  # superseded value: "raised the toll from 49 to 105", "71, up from the 50 …"
    if (prev1 == "of" and prev2 in _SETTLEMENT_OR_CROWD) or (
            prev1 == "by" and prev2 in _CROWD_VERBS and not m.head):
        return True  # "a town of some 4,000 people", "a march attended by thousands"
    if (prev2, prev1) in (("out", "of"), ("population", "of"), ("home", "to")) or (
            prev1 == "of" and prev2 in ("population", "total", "estimated")
            and m.kind == "num" and not m.head):
        return True
    if m.np_end < len(lows) and lows[m.np_end] in _POPULATION and not m.category:
        return True
    return False


def _age_in_parentheses(lows: list[str], m: Mention, cands: list[Mention]) -> bool:
    """A bare number in parentheses right after a singular victim's name is an age."""
    if m.head or m.kind != "num" or m.qstart < 1 or lows[m.qstart - 1] != "(":
        return False
    if m.np_end >= len(lows) or lows[m.np_end] != ")" or not cands:
        return False
    prev = cands[-1]
    return prev.kind == "single" and prev.qstart < m.qstart and all(
        w.isalpha() or w in (".", "-") for w in lows[prev.np_end:m.qstart - 1])


def _candidates(toks: list[Token], lows: list[str], mentions: list[Mention],
                singles: list[Mention]) -> list[Mention]:
    """The mentions that may count victims of this conflict, in order (README §3: not a
    superseded value, a population, a crowd, another war, a member of a counted group)."""
    update_sentence = any(w in UPDATE_VERBS or w in TOLL_WORDS for w in lows)
    cands: list[Mention] = []
    member_end = -1  # end of the last singular member of a counted group
    conflict_ctx = ConflictContext(toks, lows)
    appos_until = -1  # inside an apposition of the last singular victim
    for m in sorted(mentions + singles, key=lambda x: x.qstart):
        if m.qstart < appos_until:
            continue  # "Sergeant X, 19, a contract serviceman from Vanadzor, was killed"
        if m.kind == "single":
            _apposition(lows, m)
            appos_until = m.appos_end
        if _not_a_victim_count(m, lows, update_sentence, conflict_ctx):
            continue
        q = m.qstart
        prev1 = lows[q - 1] if q >= 1 else ""
        prev2 = lows[q - 2] if q >= 2 else ""
        if m.kind in ("single", "pronoun"):
            if prev1 in ("including", "includes", "include") or (prev2, prev1) in (
                    ("among", "them"), ("among", "whom"), ("such", "as"), ("of", "whom")):
                member_end = m.np_end
                continue
            if prev1 in ("as", "like", "such"):
                continue
            if prev1 in ("and", ",") and q - 1 == member_end:
                # "among them a 14-year-old girl and her mother": still members of the group
                member_end = m.np_end
                continue
        elif prev1 in ("including", "includes", "include"):
            member_end = m.np_end  # "four civilians, including two women and a girl"
        elif _age_in_parentheses(lows, m, cands):
            continue  # "Private Ali Aliyev (21) was wounded": an age
        cands.append(m)
    return cands


def _subset_after_group(lows: list[str], cands: list[Mention], cats: list[tuple[str, int, str]],
                        lims: list[tuple[int, int]], ctx: DocumentContext) -> None:
    """A parenthetical numeric subset ("killing 13 civilians, including two children, and
    injuring 50 others") belongs to the group before it: same category, not the verb after."""
    for k in range(1, len(cands)):
        m = cands[k]
        if m.kind in ("num", "vague") and cats[k - 1][0] and _is_subset(lows, m) \
                and m.np_end < len(lows) and (lows[m.np_end] in (",", ")") or (
                    lows[m.np_end] == "and" and cats[k - 1][1] > m.np_end)) \
                and cands[k - 1].np_end <= m.qstart:
            cats[k] = (cats[k - 1][0], cats[k - 1][1], "subset")


def _among_frame(lows: list[str], cands: list[Mention], cats: list[tuple[str, int, str]],
                 lims: list[tuple[int, int]], ctx: DocumentContext) -> None:
    """"among the dead were a boy and his mother": singular victims named by a frame before
    the copula (not when the sentence or the one before already counts that category: then
    they are members of a counted group, README §3)"""
    for k, m in enumerate(cands):
        if cats[k][0] or m.kind != "single":
            continue
        q = m.qstart
        if k > 0 and cats[k - 1][2] == "among" and lows[cands[k - 1].np_end:q] in (
                ["and"], [","], [",", "and"]):
            cats[k] = cats[k - 1]
            continue
        if q < 1 or lows[q - 1] not in ("were", "was", "are", "is"):
            continue
        for a in range(q - 2, max(lims[k][0], q - 14) - 1, -1):
            if lows[a] == "among" and a + 2 < q and lows[a + 1] == "the":
                cat = _trigger_at(lows, a + 2, False)
                counted = (ctx.last is not None and ctx.last["category"] == cat) or any(
                    c.kind in ("num", "vague") and cats[i][0] == cat
                    for i, c in enumerate(cands[:k]))
                if cat and not counted:
                    cats[k] = (cat, a + 2, "among")
                break


def _subset_in_later_group(lows: list[str], cands: list[Mention], cats: list[tuple[str, int, str]],
                           lims: list[tuple[int, int]], ctx: DocumentContext) -> None:
    """A subset placed in a later group: "eight police officers were among the 22 people
    hurt"."""
    for k in range(len(cands) - 2, -1, -1):
        if not cats[k][0] and cands[k].head and cands[k].kind in ("num", "vague") and cats[k + 1][0] \
                and lows[cands[k].np_end:cands[k + 1].qstart] in _AMONG_GAPS:
            cats[k] = (cats[k + 1][0], cats[k + 1][1], "coord")


_HEDGES = frozenset({"likely", "possibly", "perhaps", "probably", "even", "maybe",
                     "potentially", "reportedly"})


_BACK_SUBJECTS = frozenset({"these", "they", "this", "the", "that", "those"})
_INCLUDE_VERBS = frozenset({"include", "includes", "included", "including"})


def _refers_back(lows: list[str]) -> bool:
    """A sentence that opens by naming the parts of the figure before ("These include …",
    "This number allegedly includes …", "They included …")."""
    return bool(lows) and lows[0] in _BACK_SUBJECTS and any(
        w in _INCLUDE_VERBS for w in lows[1:5])


def _group_of_previous_sentence(lows: list[str], cands: list[Mention],
                                cats: list[tuple[str, int, str]],
                                lims: list[tuple[int, int]], ctx: DocumentContext) -> None:
    """The parts named by "These include 8 hostages and 6 prisoners of war" take the
    category of the figure of the sentence before when they have none of their own."""
    if ctx.last is None or not _refers_back(lows):
        return
    for k, m in enumerate(cands):
        if not cats[k][0] and m.kind in ("num", "vague") and (m.head or m.category):
            cats[k] = (ctx.last["category"], -1, "subset")


def _hedged_alternative(lows: list[str], cands: list[Mention], cats: list[tuple[str, int, str]],
                        lims: list[tuple[int, int]], ctx: DocumentContext) -> None:
    """A bare number coordinated with a hedged one ("at least 2,415 and likely more than
    3,000 Armenians died"): two figures of the same victims and category."""
    for k in range(len(cands) - 2, -1, -1):
        m, nxt = cands[k], cands[k + 1]
        if cats[k][0] or m.head or m.kind != "num" or not cats[k + 1][0] or not nxt.head:
            continue
        gap = lows[m.last:nxt.qstart]
        if len(gap) >= 2 and gap[0] in ("and", "or") and all(w in _HEDGES for w in gap[1:]):
            m.head, m.victims, m.sides = nxt.head, nxt.victims, m.sides | nxt.sides
            cats[k] = (cats[k + 1][0], cats[k + 1][1], "coord")


def _coordinated_before(lows: list[str], cands: list[Mention], cats: list[tuple[str, int, str]],
                        lims: list[tuple[int, int]], ctx: DocumentContext) -> None:
    """Coordination: "two journalists and a local official were killed"."""
    for k in range(len(cands) - 2, -1, -1):
        if not cats[k][0] and cands[k].kind in ("num", "vague", "single") and cands[k].head:
            gap = lows[cands[k].np_end:cands[k + 1].qstart]
            if (gap in (["and"], [","], [",", "and"], ["or"], [",", "including"], ["including"],
                        [",", "among", "them"], [",", "of", "whom"])
                    or _modifier_then_and(gap)) and cats[k + 1][0]:
                cats[k] = (cats[k + 1][0], cats[k + 1][1], "coord")


def _singular_coordinated_after(lows: list[str], cands: list[Mention], cats: list[tuple[str, int, str]],
                                lims: list[tuple[int, int]], ctx: DocumentContext) -> None:
    """"killed 12 soldiers and a civilian driver", "were 12 soldiers and a driver": a
    singular victim coordinated after a figure whose trigger stands before both."""
    for k in range(1, len(cands)):
        m, p = cands[k], cands[k - 1]
        if cats[k][0] or m.kind != "single" or not cats[k - 1][0] \
                or not 0 <= cats[k - 1][1] < p.qstart or p.kind not in ("num", "vague", "single"):
            continue
        if lows[p.np_end:m.qstart] != ["and"]:
            continue
        after = lows[m.np_end] if m.np_end < len(lows) else "."
        if after in (",", ".", ";", "on", "in", "at", "near", "during", "from", "when", "as",
                     "after", "according", ")", "—", "-"):
            cats[k] = (cats[k - 1][0], cats[k - 1][1], "coord")


def _condition_subset(lows: list[str], cands: list[Mention], cats: list[tuple[str, int, str]],
                      lims: list[tuple[int, int]], ctx: DocumentContext) -> None:
    """A numeric subset described by its condition ("wounded 58 people, of whom 16 are in
    critical condition") is a subset of the wounded before it (README §3)"""
    for k in range(1, len(cands)):
        m = cands[k]
        if cats[k][0] or m.head or m.kind != "num" or cats[k - 1][0] not in (
                "wounded", "casualties") or not _is_subset(lows, m):
            continue
        if any(w in _CONDITION_WORDS for w in lows[m.np_end:m.np_end + 7]):
            cats[k] = ("wounded", cats[k - 1][1], "subset")


def _gapped_figure(lows: list[str], cands: list[Mention], cats: list[tuple[str, int, str]],
                   lims: list[tuple[int, int]], ctx: DocumentContext) -> None:
    """Gapping: "Azerbaijan lost 2,906 troops and Armenia 3,825": a bare number after a
    coordinated party repeats the category of the figure before it."""
    for k in range(1, len(cands)):
        m = cands[k]
        if cats[k][0] or m.head or m.kind != "num" or not cats[k - 1][0]:
            continue
        gap = lows[cands[k - 1].np_end:m.qstart]
        after = lows[m.np_end] if m.np_end < len(lows) else "."
        if 2 <= len(gap) <= 9 and party_of(gap[-1]) and gap[-2] in ("and", ",", "while") \
                and after in (".", ",", ";", "respectively") \
                and not any(w in TRIGGERS or w in REPORT_VERBS for w in gap):
            cats[k] = (cats[k - 1][0], cats[k - 1][1], "coord")


def _confirmed_ellipsis(lows: list[str], cands: list[Mention], cats: list[tuple[str, int, str]],
                        lims: list[tuple[int, int]], ctx: DocumentContext) -> None:
    """An elliptical figure as the object of a confirming verb repeats the category of the
    figure before it: "… more than 40 soldiers died, but the ministry has confirmed only
    12"."""
    for k in range(1, len(cands)):
        m = cands[k]
        if cats[k][0] or m.head or m.kind != "num" or not cats[k - 1][0]:
            continue
        b = m.qstart - 1
        while b >= 0 and lows[b] in _ONLY_WORDS:
            b -= 1
        after = lows[m.np_end] if m.np_end < len(lows) else "."
        if b > cands[k - 1].np_end and lows[b] in _CONFIRM_VERBS and after in (
                ".", ",", ";", "so", "by", "as", "on", "in", "of", "and", ")"):
            cats[k] = (cats[k - 1][0], cats[k - 1][1], "ellipsis")


def _totals_and_coordination(lows: list[str], cands: list[Mention], cats: list[tuple[str, int, str]],
                             lims: list[tuple[int, int]], ctx: DocumentContext) -> None:
    """_totals_and_coordination."""
    for k in range(1, len(cands)):
        m = cands[k]
        if not cats[k][0] and not m.head and m.kind == "num" and cats[k - 1][0] and (any(
                lows[j] in TOLL_WORDS for j in range(max(0, m.qstart - 4), m.qstart))
                or (m.qstart >= 1 and lows[m.qstart - 1] in ("to", "at") and any(
                    lows[j] in TOLL_WORDS
                    for j in range(max(cands[k - 1].np_end, m.qstart - 9), m.qstart)))):
            # "…, bringing its total since the fighting began to 710": the stated total
            cats[k] = (cats[k - 1][0], cats[k - 1][1], "total")
            continue
        gap = lows[cands[k - 1].np_end:m.qstart]
        if not cats[k][0] and m.kind == "num" and not m.head and gap == ["or"] \
                and cats[k - 1][0] and (m.np_end >= len(lows) or lows[m.np_end] in (".", ",", ";", ")")):
            cats[k] = (cats[k - 1][0], cats[k - 1][1], "coord")  # "Wounded: 20,000 or 50,000"
            continue
        if cats[k][0] or m.kind not in ("num", "vague") or not (m.head or m.inherit):
            continue
        if gap == ["for"] and cats[k - 1][0] == "captured" and any(
                w in _SWAP_WORDS for w in lows[:m.qstart]):
            # "swapped 32 Armenian soldiers for two Azerbaijani servicemen"
            cats[k] = (cats[k - 1][0], cats[k - 1][1], "coord")
            continue
        if gap and gap[-1] in ("and", ",", "including", "plus", "them", "whom", "(", "or") and len(gap) <= 4 \
                and cats[k - 1][0]:
            after = lows[m.np_end] if m.np_end < len(lows) else "."
            if after in (",", ".", ";", "on", "in", "at", "during", "and", "from", "near",
                         ")", "since", "after", "when", "as", "according", "across", "over",
                         "were", "was", "combined", "respectively", "-", "—", "among"):
                cats[k] = (cats[k - 1][0], cats[k - 1][1], "coord")


#: the category passes, in order: each gives a mention without a category of its own the
#: category of a neighbour when the structure says they share it (a new structure is a new
#: entry here)
_CATEGORY_PASSES = (
    _hedged_alternative,
    _group_of_previous_sentence,
    _subset_after_group,
    _among_frame,
    _subset_in_later_group,
    _coordinated_before,
    _singular_coordinated_after,
    _condition_subset,
    _gapped_figure,
    _confirmed_ellipsis,
    _totals_and_coordination,
)


@dataclass
class _Sentence:
    """One sentence under analysis: its tokens, side cues, candidate mentions with their
    (category, trigger, how) and trigger windows, clause breaks, and the document context."""

    toks: list[Token]
    lows: list[str]
    cues: SentenceCues
    has_party: bool
    cands: list[Mention]
    cats: list[tuple[str, int, str]]
    lims: list[tuple[int, int]]
    breaks: list[int]
    ctx: DocumentContext
    third: bool  # a third-party body reports in this sentence (claimant.third_party_reports)
    refers_back: bool = False  # "These include …": the figures are parts of the one before


def _hypothetical(s: _Sentence, m: Mention, cat: str, trig: int, left: int) -> bool:
    """A modal or conditional word between the figure and its trigger ("could kill
    thousands", "will not exceed 4,000"); a reported planned return is not one."""
    lows, toks = s.lows, s.toks
    lo = max(left, m.qstart - 10)
    hi = max(trig, m.np_end) if trig >= 0 else m.np_end
    return any(lows[j] in HYPOTHETICAL and not (lows[j] == "may" and toks[j].text == "May")
               and not (j + 1 < len(lows) and lows[j + 1] in ("have", "also")
                        and lows[j] not in ("could", "would", "should"))
               and not _reported_commitment(lows, j, cat)
               for j in range(lo, min(hi + 1, len(lows))))


def _framed_victims(s: _Sentence, m: Mention, trig: int, how: str,
                    left: int, right: int) -> tuple[str, set[str], bool]:
    """(victims, sides, framed) from the phrase after the noun phrase and from a toll frame
    before an elliptical figure ("the number of its own soldiers killed at 11")."""
    lows = s.lows
    post_victims, post_sides = _post_np(lows, m, right)
    if how == "left" and not m.head and (
            lows[trig] in _FRAME_NOUNS or lows[trig] in TOLL_WORDS
            or (trig > 0 and lows[trig - 1] in TOLL_WORDS)
            or any(w in TOLL_WORDS for w in lows[left:trig])):
        fv, fs = _frame(lows, trig, left, m.qstart)
        return post_victims or fv, post_sides | fs, bool(fv or fs)
    return post_victims, post_sides, False


def _victims(s: _Sentence, m: Mention, post_victims: str, elliptical: bool,
             inherit_from: dict | None, left: int) -> str:
    """soldiers/civilians/people of a figure (README §7)."""
    victims = m.victims
    if post_victims and (not victims or post_victims == "people" or m.head in (
            "casualties", "deaths", "fatalities", "dead", "bodies", "remains", "lives")):
        victims = post_victims if not (m.victims and post_victims == "people"
                                       and m.head in ("casualties", "deaths")) else victims
    if not m.victims and victims in ("", "people"):
        victims = _losses_victims(s.lows, m.qstart, left) or victims
    if not victims:
        if (m.inherit or elliptical) and inherit_from is not None:
            victims = inherit_from["victims"]
        else:
            victims = "people"
    if s.ctx.in_list and s.ctx.label_victims and victims == "people":
        victims = s.ctx.label_victims  # "Civilian deaths:" over "• 4,000 Armenians"
    return victims


def _is_elliptical(s: _Sentence, m: Mention, trig: int, how: str, left: int, framed: bool) -> bool:
    """A bare number that refers back to the victims of the figure before ("… and 35")."""
    if m.head or m.kind not in ("num", "vague"):
        return False
    if how == "left" and any(s.lows[j] in TOLL_WORDS for j in range(max(left, trig - 3), trig + 2)):
        return False  # "a combined toll of 102": a total, not an ellipsis
    return not framed  # "the number of its own soldiers killed at 11": the frame names them


def _gapped_side(s: _Sentence, k: int, side: str, prev_fig: dict) -> str:
    """Gapping: "Armenia lost 3,825 servicemen and Azerbaijan 2,908" (also "put its losses
    at 3,825 and Azerbaijan at 2,908"): the party before the number stands where the subject
    of the first figure stood."""
    lows, m = s.lows, s.cands[k]
    gap = m.qstart - 1 if m.qstart >= 1 and lows[m.qstart - 1] != "at" else m.qstart - 2
    if k == 0 or gap < 1 or lows[gap - 1] not in ("and", ",", "while", "whereas"):
        return side
    gap_party = party_of(lows[gap])
    p = s.cands[k - 1]
    subj = [party_of(w) for w in lows[s.lims[k - 1][0]:p.qstart] if party_of(w)]
    if gap_party and subj and subj[0] == prev_fig["side"] != gap_party:
        return gap_party
    return side


def _is_background(s: _Sentence, k: int, right: int, prev_fig: dict | None) -> bool:
    """The figure's clause dates it to a past war or period (module :mod:`period`); a
    figure coordinated with a background figure in the same clause is background too."""
    m, breaks = s.cands[k], s.breaks
    b = bisect_left(breaks, m.qstart)
    lo = max(m.qstart - 14, breaks[b - 1] + 1 if b > 0 else 0)
    if background(s.lows, lo, right):
        return True
    return bool(prev_fig is not None and prev_fig["background"] and k > 0
                and bisect_left(breaks, s.cands[k - 1].np_end) == b)


def _figure(s: _Sentence, k: int, prev_fig: dict | None) -> dict | None:
    """The figure of candidate ``k`` (None when it has no category or is hypothetical,
    or a domestic arrest)."""
    m, lows, ctx = s.cands[k], s.lows, s.ctx
    cat, trig, how = s.cats[k]
    if not cat:
        return None
    left, right = s.lims[k]
    if _hypothetical(s, m, cat, trig, left):
        return None
    if cat == "captured" and any(w in _DOMESTIC for w in lows) and not m.victims == "soldiers" \
            and not _held_by_opponent(m, s.cues):
        return None
    if cat == "bodies_returned" and not any(
            w in RETURN_WORDS for w in lows[max(0, min(left, m.qstart - 14)):right + 4]):
        cat = "killed"  # bodies counted with no handover or recovery in their clause: the dead
    post_victims, post_sides, framed = _framed_victims(s, m, trig, how, left, right)
    inherit_from = prev_fig if prev_fig is not None else (ctx.last if m.inherit else None)
    elliptical = _is_elliptical(s, m, trig, how, left, framed)
    victims = _victims(s, m, post_victims, elliptical, inherit_from, left)
    # "Azerbaijan put its losses at 80 dead and Armenia reported 207 killed": a party
    # reporting between the figures reports its own (README §6.3), not the same side
    # (a bare number after the other party's verb is its count of the same victims:
    # "…; Azerbaijan acknowledged just four", "Baku puts the number at 30")
    own_report = elliptical and m.category and not m.inherit and k > 0 and _own_report_between(
        lows, s.cands[k - 1].np_end, m.qstart)
    inherits = m.inherit or (elliptical and prev_fig and not own_report) or (
        prev_fig and _is_subset(lows, m))
    side = _decide_side(s.toks, lows, m, cat, trig, how, post_sides, s.cues, ctx, s.has_party,
                        inherit_from if inherits else None, left, right)
    if side == "unknown" and s.refers_back:
        side = ctx.last["side"]  # "23 Armenians are held in Baku. These include 9 hostages"
    if elliptical and prev_fig is not None:
        side = _gapped_side(s, k, side, prev_fig)
    return {
        "count": m.value, "count_high": m.high, "qualifier": m.qualifier,
        "category": cat, "side": side, "victims": victims,
        "claimed_by": claimant(s.cues, lows, m.first, ctx.claimant, s.third),
        "background": _is_background(s, k, right, prev_fig),
    }


def _drop_increments(lows: list[str], infos: list[tuple[Mention, dict]]) -> list[dict]:
    """The figures without the increments whose new total the sentence states ("27 more
    … toll rose to 729" gives 729); the total takes the increment's side when it has none
    ("a further two Armenian servicemen died …, bringing the toll to 3,791")."""
    totals = {f["category"] for o, f in infos if not o.increment and any(
        lows[j] in _TOTAL_CUES for j in range(max(0, o.qstart - 3), o.qstart))}
    dropped = {f["category"]: f["side"] for o, f in infos
               if o.increment and f["category"] in totals and f["side"] != "unknown"}
    figures = []
    for m, fig in infos:
        if m.increment and fig["category"] in totals:
            continue
        if not m.increment and fig["side"] == "unknown" and fig["category"] in dropped:
            fig["side"] = dropped[fig["category"]]
        figures.append(fig)
    return figures


def _sentence_figures(text: str, start: int, end: int, ctx: DocumentContext) -> list[dict]:
    """Figures of the sentence ``text[start:end]``; updates ``ctx`` for the next one."""
    sentence = text[start:end]
    if not _may_hold_figure(sentence) and not (ctx.in_list and ctx.label_category):
        # keep the cross-sentence reporter only when this sentence names no party
        low = sentence.lower()
        party = any(p in low for p in _PARTY_STEMS)
        if party or "village" in low or "district" in low or (
                ("said" in low or "according" in low or "report" in low)
                and any(b in low for b in _THIRD_PARTY_STEMS)):
            _reporter_only(sentence, start, ctx, party)
        return []
    toks = _war_names(tokenize(sentence, start))
    lows = [t.low for t in toks]
    cues = find_cues(toks)
    has_party = bool(cues.parties)
    if cues.reporters:
        ctx_reporter_next = cues.reporters[-1][1]
    elif has_party:
        ctx_reporter_next = ""
    else:
        ctx_reporter_next = ctx.reporter
    mentions, singles = _mentions(toks, lows, text)
    cands = _candidates(toks, lows, mentions, singles)
    breaks = [i for i, w in enumerate(lows) if w in _CLAUSE_BREAKS]
    cats: list[tuple[str, int, str]] = []
    lims: list[tuple[int, int]] = []
    for k in range(len(cands)):
        left, right = _limits(toks, cands, k, breaks)
        lims.append((left, right))
        cats.append(_category(toks, lows, cands, k, left, right))
    for category_pass in _CATEGORY_PASSES:
        category_pass(lows, cands, cats, lims, ctx)
    _heading_categories(ctx, cands, cats)
    _parenthetical_tallies(lows, cands, cats)
    sent = _Sentence(toks, lows, cues, has_party, cands, cats, lims, breaks, ctx,
                     third_party_reports(lows), _refers_back(lows) and ctx.last is not None)
    infos: list[tuple[Mention, dict]] = []
    prev_fig: dict | None = None
    for k, m in enumerate(cands):
        fig = _figure(sent, k, prev_fig)
        if fig is None:
            continue
        infos.append((m, fig))
        if not (prev_fig is not None and _is_subset(lows, m)):
            prev_fig = fig  # a numeric subset ("including two children") is not what an
            # ellipsis or "others" after it refers back to: that is the group it belongs to
    figures = _drop_increments(lows, infos)
    if figures:
        ctx.last = figures[-1]
    ctx.reporter = ctx_reporter_next or (ctx.label_side if ctx.in_list else "")
    ctx.claimant = sentence_claimant(cues, lows, sent.third) or ctx.claimant
    ctx.place = location_side(cues) or ("" if cues.places else ctx.place)
    return figures


def _partitives(lows: list[str], mentions: list[Mention]) -> list[Mention]:
    """ "8 of the 21 individuals died": the part is the figure, with the whole's noun; the
    whole restates a group already counted and is dropped."""
    by_start = {m.qstart: m for m in mentions if m.kind == "num"}
    drop: set[int] = set()
    for m in mentions:
        if m.kind != "num" or m.head or m.np_end + 2 >= len(lows):
            continue
        if lows[m.last:m.last + 2] != ["of", "the"]:
            continue
        whole = by_start.get(m.last + 2)
        if whole is None or not whole.head or whole.value <= m.value:
            continue
        m.head, m.victims, m.np_end = whole.head, whole.victims, whole.np_end
        m.sides |= whole.sides
        m.nonvictim = whole.nonvictim
        drop.add(id(whole))
    return [m for m in mentions if id(m) not in drop] if drop else mentions


def _heading_categories(ctx: DocumentContext, cands: list[Mention],
                        cats: list[tuple[str, int, str]]) -> None:
    """A list item's leading number with no trigger of its own takes the category of the
    heading over the list ("Civilian deaths:" over "• 16,000 Azerbaijani civilians")."""
    if not (ctx.in_list and ctx.label_category):
        return
    for k, m in enumerate(cands):
        if not cats[k][0] and m.kind in ("num", "vague") and m.qstart <= 1:
            cats[k] = (ctx.label_category, -1, "label")


def _parenthetical(lows: list[str], m: Mention) -> bool:
    """A count in parentheses after a name: "Stepanakert (7 people)"."""
    return (m.qstart >= 2 and lows[m.qstart - 1] == "(" and m.np_end < len(lows)
            and lows[m.np_end] == ")")


def _parenthetical_tallies(lows: list[str], cands: list[Mention],
                           cats: list[tuple[str, int, str]]) -> None:
    """A list of per-place tallies ("… in Stepanakert (7 people), Martuni (6 people) and
    Hadrut (1 person)") repeats the category of its first item."""
    for k in range(1, len(cands)):
        if not cats[k][0] and cats[k - 1][0] and _parenthetical(lows, cands[k]) \
                and _parenthetical(lows, cands[k - 1]):
            cats[k] = (cats[k - 1][0], cats[k - 1][1], "coord")


_REGION_WORDS = frozenset({"karabakh", "artsakh"})
_WAR_NAME_HEADS = frozenset({"war", "wars", "conflict", "conflicts"})


def _war_names(toks: list[Token]) -> list[Token]:
    """A region in a war's name ("the Karabakh conflict", "the Nagorno-Karabakh war") names
    the war between both parties, not one party: its token is renamed so that no side rule
    reads it as Armenian."""
    for i in range(len(toks) - 1):
        if toks[i].low in _REGION_WORDS and toks[i + 1].low in _WAR_NAME_HEADS:
            toks[i] = toks[i]._replace(low="karabakh-war")
    return toks


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


_APPOS_PREDICATE = frozenset({"was", "were", "had", "has", "is", "died", "succumbed",
                              "became", "received", "sustained", "suffered", "went"})
_APPOS_STOP = frozenset({"was", "were", "had", "has", "is", "are", "and", "or", "who",
                         "which", "that", "when", "while", "said", "says", ";", ":", "."})


def _apposition(lows: list[str], m: Mention) -> None:
    """Mark an apposition after a singular victim ("Lieutenant Colonel A. Aliyev, the
    commander of an Azerbaijani battalion, died …", "its pilot, Major V. Danielyan, was
    killed"): the predicate follows it, and a party it names is the victim's."""
    n = len(lows)
    e = m.np_end
    if e + 1 >= n or lows[e] != ",":
        return
    if lows[e + 1] in _APPOS_PREDICATE and m.qstart >= 1 and lows[m.qstart - 1] == ",":
        m.appos_end = e + 1  # the victim is itself the apposition: closing comma
        return
    for c in range(e + 1, min(n - 1, e + 16)):
        w = lows[c]
        if w == ",":
            if c > e + 1 and lows[c + 1] in _APPOS_PREDICATE:
                for j in range(e + 1, c):
                    s = _affiliation(lows[j])
                    if s:
                        m.sides.add(s)
                m.appos_end = c + 1
            if c + 1 < n and lows[c + 1] not in ("a", "an", "the") and not (
                    c > e + 1 and lows[c - 1].isdigit()):
                return
            continue  # "X, 19, a contract serviceman …,": an age, then the apposition
        if w in _APPOS_STOP or w in TRIGGERS:
            return


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


def _losses_victims(lows: list[str], q: int, left: int) -> str:
    """Victims named by a modifier in a losses frame right before the value: "put its
    military losses at 3,520 dead", "the civilian toll to 61" (README §7: military
    deaths / military dead are soldiers)."""
    if q < 3 or lows[q - 1] not in ("at", "to"):
        return ""
    for j in range(q - 2, max(left, q - 4) - 1, -1):
        if lows[j] in _LOSS_NOUNS:
            for k in range(j - 1, max(left, j - 4) - 1, -1):
                if lows[k] in SOLDIER_MODIFIERS:
                    return "soldiers"
                if lows[k] in CIVILIAN_MODIFIERS:
                    return "civilians"
                if lows[k] not in ("own", "overall", "death", "total", "official", "combat",
                                   "armenian", "azerbaijani", "'", "’", "s"):
                    break
            return ""
    return ""


def extract_figures(text: str) -> list[dict]:
    """Casualty figures stated in ``text``, each with its evidence sentence and offsets.

    >>> [(f["count"], f["side"], f["victims"]) for f in
    ...  extract_figures("At least 49 Armenian soldiers were killed.")]
    [(49, 'armenia', 'soldiers')]
    """
    if not isinstance(text, str) or not text:
        return []
    out: list[dict] = []
    ctx = DocumentContext()
    masked = _mask_footnotes(text)
    prev_end = 0
    for start, end in split_sentences(masked):
        sentence = text[start:end]
        gap = masked[prev_end:start] if prev_end else "\n"
        prev_end = end
        if ctx.begin(masked[start:end], gap):
            continue  # a list heading or column label: context for the lines under it
        figs = _sentence_figures(masked, start, end, ctx)
        if not figs:
            figs = _named_items(masked, start, end, ctx)
        for fig in figs:
            item = {k: fig[k] for k in FIELDS + EXTRA_FIELDS}
            item["sentence"] = sentence
            item["start"] = start
            item["end"] = end
            out.append(item)
    return out


def _named_items(text: str, start: int, end: int, ctx: DocumentContext) -> list[dict]:
    """A sentence with no figure that introduces a list of named victims sets the list's
    template; a named item under it is one victim (module :mod:`listing`)."""
    line = text[start:end]
    if ctx.item_template is not None and is_named_item(line):
        fig = {"count": 1, "count_high": None, "qualifier": "exact", **ctx.item_template}
        return [fig]
    if line.endswith(":"):
        tpl = list_template(tokenize(line, start))
        if tpl is not None:
            ctx.item_template = {**tpl, "claimed_by": ctx.claimant or "unknown",
                                 "background": False}
            ctx.in_list = True
    return []


def _mask_footnotes(text: str) -> str:
    """``text`` with footnote markers ("[9]", "[c]") blanked out, offsets unchanged: a
    footnote number is never a count (README "Casualty figures")."""
    if "[" not in text:
        return text
    return FOOTNOTE_RE.sub(lambda m: " " * len(m.group()), text)


_SUPERSEDED_FILLER = frozenset({"the", "a", "an", "its", "their", "his", "her", "of", "earlier", "previous",
                                "initial", "first", "official", "estimate", "reported"})


def _reported_commitment(lows: list[str], j: int, category: str) -> bool:
    """``would`` after a reporting verb is a reported ``will`` ("Baku said it would hand over 100 bodies").

    A planned handover, return or release is a figure; a reported forecast of deaths
    ("officials said a new war would kill thousands") stays hypothetical.
    """
    if lows[j] == "will" and category in ("bodies_returned", "captured", "displaced"):
        return True  # "Baku will hand over 30 bodies": a planned return is a figure
    return (lows[j] == "would" and category in ("bodies_returned", "captured")
            and any(w in REPORT_VERBS for w in lows[max(0, j - 8):j]))


def _held_by_opponent(m: Mention, cues: SentenceCues) -> bool:
    """True when captives of one party are named in a sentence that also names the other
    party ("a Baku court sentenced 13 Armenian detainees"): not a domestic arrest."""
    own = m.sides & {"armenia", "azerbaijan"}
    if len(own) != 1:
        return False
    other = OTHER[next(iter(own))]
    return any(side == other for _, side in cues.parties)
