"""The extractor's decisions one by one: each rule function or table on its own input."""

from __future__ import annotations

import pytest

from monitor.casualties import category as C
from monitor.casualties import extract as X
from monitor.casualties import side_rules as R
from monitor.casualties.numbers import find_numbers
from monitor.casualties.phrases import mention_from_number
from monitor.casualties.side import find_cues, holder_side
from monitor.casualties.tokens import tokenize


def _lows(text: str) -> list[str]:
    return [t.low for t in tokenize(text)]


def _mentions(text: str):
    toks = tokenize(text)
    return toks, [mention_from_number(toks, e) for e in find_numbers(toks, text)]


@pytest.mark.parametrize("text,want", [
    ("• Dead: 5", "killed"), ("- Injured: 12", "wounded"), ("Missing: 4", "missing"),
    ("Casualties: 40", "casualties"), ("Tanks: 4", ""), ("Losses at 4", ""),
])
def test_label_category(text: str, want: str) -> None:
    lows = _lows(text)
    q = next(i for i, w in enumerate(lows) if w.isdigit())
    assert C._label_category(lows, q) == want


def test_partitive_merges_part_and_whole() -> None:
    toks, ms = _mentions("Four of the 30 servicemen died.")
    out = X._partitives([t.low for t in toks], ms)
    assert [(m.value, m.head, m.victims) for m in out] == [(4, "servicemen", "soldiers")]
    toks, ms = _mentions("Four of the 3 servicemen died.")  # a whole smaller than the part
    assert len(X._partitives([t.low for t in toks], ms)) == 2


@pytest.mark.parametrize("text,want", [
    ("prisoners held in Azerbaijan", "azerbaijan"), ("detained by Baku", "azerbaijan"),
    ("kept in captivity in Armenia", "armenia"), ("held talks in Baku", ""),
    ("held in the morning", ""),
])
def test_holder_side(text: str, want: str) -> None:
    assert holder_side(_lows(text)) == want


def test_war_names_rename_only_a_region_before_a_war_noun() -> None:
    toks = X._war_names(tokenize("the Karabakh war and Karabakh officials"))
    assert [t.low for t in toks] == ["the", "karabakh-war", "war", "and", "karabakh", "officials"]


@pytest.mark.parametrize("text,want", [
    ("500 of them being Armenians", "armenia"), ("40 , of whom were Azerbaijanis", "azerbaijan"),
    ("500 of them being soldiers", ""),
])
def test_predicate_party(text: str, want: str) -> None:
    lows = _lows(text)
    assert R._predicate_party(lows, 1, len(lows)) == want


def test_category_rules_table_order() -> None:
    assert C._CATEGORY_RULES[0] is C._phrase_category
    assert C._CATEGORY_RULES[-1] is C._window_category
    names = [r.__name__ for r in R._SIDE_RULES]
    # README §6: explicit affiliation before the reporter, the reporter before the attacker,
    # the attacker before the place, the place before a war's both-sides total
    assert names.index("_side_explicit") < names.index("_side_by_reporter") \
        < names.index("_side_by_attacker") < names.index("_side_by_place") \
        < names.index("_side_of_war")


@pytest.mark.parametrize("text,want", [
    ("Azerbaijani shelling killed 3 civilians.", "armenia"),      # attacker
    ("3 civilians were killed in Ganja.", "azerbaijan"),          # place
    ("Baku said 3 civilians were killed.", "azerbaijan"),         # reporter
    ("3 civilians were killed in the war.", "both"),              # a war's toll
    ("3 Russian peacekeepers were killed.", "unknown"),           # third party
])
def test_side_rules_through_decide_side(text: str, want: str) -> None:
    figs = X.extract_figures(text)
    assert [f["side"] for f in figs] == [want]


def test_side_query_rules_return_empty_when_undecided() -> None:
    toks = tokenize("3 civilians were killed.")
    lows = [t.low for t in toks]
    m = mention_from_number(toks, find_numbers(toks, "3 civilians were killed.")[0])
    q = R._SideQuery(toks, lows, m, "killed", 3, "right", set(), find_cues(toks),
                     X.DocumentContext(), False, None, 0, len(lows))
    assert all(rule(q) == "" for rule in R._SIDE_RULES)


def test_drop_increments_keeps_the_total() -> None:
    figs = X.extract_figures("Officials reported 27 more Armenian soldiers dead, bringing the toll to 729.")
    assert [(f["count"], f["side"]) for f in figs] == [(729, "armenia")]
