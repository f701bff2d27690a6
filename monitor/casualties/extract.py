"""Casualty figures from text: number expressions -> category, victims, side.

For each sentence: find number expressions and singular victims (:mod:`phrases`), drop
those that count something else, decide each one's category from the governing noun or
verb, its victims from the head noun and its side by the ordered rules of the convention
(README §6) using the cues of :mod:`side`.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from .claimant import claimant, sentence_claimant, third_party_reports
from .context import ConflictContext
from .document import FOOTNOTE_RE, DocumentContext
from .lexicon import (
    CATEGORY_NOUNS, CIVILIAN_MODIFIERS, HYPOTHETICAL, REPORT_VERBS, RETURN_WORDS,
    SOLDIER_MODIFIERS, TOLL_WORDS, TRIGGERS, UPDATE_VERBS,
)
from .listing import is_named_item, list_template
from .numbers import find_numbers
from .period import background
from .phrases import (
    Mention, _affiliation, _victim_class, mention_from_number, share_heads, singular_mentions,
)
from .sentences import split_sentences
from .side import OTHER, SentenceCues, find_cues, location_side, party_of
from .tokens import Token, tokenize
from .triggers import _CLAUSE_BREAKS, _SETTLEMENT_OR_CROWD
from .category import _category, _limits
from .passes import (
    _CATEGORY_PASSES,
    _heading_categories,
    _is_subset,
    _parenthetical_tallies,
    _refers_back,
)
from .side_rules import _LOSS_NOUNS, _decide_side, _own_report_between


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


_DOMESTIC = frozenset({"police", "arrested", "protesters", "protestors", "protest",
                       "protests", "rally", "demonstrators", "opposition", "court"})


_POPULATION = frozenset({"population", "inhabitants", "populated", "lived", "live", "home"})


_SKIP_HARD = frozenset({"attached-prefix", "model", "currency-or-date", "document",
                        "unit-attached", "unit", "date", "compound-modifier", "time",
                        "percent", "decimal", "bad", "negated", "age"})


_CROWD_VERBS = frozenset({"attended", "watched", "joined", "visited", "followed", "welcomed",
                          "greeted", "signed", "backed", "supported", "cheered", "packed"})


#: verbs whose subject is an agent, not a victim, right after a noun phrase
_AGENT_VERBS = frozenset({
    "told", "tell", "tells", "said", "says", "spoke", "speak", "met", "meet", "briefed",
    "addressed", "attended", "visited", "gathered", "marched", "rallied", "protested",
    "lined", "greeted", "welcomed", "laid", "urged", "demanded", "described", "recalled",
    "queued", "signed", "paid", "mourned", "buried", "carried", "chanted", "waved"})


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


def extract_figures(text: str, language: str | None = None) -> list[dict]:
    """Casualty figures stated in ``text``, each with its evidence sentence and offsets.

    ``language`` is accepted for a language dispatch in front of this English extractor
    and ignored here.

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
