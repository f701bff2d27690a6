"""The category of one mention: an ordered table of rules (:data:`_CATEGORY_RULES`).

Each rule looks at one structure (the noun phrase itself, a verb or event noun before it, a
toll's value, a singular victim's predicate, the nearest trigger in its window) and either
decides (a ``(category, trigger index, how)`` tuple) or passes (None).

>>> from monitor.casualties.tokens import tokenize
>>> from monitor.casualties.numbers import find_numbers
>>> from monitor.casualties.phrases import mention_from_number
>>> text = "Azerbaijani shelling killed 21 civilians."
>>> toks = tokenize(text)
>>> ms = [mention_from_number(toks, e) for e in find_numbers(toks, text)]
>>> _category(toks, [t.low for t in toks], ms, 0, 0, len(toks))
('killed', 2, 'verb')
"""

from __future__ import annotations

from bisect import bisect_left

from .lexicon import (
    LABEL_CATEGORIES,
    TOLL_WORDS,
    TRANSITIVE,
    TRIGGERS,
    UPDATE_VERBS,
    WEAK_TRANSITIVE,
)
from .phrases import Mention
from .tokens import Token
from .triggers import _trigger_at


_AUX = frozenset({"were", "was", "had", "have", "has", "been", "are", "is", "be", "being",
                  "reportedly", "also", "later", "all", "subsequently", "then", "now",
                  "since", "so", "far", "believed", "to", "confirmed", "officially"})


#: words before "the remains/bodies of N" that make it forensic work, not a return
_FORENSIC_WORDS = frozenset({"examination", "examinations", "examined", "forensic",
                             "identification", "identified", "identify", "dna", "exhumation",
                             "exhumed", "autopsy", "autopsies", "analysis", "tests", "testing"})


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


_NOT_IN_POSTMOD = frozenset({",", "was", "were", "is", "are", "had", "has", "have", "been",
                             "who", "which", "that", "when", "while", "but"})


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
