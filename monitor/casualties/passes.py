"""Category passes over a sentence's mentions (:data:`_CATEGORY_PASSES`).

After each mention has looked for its own trigger, these passes give a mention without one
the category of a neighbour when the structure says they share it: a subset after its group,
coordination, gapping, an ellipsis, a stated total, the parts named by "These include …", a
list heading's category, per-place tallies.  A new structure is a new entry in the table.
"""

from __future__ import annotations

from .category import _NOT_IN_POSTMOD
from .document import DocumentContext
from .lexicon import REPORT_VERBS, TOLL_WORDS, TRIGGERS
from .phrases import Mention
from .side import party_of
from .triggers import _trigger_at


_AMONG_GAPS = [[v, "among", "the"] for v in ("were", "was", "are", "is")] + [["among", "the"]]


_SWAP_WORDS = frozenset({"swapped", "swap", "swaps", "exchanged", "exchange", "traded",
                         "trade", "exchanging", "swapping"})


_POSTMOD_OPENERS = frozenset({"from", "of", "in", "with", "for", "working", "serving",
                              "employed", "based", "living", "stationed", "attached"})


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


_CONFIRM_VERBS = frozenset({
    "confirmed", "confirms", "confirm", "acknowledged", "acknowledges", "acknowledge",
    "admitted", "admits", "admit", "conceded", "concedes", "concede", "verified",
    "registered", "recorded", "records", "counted", "counts", "identified", "named",
})


_CONDITION_WORDS = frozenset({"condition", "conditions", "state", "critical", "serious",
                              "grave", "intensive", "hospitalised", "hospitalized"})


_ONLY_WORDS = frozenset({"only", "just", "merely", "a", "mere", "so", "far"})


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
