"""Noun phrases after a number, and singular victims ("a soldier", "Private E. Aliyev").

A :class:`Mention` is a candidate figure before its category and side are known: the
number (or the singular determiner), the noun phrase it quantifies and what that phrase
says about victims and affiliation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .lexicon import (
    CATEGORY_NOUNS, CIVILIAN_MODIFIERS, CIVILIAN_NOUNS, OCCUPATION_NOUNS,
    NP_MODIFIERS, NUMBER_WORDS, PEOPLE_NOUNS, RANKS, SCALES, SOLDIER_MODIFIERS,
    SOLDIER_NOUNS, THIRD_PARTY, TOLL_WORDS, TRIGGERS, UPDATE_VERBS,
)
from .numbers import NumberExpr
from .side import party_of
from .tokens import Token, adjacent

POSSESSIVES = frozenset({"its", "their", "our", "his", "her", "them", "whom", "those", "the",
                         "these", "which"})
_COMPOUND_HEADS = frozenset({"deaths", "fatalities", "casualties", "bodies", "remains",
                             "lives", "injuries", "death", "fatality", "casualty"})
_COMPLEMENTS = frozenset({"hostage", "prisoner", "captive"})
#: words after "remains" that make it a verb ("… remains unknown", "remains in hospital")
_REMAINS_VERB_NEXT = frozenset({"unknown", "unclear", "uncertain", "in", "under", "a", "the",
                                "missing", "unaccounted", "at", "hospitalised", "hospitalized"})
_CONTINUATION = frozenset({"members", "member", "personnel", "staff"})
_PARTICIPLES = {"wounded": "wounded", "injured": "wounded", "dead": "killed",
                "killed": "killed", "missing": "missing", "captured": "captured",
                "hurt": "wounded", "displaced": "displaced"}
SINGULAR_NOUNS = frozenset({
    "soldier", "serviceman", "servicemember", "conscript", "officer", "guard", "reservist",
    "volunteer", "fighter", "peacekeeper", "pilot", "sergeant", "commander", "sniper",
    "civilian", "woman", "man", "child", "boy", "girl", "shepherd", "driver", "deminer",
    "journalist", "reporter", "resident", "villager", "farmer", "official", "grandson",
    "granddaughter", "teenager", "pensioner", "infant", "baby", "worker", "medic", "doctor",
    "nurse", "teacher", "student", "person", "herder", "cameraman", "photographer",
    "resident", "policeman", "mother", "father", "son", "daughter", "sapper", "crewman",
    "employee", "citizen", "contractor", "local", "labourer", "engineer", "mechanic",
    "wife", "husband", "brother", "sister", "grandmother", "grandfather", "grandchild",
    "nephew", "niece", "uncle", "aunt", "cousin", "neighbour", "neighbor", "schoolboy",
    "schoolgirl",
}) | OCCUPATION_NOUNS


@dataclass
class Mention:
    """A candidate figure: number span, noun phrase and what the phrase tells."""

    qstart: int                 # first token (incl. qualifier)
    first: int                  # first number token
    last: int                   # one past the number tokens
    np_end: int                 # one past the noun phrase
    value: int
    high: int | None
    qualifier: str
    kind: str                   # "num", "vague", "single", "pronoun"
    head: str = ""              # head noun (lower-case) or ""
    victims: str = ""           # soldiers/civilians/people from the phrase, "" if none
    category: str = ""          # category given by the phrase itself (casualties, bodies…)
    sides: set[str] = field(default_factory=set)  # armenia/azerbaijan/third from the phrase
    possessive: str = ""        # its/their/our… inside the phrase
    nonvictim: bool = False     # the number counts something else (tanks, days…)
    skip: str = ""
    increment: bool = False
    inherit: bool = False       # others/another/a third: take victims & side from previous
    appos_end: int = -1         # one past an apposition after a singular victim, if any
    adj_category: bool = False  # the category comes from a participle before the head


def _victim_class(word: str) -> str:
    """soldiers/civilians/people for a victim noun, else ""."""
    if word in SOLDIER_NOUNS:
        return "soldiers"
    if word in CIVILIAN_NOUNS:
        return "civilians"
    if word in PEOPLE_NOUNS:
        return "people"
    return ""


def _affiliation(word: str) -> str:
    """Side a single token points to ("armenian" -> armenia, a third party -> "third"), or ""."""
    return party_of(word) or ("third" if word in THIRD_PARTY else "")


def sides_named(words: list[str]) -> set[str]:
    """The sides the modifier words of a phrase point to ("Armenian", "Russian" -> {armenia, third})."""
    return {side for side in map(_affiliation, words) if side}


def _skip_age(toks: list[Token], j: int) -> int:
    """If toks[j:] is "19 - year - old" (or "19-year-old"), return the index after it."""
    n = len(toks)
    if j < n and (toks[j].is_digit or toks[j].low in NUMBER_WORDS):
        k = j + 1
        if k + 3 < n + 1 and k < n and toks[k].text == "-" and k + 1 < n \
                and toks[k + 1].low in ("year", "month") and k + 3 < n \
                and toks[k + 2].text == "-" and toks[k + 3].low == "old":
            return k + 4
    return j


def parse_np(toks: list[Token], start: int, m: Mention) -> None:
    """Read the noun phrase that starts at ``start`` into ``m`` (head, victims, sides)."""
    n = len(toks)
    j = _np_start(toks, start, m)
    head_idx = -1
    mods: list[str] = []
    steps = 0
    while j < n and steps < 8:
        steps += 1
        tok = toks[j]
        low = tok.low
        if low in ("-", "‑") and j + 1 < n and adjacent(toks[j - 1], tok):
            j += 1
            continue
        k = _skip_age(toks, j)
        if k != j:
            j = k
            continue
        if j == start and low in _PARTICIPLES and not (
                j + 1 < n and (_victim_class(toks[j + 1].low) or (
                    toks[j + 1].low in NP_MODIFIERS and toks[j + 1].low not in _FUNCTION_WORDS))):
            m.category = _PARTICIPLES[low]
            j += 1
            if m.category == "killed" and j + 1 < n and toks[j].low in ("and", "or") \
                    and _PARTICIPLES.get(toks[j + 1].low) == "wounded":
                m.category = "casualties"  # "82 dead and injured": one number, not split
                j += 2
            break
        vc = _victim_class(low)
        if low in CATEGORY_NOUNS and head_idx >= 0 and low in ("wounded", "injured", "missing"):
            break
        if head_idx >= 0 and low in CATEGORY_NOUNS and low not in _COMPOUND_HEADS:
            break
        if head_idx >= 0 and low == "remains" and j + 1 < n and toks[j + 1].low in _REMAINS_VERB_NEXT:
            break  # "120 others remains unknown": the verb, not "servicemen remains"
        if head_idx >= 0 and low in _COMPLEMENTS:
            # "took 16 villagers hostage": a predicative complement, not a compound head
            break
        if head_idx < 0 and low in _PARTICIPLES and _victim_noun_follows(toks, j + 1):
            mods.append(low)  # "60 seriously wounded Armenian fighters": a modifier
            j += 1
            continue
        if vc or low in CATEGORY_NOUNS:
            head_idx = j
            mods.append(low)
            j += 1
            # keep going through noun-noun compounds ("civilian fatalities", "crew members")
            continue
        if head_idx >= 0 and low in _CONTINUATION:
            j += 1
            continue
        if head_idx < 0 and (low in NP_MODIFIERS or _affiliation(low)):
            mods.append(low)
            j += 1
            continue
        if low in ("'", "’") and j + 1 < n and toks[j + 1].low == "s" and head_idx < 0:
            j += 2
            continue
        if head_idx < 0 and tok.text.isalpha() and j + 2 < n and toks[j + 1].low in ("'", "’") \
                and toks[j + 2].low == "s" and low not in _FUNCTION_WORDS:
            j += 3  # a possessor before the head: "two of the helicopter's crew members"
            continue
        break
    _finish_np(toks, m, j, head_idx, mods)


def _np_start(toks: list[Token], start: int, m: Mention) -> int:
    """Skip a partitive "of its/their …" or "of Armenian …" before the noun phrase (the
    possessive is kept on ``m``); the index where the phrase proper starts."""
    n, j = len(toks), start
    if j + 1 < n and toks[j].low == "of" and toks[j + 1].low in POSSESSIVES:
        if toks[j + 1].low in ("its", "their", "our", "his", "her"):
            m.possessive = toks[j + 1].low
        return j + 2
    if j < n and toks[j].low == "of" and j + 1 < n and _affiliation(toks[j + 1].low):
        return j + 1
    return j


def _finish_np(toks: list[Token], m: Mention, j: int, head_idx: int, mods: list[str]) -> None:
    """Set the phrase's end, head, sides and victims class once its words are read; mark a
    non-victim noun ("12 tanks") and possessive bodies ("Armenian soldiers' bodies")."""
    n = len(toks)
    if head_idx < 0:
        # nothing that names a victim: either elliptical ("35 wounded", "toll rose to 170")
        # or a non-victim noun ("12 tanks", "10 days")
        if j < n and toks[j].text.isalpha() and toks[j].low not in _FUNCTION_WORDS \
                and toks[j].low not in TRIGGERS and not m.category \
                and toks[j].low not in _HEDGE_WORDS:
            m.nonvictim = True
        m.np_end = j
    else:
        m.np_end = head_idx + 1
        m.head = toks[head_idx].low
    m.sides.update(sides_named(mods))
    _classify(m, mods)
    # possessive bodies: "Armenian soldiers' bodies"
    e = m.np_end
    if e + 1 < n and toks[e].low in ("'", "’"):
        nxt = e + 2 if e + 2 < n and toks[e + 1].low == "s" else e + 1
        if nxt < n and toks[nxt].low in ("bodies", "remains", "body"):
            m.category = "bodies_returned"
            m.np_end = nxt + 1


#: hedges between coordinated numbers ("2,415 and likely more than 3,000"): not a noun
_HEDGE_WORDS = frozenset({"likely", "possibly", "perhaps", "probably", "even", "maybe",
                          "potentially", "reportedly"})


def _victim_noun_follows(toks: list[Token], j: int) -> bool:
    """True when modifiers from ``j`` lead to a victim noun ("Armenian fighters")."""
    n = len(toks)
    for k in range(j, min(n, j + 4)):
        low = toks[k].low
        if _victim_class(low) and low not in CATEGORY_NOUNS:
            return True
        if low in ("and", "or", "of", "the", "its", "their", "our", "his", "her", "them",
                   "those", "these", "whom") or low in _PARTICIPLES or not (
                low in NP_MODIFIERS or _affiliation(low) or low in ("-", "‑")):
            return False
    return False


_FUNCTION_WORDS = frozenset({
    "were", "was", "had", "have", "has", "been", "are", "is", "be", "in", "on", "at",
    "during", "and", "or", "from", "since", "after", "before", "by", "with", "when", "as",
    "while", "including", "among", "of", "to", "for", "that", "who", "reportedly",
    "also", "more", "others", "reached", "rose", "stood", "now", "so", "far", "across",
    "near", "according", "the", "this", "last", "over", "until", "into", "but", "yet",
    "amid", "following", "within", "inside", "overnight", "alone", "total", "respectively",
    "later", "earlier", "each", "apiece", "will", "would", "could", "may", "might", "remain",
    "remained", "sustained", "suffered", "received", "found", "lost", "officially",
    "confirmed", "people", "a", "an", "altogether", "combined", "along", "this", "these",
    "whose", "which", "they", "he", "she", "it", "its", "their", "died", "perished",
    "still", "currently", "presumed", "feared", "thought", "listed", "considered", "being",
    "held", "taken", "went", "killed", "wounded", "injured", "dead", "missing",
})


def _classify(m: Mention, mods: list[str]) -> None:
    """Set ``victims`` (and the phrase's own category) from the head and its modifiers."""
    head = m.head
    if not head:
        return
    if head in ("others", "other", "more"):
        m.inherit = True
    if head in CATEGORY_NOUNS:
        cat = TRIGGERS.get(head, "")
        if head in ("dead",):
            cat = "killed"
        if head in ("casualties", "casualty") and "fatal" in mods:
            cat = "killed"
        if head in ("prisoners", "prisoner") and "war" in mods:
            cat = "captured"
        if cat and not m.category:
            m.category = cat
    if not m.category and head not in CATEGORY_NOUNS and head not in ("others", "other", "more"):
        # a participle before the victim noun: "120 wounded fighters", "nine badly injured
        # servicemen", "14 missing conscripts"
        adj = [_PARTICIPLES[w] for w in mods if w in _PARTICIPLES and w != "displaced"]
        if adj:
            m.category = adj[-1]
            m.adj_category = True
    if not m.category and "displaced" in mods and head not in CATEGORY_NOUNS:
        m.category = "displaced"  # "88,780 forcibly displaced persons" (README §5)
    victims = _victim_class(head)
    if head in CATEGORY_NOUNS or head in ("others", "victims"):
        # the victim class comes from a modifier, if any ("military deaths")
        victims = ""
        for w in mods:
            if w in SOLDIER_MODIFIERS or w in SOLDIER_NOUNS:
                victims = "soldiers"
            elif w in CIVILIAN_MODIFIERS or w in CIVILIAN_NOUNS:
                victims = "civilians"
        if head in ("others", "victims") and not victims:
            victims = "" if head == "others" else "people"
        if head in ("prisoners", "prisoner", "pows", "pow") and (
                "war" in mods or head in ("pows", "pow")):
            victims = "soldiers"
    if "peacekeepers" in mods or head.startswith("peacekeep"):
        m.sides.add("third")
    m.victims = victims


def finish_prisoners_of_war(toks: list[Token], m: Mention) -> None:
    """Extend "prisoners of war" so its victims are soldiers and category captured."""
    e = m.np_end
    if m.head in ("prisoners", "prisoner") and e + 1 < len(toks) and toks[e].low == "of" \
            and toks[e + 1].low == "war":
        m.np_end = e + 2
        m.victims = "soldiers"
        m.category = "captured"


def mention_from_number(toks: list[Token], e: NumberExpr) -> Mention:
    """Build a :class:`Mention` for a number expression and parse its noun phrase."""
    kind = "vague" if e.vague else "num"
    m = Mention(e.qstart, e.first, e.last, e.last, e.value, e.high, e.qualifier, kind,
                skip=e.skip)
    start = e.last
    if e.vague and start < len(toks) and toks[start].low == "of":
        start += 1
    elif start < len(toks) and toks[start].low in ("more", "new", "additional", "further"):
        m.increment = True
    another = e.qstart > 0 and toks[e.qstart - 1].low == "another"
    if e.qstart > 0 and toks[e.qstart - 1].low in ("another", "further", "additional"):
        m.increment = True
    n = len(toks)
    if (start + 1 < n and toks[start].low == "the" and toks[start + 1].low in TOLL_WORDS
            and e.qstart >= 2 and toks[e.qstart - 1].low == "to"
            and toks[e.qstart - 2].low in UPDATE_VERBS):
        # an inverted total, "bringing to 156 the number of servicemen hurt": the frame
        # after the number is read like a toll's (category and victims to the right)
        return m
    parse_np(toks, start, m)
    finish_prisoners_of_war(toks, m)
    _subset_predicate(toks, m)
    if not m.head and start < n and toks[start].low == "more" and m.np_end == start + 1:
        m.inherit = True  # "four civilians in Martuni and two more in Stepanakert": as "others"
    if another and not m.head:
        m.inherit = True  # "Another 120 had been wounded": the victims of the figure before
    return m


_COPULAS = frozenset({"were", "was", "are", "is"})


def _subset_predicate(toks: list[Token], m: Mention) -> None:
    """ "12 of whom were children", "six of them were Azerbaijani civilians", "Of the 40
    injured, 11 were children": a numeric subset whose victim noun follows a copula takes
    that noun as its head."""
    n = len(toks)
    if m.head or m.category or m.np_end >= n:
        return
    bare = m.np_end == m.last  # "Of the 40 people injured, 11 were children"
    if not bare and (m.np_end < m.last + 2 or toks[m.last].low != "of"
                     or toks[m.last + 1].low not in ("whom", "them")):
        return
    j = m.np_end
    if toks[j].low not in _COPULAS:
        return
    j += 1
    mods: list[str] = []
    while j < n and j - m.np_end <= 4:
        low = toks[j].low
        vc = _victim_class(low)
        if vc and low not in CATEGORY_NOUNS and low not in ("others", "victims"):
            if bare and j + 1 < n and toks[j + 1].low not in (",", ".", ";", "and", ")"):
                return
            m.head, m.victims, m.np_end = low, vc, j + 1
            m.sides.update(sides_named(mods))
            return
        if (low in NP_MODIFIERS or _affiliation(low)) and low not in _PARTICIPLES \
                and low not in ("and", "of", "the"):
            mods.append(low)
            j += 1
            continue
        return


def share_heads(toks: list[Token], mentions: list[Mention]) -> None:
    """ "17 Armenian and 12 Azerbaijani soldiers": a number with only an affiliation,
    coordinated with a number that has a head noun, shares that head (and its category)."""
    n = len(toks)
    for a, b in zip(mentions, mentions[1:]):
        if a.head or a.category or not a.sides or b.qstart <= a.last or not b.head:
            continue
        j = a.last
        while j < b.qstart and (_affiliation(toks[j].low) in ("armenia", "azerbaijan")
                                or toks[j].low in ("nagorno", "-")):
            j += 1
        gap = [t.low for t in toks[j:b.qstart]]
        if j == a.last or not gap or any(w not in ("and", ",", "or") for w in gap):
            continue
        if not b.sides & {"armenia", "azerbaijan"} or j >= n:
            continue
        a.head, a.victims, a.np_end, a.nonvictim = b.head, b.victims, j, False
        if b.category:
            a.category = b.category


_SINGLE_DET = frozenset({"a", "an", "another"})
#: "head"/"chief" name a person only after an administrative modifier ("a village head")
_TITLE_HEADS = frozenset({"head", "chief"})
_ADMIN_MODIFIERS = frozenset({"village", "council", "district", "community", "municipality",
                              "municipal", "settlement", "local", "administration", "town",
                              "city", "rural", "executive", "regional"})
_POSSESSIVE_DET = frozenset({"his", "her", "their"})
#: words that end the noun phrase of a singular victim ("a surgeon | and his daughter")
_SINGLE_SCAN_STOPS = frozenset({"and", "or", "his", "her", "their", "its", "the", "them",
                                "those", "these", "whom", "of"})


def _determiner_single(toks: list[Token], i: int) -> Mention | None:
    """ "a soldier", "an elderly woman", "another civilian", "a third was injured"."""
    n = len(toks)
    low = toks[i].low
    if i + 1 < n and (toks[i + 1].low in SCALES or toks[i + 1].low == "dozen"
                      or toks[i + 1].is_digit and _skip_age(toks, i + 1) == i + 1):
        return None
    # pronoun uses: "a third was injured", "another received wounds"
    if i + 1 < n and ((low == "a" and toks[i + 1].low in _ORDINALS)
                      or (low == "another" and (toks[i + 1].low in _PRONOUN_NEXT))):
        end = i + 2 if low == "a" else i + 1
        return Mention(i, i, end, end, 1, None, "exact", "pronoun", inherit=True)
    head, mods = _single_head(toks, i)
    if head < 0:
        return None
    if head + 2 < n and toks[head + 1].low in ("'", "’") and toks[head + 2].low == "s":
        return None  # "a neighbour's son": the possessed noun is the victim (_possessive_chain)
    hw = toks[head].low
    vc = _victim_class(hw) or _victim_class(hw + "s") or "people"
    if hw in _TITLE_HEADS:
        vc = "civilians"  # a local official (README §7)
    if hw in ("civilian",) or any(x in CIVILIAN_MODIFIERS for x in mods):
        vc = "civilians" if hw not in SOLDIER_NOUNS else vc
    m = Mention(i, i, i + 1, head + 1, 1, None, "exact", "single", head=hw, victims=vc)
    m.sides.update(sides_named(mods + [hw]))
    if hw == "peacekeeper":
        m.sides.add("third")
    m.np_end = _relation_complement(toks, head)
    if low == "another":
        m.increment = True
    return m


def _single_head(toks: list[Token], i: int) -> tuple[int, list[str]]:
    """(index of the singular victim noun after the determiner at ``i`` or -1, modifiers)."""
    n = len(toks)
    j = i + 1
    mods: list[str] = []
    unknown = 0
    while j < n and j - i <= 7:
        k = _skip_age(toks, j)
        if k != j:
            j = k
            continue
        w = toks[j].low
        if w in ("-", "‑"):
            j += 1
            continue
        if w in SINGULAR_NOUNS:
            # "a civilian deminer": keep the last noun
            if j + 1 < n and toks[j + 1].low in SINGULAR_NOUNS:
                j += 1
                continue
            return j, mods
        if w in _TITLE_HEADS and mods and mods[-1] in _ADMIN_MODIFIERS:
            return j, mods  # "a village council head", "a community chief": an official
        if w in _SINGLE_SCAN_STOPS:
            break  # "a surgeon and his daughter": the phrase ends at the conjunction
        if w in NP_MODIFIERS or _affiliation(w):
            mods.append(w)
            j += 1
            continue
        if toks[j].text.isalpha() and (toks[j].text.islower() or (
                toks[j].text.isupper() and 2 <= len(toks[j].text) <= 6)) and unknown < 2:
            # unknown words, also an organisation acronym ("an ANAMA deminer")
            unknown += 1
            mods.append(w)
            j += 1
            continue
        break
    return -1, mods


def _relation_single(toks: list[Token], i: int) -> Mention | None:
    """ "the grandmother of the two boys was killed": one victim; the number counts her
    relatives (README §3)."""
    n = len(toks)
    if not (i + 1 < n and toks[i + 1].low in RELATION_NOUNS
            and _relation_complement(toks, i + 1) > i + 2):
        return None
    hw = toks[i + 1].low
    return Mention(i, i, i + 1, _relation_complement(toks, i + 1), 1, None, "exact",
                   "single", head=hw, victims=_victim_class(hw) or "people")


def _possessive_single(toks: list[Token], i: int) -> Mention | None:
    """ "her grandson wounded", "his wife was killed": a kin/person noun after a possessive
    names one victim (at most two modifiers, no unknown words)."""
    n = len(toks)
    if i + 1 >= n:
        return None
    j = i + 1
    mods = []
    while j < n and j - i <= 3 and toks[j].low in NP_MODIFIERS and toks[j].low not in (
            "the", "of", "and", "its", "their", "his", "her", "them", "those", "these"):
        mods.append(toks[j].low)
        j += 1
    if j >= n or toks[j].low not in SINGULAR_NOUNS or (
            j + 1 < n and (toks[j + 1].low in ("'", "’") or toks[j + 1].low in SINGULAR_NOUNS)):
        return None
    hw = toks[j].low
    m = Mention(i, i, i + 1, j + 1, 1, None, "exact", "single", head=hw,
                victims=_victim_class(hw) or "people")
    m.sides.update(sides_named(mods))
    return m


def _bare_soldier_single(toks: list[Token], i: int) -> Mention | None:
    """Press-release style without a determiner: "serviceman of the Azerbaijani Army,
    Private X, became a martyr"."""
    n = len(toks)
    if not ((i == 0 or toks[i - 1].low in (",", ":", ";")) and i + 2 < n
            and toks[i + 1].low == "of"):
        return None
    j = i + 2
    sides: set[str] = set()
    while j < n and j - i <= 8 and (toks[j].low in NP_MODIFIERS or _affiliation(toks[j].low)
                                     or toks[j].low in _UNIT_NOUNS or toks[j].low == "republic"):
        s_ = _affiliation(toks[j].low)
        if s_:
            sides.add(s_)
        j += 1
    if not any(toks[x].low in _UNIT_NOUNS for x in range(i + 2, j)):
        return None
    return Mention(i, i, i + 1, j, 1, None, "exact", "single", head=toks[i].low,
                   victims="soldiers", sides=sides)


def _rank_single(toks: list[Token], i: int) -> Mention | None:
    """A rank and a name: "Private E. Mammadov was martyred"."""
    n = len(toks)
    if not toks[i].text[0].isupper():
        return None
    j = i + 1
    while j < n and toks[j].low in RANKS and toks[j].text[0].isupper():
        j += 1
    names = 0
    while j < n and (toks[j].text[:1].isupper() and toks[j].text.isalpha()
                     or toks[j].text == "." or toks[j].text == "-"):
        if toks[j].text.isalpha():
            names += 1
        j += 1
        if names > 4:
            break
    if names == 0:
        return None
    return Mention(i, i, i + 1, j, 1, None, "exact", "single", head="soldier",
                   victims="soldiers")


def _single_form(tok: Token):
    """The singular-victim form a token may open (a function of :func:`singular_mentions`)."""
    low = tok.low
    if low in _SINGLE_DET:
        return _determiner_single
    if low == "the":
        return _relation_single
    if low in _POSSESSIVE_DET:
        return _possessive_single
    if low in _BARE_SOLDIER:
        return _bare_soldier_single
    if tok.text in _RANK_TITLES:
        return _rank_single
    return None


def singular_mentions(toks: list[Token], taken: set[int]) -> list[Mention]:
    """Singular victims: "a soldier", "an elderly woman", "a third", "another", ranks, "the
    mother of three", "her grandson", "serviceman of the … Army", possessive chains."""
    out: list[Mention] = []
    n = len(toks)
    for i, t in enumerate(toks):
        if i in taken:
            continue
        if t.low in ("'", "’"):
            if i + 1 < n and toks[i + 1].low == "s":
                _possessive_chain(toks, i, out)
            continue
        form = _single_form(t)
        m = form(toks, i) if form is not None else None
        if m is not None:
            out.append(m)
    return out


_CHAIN_DETS = frozenset({"a", "an", "the", "his", "her", "their", "my", "our"})


def _possessive_chain(toks: list[Token], i: int, out: list[Mention]) -> bool:
    """A person named through another's possessive ("her neighbour's grandson", "the
    village head's younger brother"): one victim, the possessed noun (README §3, §7).
    ``i`` is the apostrophe; the mention starts at the possessor's determiner."""
    n = len(toks)
    d = i - 1
    while d >= 0 and i - d <= 4 and toks[d].low not in _CHAIN_DETS:
        if not (toks[d].text.isalpha() and toks[d].text.islower()):
            return False
        d -= 1
    if d < 0 or toks[d].low not in _CHAIN_DETS or d == i - 1:
        return False
    j = i + 2
    mods: list[str] = []
    unknown = 0
    while j < n and j - i <= 5:
        w = toks[j].low
        if w in SINGULAR_NOUNS:
            break
        if w in NP_MODIFIERS and w not in _SINGLE_SCAN_STOPS or _affiliation(w):
            mods.append(w)
        elif toks[j].text.isalpha() and toks[j].text.islower() and unknown < 1:
            unknown += 1  # "younger", "eldest"
        else:
            return False
        j += 1
    if j >= n or toks[j].low not in SINGULAR_NOUNS:
        return False
    if j + 1 < n and (toks[j + 1].low in ("'", "’") or toks[j + 1].low in SINGULAR_NOUNS):
        return False
    hw = toks[j].low
    vc = _victim_class(hw) or _victim_class(hw + "s") or "people"
    if any(x in CIVILIAN_MODIFIERS for x in mods) and hw not in SOLDIER_NOUNS:
        vc = "civilians"
    m = Mention(d, d, d + 1, j + 1, 1, None, "exact", "single", head=hw, victims=vc)
    m.sides.update(sides_named(mods))
    out.append(m)
    return True


_BARE_SOLDIER = frozenset({"serviceman", "servicewoman", "soldier", "servicemember"})
_UNIT_NOUNS = frozenset({"army", "forces", "force", "troops", "guard", "service", "armed"})

#: nouns naming a person by a relation to others ("the mother of three")
RELATION_NOUNS = frozenset({
    "mother", "father", "grandmother", "grandfather", "wife", "husband", "widow", "widower",
    "son", "daughter", "brother", "sister", "uncle", "aunt", "cousin", "neighbour",
    "neighbor", "grandson", "granddaughter", "nephew", "niece", "grandparent", "teacher",
    "schoolteacher", "parent",
})
_REL_DETS = frozenset({"the", "his", "her", "their", "its", "two", "both"})


def _relation_complement(toks: list[Token], head: int) -> int:
    """One past "of [the] <number> [noun]" after a relation noun at ``head`` ("mother of
    three", "grandmother of the two boys"), else ``head + 1``."""
    n = len(toks)
    if toks[head].low not in RELATION_NOUNS or head + 2 >= n or toks[head + 1].low != "of":
        return head + 1
    k = head + 2
    if toks[k].low in _REL_DETS and toks[k].low not in ("two", "both"):
        k += 1
    start = k
    while k < n and (toks[k].is_digit or toks[k].low in NUMBER_WORDS
                     or toks[k].low == "-" and k > start):
        k += 1
    if k == start:
        return head + 1
    if k < n and (_victim_class(toks[k].low) or toks[k].low in ("kids", "sons", "daughters")):
        k += 1
    if k < n and (toks[k].low in TRIGGERS or toks[k].low == "who"):
        return head + 1  # "the mother of two soldiers killed in April": they are victims
    return k


_ORDINALS = frozenset({"second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
                       "ninth", "tenth"})
_RANK_TITLES = frozenset({"Private", "Corporal", "Sergeant", "Lieutenant", "Captain", "Major",
                          "Colonel", "Ensign", "Junior", "Senior", "Lance", "Staff"})
_PRONOUN_NEXT = frozenset({"was", "received", "died", "suffered", "is", "had", "has",
                           "sustained", "remains", "went", "later"})
