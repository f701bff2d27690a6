"""Casualty figures in Russian text: the same figure fields and conventions as English."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..sentences import split_sentences
from .clauses import category_for, clause_bounds, clause_category
from .lexicon import forms, lexicon
from .numbers import Number, Token, find_numbers, tokenize
from .side import SentenceSides, phrase_side

_SKIP = frozenset({"-", "—", "–", "«", "»", "\"", "„", "“", "”"})
_STOP_BEFORE = frozenset({"№", "-", "[", ":", "/", "#"})
_QUALIFIER_ORDER = ("at_least", "fewer_than", "more_than", "about", "up_to")
_SINGULAR_VERB = re.compile(
    r"\b(погиб|погибла|убит|убита|скончался|скончалась|стал шехидом|ранен|ранена|получил[а]? (?:\w+ )?ранени\w*|"
    r"ранение получил[а]?|ранения получил[а]?|пострадал[а]?|пропал без вести|взят в плен)\b")
_SINGULAR_NOUN = re.compile(
    r"\b(военнослужащий|солдат|военный|офицер|человек|житель|жительница|мирный житель|генерал-майор|майор|"
    r"лейтенант|капитан|рядовой|сержант|журналист|ребенок|женщина|пострадавшая|пограничник|контрактник)\b")
_CASE_ENDINGS = frozenset({"х", "ух", "ех", "ти", "ми", "ью", "ем", "ём", "ому", "ого"})
_TOLL_VERBS = ("составил", "составляет", "достиг", "возрос", "вырос", "увеличил")
_YEAR_RE = re.compile(r"\b(19\d\d|20[01]\d)\b")


@dataclass
class _Passage:
    """What earlier sentences of the passage tell later ones."""
    deaths: bool
    party: str | None = None
    third_party: bool = False
    last_side: str | None = None
    figures: list[dict] = field(default_factory=list)


def _qualifier(tokens: list[Token], num: Number) -> str:
    before = " ".join(t.lower for t in tokens[max(0, num.first - 4):num.first] if t.text != ",")
    quals = lexicon()["qualifiers"]
    best, best_len = "exact", 0
    for name in _QUALIFIER_ORDER:
        for phrase in quals[name]:
            if (before == phrase or before.endswith(" " + phrase)) and len(phrase) > best_len:
                best, best_len = name, len(phrase)
    rising = num.first >= 2 and tokens[num.first - 1].lower == "до" and \
        tokens[num.first - 2].lower.startswith(_TOLL_VERBS)
    if best == "up_to" and (num.after_from or rising):
        best = "exact"                        # "с 49 до 105": 105 is the new value, not a bound
    return "at_least" if num.vague and best == "exact" else best


def _victims(tokens: list[Token], num: Number) -> tuple[str | None, int, bool]:
    """(victims class or None, end of the noun phrase, whether a category word follows); the class
    is "" when a word that is not a victim follows the number (reject)."""
    victim_class, i, trigger = None, num.last + 1, False
    seen = 0
    while i < len(tokens) and seen < 4:
        tok = tokens[i]
        if tok.text in _SKIP:
            i += 1
            continue
        if not tok.is_word:
            break
        w = tok.lower
        for cls in ("soldiers", "civilians", "people"):
            if forms("victims", cls).word(w):
                if victim_class in (None, "people"):
                    victim_class = cls
                break
        else:
            if any(forms("categories", c).word(w) for c in ("killed", "wounded", "missing", "captured")):
                trigger = True
            elif forms("not_victims", "words").word(w) and victim_class is None:
                return "", i, False                # "14 июля", "11 эпизодов": not victims
        if victim_class in ("soldiers", "civilians"):
            i += 1
            break
        i, seen = i + 1, seen + 1
    return victim_class, i, trigger


def _clause_victims(tokens: list[Token], lo: int, hi: int) -> str:
    """The victims class a clause names ("число погибших военнослужащих … 71"), else people."""
    for cls in ("soldiers", "civilians"):
        if any(forms("victims", cls).word(t.lower) for t in tokens[lo:hi]):
            return cls
    return "people"


def _is_noise(tokens: list[Token], num: Number) -> bool:
    """Dates, times, footnotes, model and unit numbers, percentages."""
    prev = tokens[num.first - 1].text if num.first else ""
    nxt = tokens[num.last + 1].text if num.last + 1 < len(tokens) else ""
    attached = num.last + 1 < len(tokens) and tokens[num.last + 1].start == tokens[num.last].end
    if attached and num.last + 2 < len(tokens) and tokens[num.last + 2].is_digit:
        attached = False                          # "15-20": a range
    if attached and num.last + 2 < len(tokens) and tokens[num.last + 2].lower in _CASE_ENDINGS:
        attached = False                          # "2-х военнослужащих": a case ending
    return prev in _STOP_BEFORE or nxt in ("%", ":", "]", "°") or (nxt == "-" and attached) or (
        tokens[num.first].is_digit and "." in tokens[num.first].text)


def _figure(tokens, clauses, k, num, high: Number | None, passage: _Passage, sentence_lower) -> dict | None:
    if _is_noise(tokens, num):
        return None
    victims, np_end, trigger = _victims(tokens, high or num)
    if victims == "":
        return None
    if victims is None and not trigger and not num.vague:
        # a bare number is a figure only when a category verb follows it ("еще 32 получили ранения")
        nxt = tokens[num.last + 1].lower if num.last + 1 < len(tokens) else ""
        before = [t.lower for t in tokens[max(0, num.first - 3):num.first]]
        toll = num.after_from or any(w.startswith(_TOLL_VERBS) for w in before) or (
            num.first and any(forms("categories", c).word(tokens[num.first - 1].lower)
                              for c in ("killed", "wounded", "missing")))
        if not toll and not any(forms("categories", c).word(nxt)
                                    for c in ("killed", "wounded", "missing", "captured")):
            return None
    if num.vague and victims is None and not trigger:
        return None
    category = category_for(tokens, clauses, k, sentence_lower, passage.deaths)
    if category is None:
        return None
    side = phrase_side(tokens, num.first, min(np_end + 3, len(tokens)))
    return {"count": num.value, "qualifier": _qualifier(tokens, num), "category": category,
            "victims": victims or "people", "side": side, "first": num.first,
            "bare": victims is None}


def _resolve_side(fig: dict, sides: SentenceSides, passage: _Passage, clause_words: list[str],
                  previous: dict | None, lead: str) -> str:
    if fig["side"] is not None:
        return fig["side"]
    if fig["category"] in ("bodies_returned", "captured") and sides.recipient:
        return sides.recipient
    if previous is not None and (lead in ("еще", "ещё") or fig["count"] == 1):
        return previous["side"]
    if sides.target:
        return sides.target
    if sides.both or any(w.startswith("войн") for w in clause_words):
        return "both"
    if passage.third_party:
        return "unknown"
    if fig["category"] == "captured" and "в азербайджане" in sides.lower:
        return "armenia"
    return sides.party() or passage.last_side or passage.party or "unknown"


def _range_pairs(tokens: list[Token], nums: list[Number]) -> tuple[set[int], dict[int, Number], set[int]]:
    """Numbers joined by "до"/dash: (superseded "с N до M" and the new values, range highs by low
    index, range highs)."""
    superseded, highs, high_idx = set(), {}, set()
    for a, b in zip(nums, nums[1:]):
        between = [t.lower for t in tokens[a.last + 1:b.first]]
        lead = tokens[a.first - 1].lower if a.first else ""
        if between in (["до"], ["-"], ["–"], ["—"]) or (between and between[-1] == "до" and len(between) <= 3):
            if lead == "с":
                superseded.add(a.first)
                b.after_from = True
            elif b.value > a.value:
                highs[a.first] = b
                high_idx.add(b.first)
    return superseded, highs, high_idx


def _singular(tokens: list[Token], lower: str, clauses, sides: SentenceSides, passage: _Passage,
              taken: set[str]) -> dict | None:
    """"Погиб армянский военнослужащий": one victim named in the singular, count 1."""
    verb, noun = _SINGULAR_VERB.search(lower), _SINGULAR_NOUN.search(lower)
    if not verb or not noun:
        return None
    idx = next((i for i, t in enumerate(tokens) if t.start >= noun.start()), None)
    if idx is None or (idx and tokens[idx - 1].is_digit):
        return None
    if idx and any(w.lower in ("двух", "три", "несколько") for w in tokens[max(0, idx - 2):idx]):
        return None
    category = clause_category(tokens, 0, len(tokens), lower, passage.deaths)
    if category is None or category in taken:
        return None
    cls = "people" if noun.group(1) == "человек" else (
        "civilians" if noun.group(1) in ("житель", "жительница", "мирный житель", "журналист",
                                         "ребенок", "женщина", "пострадавшая") else "soldiers")
    side = phrase_side(tokens, max(0, idx - 1), min(idx + 4, len(tokens)))
    return {"count": 1, "qualifier": "exact", "category": category, "victims": cls, "side": side,
            "first": idx}


def _sentence_figures(text: str, start: int, end: int, passage: _Passage) -> list[dict]:
    sentence = text[start:end]
    tokens = tokenize(sentence)
    lower = " ".join(t.lower for t in tokens)
    words = [t.lower for t in tokens if t.is_word]
    sides = SentenceSides(lower, words)
    clauses = clause_bounds(tokens)
    nums = find_numbers(tokens)
    superseded, highs, high_idx = _range_pairs(tokens, nums)
    figs: list[dict] = []
    for num in nums:
        if num.first in superseded or num.first in high_idx:
            continue
        k = next((j for j, (lo, hi) in enumerate(clauses) if lo <= num.first < hi), 0)
        fig = _figure(tokens, clauses, k, num, highs.get(num.first), passage, lower)
        if fig is None:
            continue
        if num.first in highs:
            fig["count_high"] = highs[num.first].value
        lo, hi = clauses[k]
        lead = tokens[num.first - 1].lower if num.first else ""
        previous = figs[-1] if figs else None
        fig["side"] = _resolve_side(fig, sides, passage, [t.lower for t in tokens[lo:hi]], previous, lead)
        if fig.pop("bare"):
            # "…, 111 получили ранения": the class of the figure before, else the clause's noun
            fig["victims"] = previous["victims"] if previous is not None else _clause_victims(tokens, lo, hi)
        figs.append(fig)
    single = _singular(tokens, lower, clauses, sides, passage, {f["category"] for f in figs})
    if single is not None:
        single["side"] = _resolve_side(single, sides, passage, words, None, "")
        figs.append(single)
    claimed = sides.reporter or "unknown"
    background = bool(_YEAR_RE.search(sentence))
    out = []
    for fig in sorted(figs, key=lambda f: f["first"]):
        high = fig.get("count_high")
        if fig["qualifier"] == "up_to":
            high = fig["count"]
        out.append({"count": fig["count"], "count_high": high, "qualifier": fig["qualifier"],
                    "category": fig["category"], "side": fig["side"], "victims": fig["victims"],
                    "sentence": sentence, "start": start, "end": end,
                    "claimed_by": claimed, "background": background,
                    "earlier": lower.startswith("ранее")})
    passage.party = sides.party() or passage.party
    if figs:
        passage.last_side = figs[-1]["side"]
    return out


def _passage(text: str) -> _Passage:
    lower = text.lower()
    deaths = any(s in lower for s in ("погиб", "гибел", "убит", "умер", "скончал"))
    third = bool(re.search(r"миротворц|француз|франци|экипаж", lower))
    reporters = set()
    for s, e in split_sentences(text):
        toks = tokenize(text[s:e])
        side = SentenceSides(" ".join(t.lower for t in toks), [t.lower for t in toks if t.is_word]).reporter
        if side:
            reporters.add(side)
    return _Passage(deaths=deaths, party=reporters.pop() if len(reporters) == 1 else None,
                    third_party=third)


def extract_figures_ru(text: str) -> list[dict]:
    """Casualty figures of Russian ``text``, each with its sentence and offsets.

    >>> [(f["count"], f["category"], f["side"]) for f in
    ...  extract_figures_ru("Погибли сорок девять армянских военнослужащих.")]
    [(49, 'killed', 'armenia')]
    """
    if not isinstance(text, str) or not text:
        return []
    passage = _passage(text)
    figs: list[dict] = []
    for start, end in split_sentences(text):
        figs.extend(_sentence_figures(text, start, end, passage))
    # "Ранее сообщалось о гибели 31 военного": superseded when a later figure has the same key
    keep = []
    for fig in figs:
        if fig.pop("earlier") and any(o is not fig and o["category"] == fig["category"]
                                      and o["side"] == fig["side"] for o in figs):
            continue
        keep.append(fig)
    return keep
