"""Armenian and Azerbaijani casualty figures: digits (and the commonest number words) with the
category, victim and side words of ``digits_lexicon.toml``. Same figure fields as English."""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

from .ru.lexicon import Forms
from .sentences import split_sentences

LEXICON_FILE = Path(__file__).with_name("digits_lexicon.toml")
_TOKEN_RE = re.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,.]\d)(?:-[^\W\d_]+)?|\d+(?:[.,]\d+)?(?:-[^\W\d_]+)?"
                       r"|[^\W\d_]+(?:-[^\W\d_]+)*|\S")
_BREAKS = frozenset(",;:()|—–՝`")
_DATE_SUFFIXES = frozenset({"ci", "cı", "cu", "cü", "da", "də", "dək", "ın", "in", "ин",
                            "ին", "ից", "րդ", "ը", "ն", "օրյա", "ամյա", "ական", "ամյակ", "ում"})
_OTHER = {"armenia": "azerbaijan", "azerbaijan": "armenia"}
_ENEMY = {"hy": "azerbaijan", "az": "armenia"}
# A figure no clue places: the side of the party whose language the report is in, which in this
# conflict's press is the party reporting its own losses (README §6 rule 3).
_AZ_GENITIVE = ("nın", "nin", "nun", "nün")
_DEFAULT_SIDE = {"hy": "armenia", "az": "azerbaijan"}
# Armenian text often ends sentences with an ASCII colon instead of "։" (same length: offsets hold)
_HY_COLON_STOP = re.compile(r":(?=\s+[Ա-Ֆ«])")


@lru_cache(maxsize=None)
def _lexicon(lang: str) -> dict:
    with LEXICON_FILE.open("rb") as fh:
        lex = tomllib.load(fh)[lang]
    lex["_forms"] = {f"{table}.{key}": Forms(forms) for table in ("categories", "victims", "sides", "not_victims", "singular")
                     for key, forms in lex[table].items() if key != "priority"}
    lex["_numbers"] = {w: float(v) for v, ws in lex["numbers"].items() for w in ws}
    lex["_vague"] = Forms([w for ws in lex["vague"].values() for w in ws])
    lex["_vague_value"] = {w.rstrip("*"): int(v) for v, ws in lex["vague"].items() for w in ws}
    return lex


def _forms(lex: dict, key: str) -> Forms:
    return lex["_forms"][key]


def _match(lex: dict, key: str, words: list[str], i: int) -> bool:
    """Whether ``words[i]`` (or the phrase starting there) is one of ``key``'s forms."""
    f = _forms(lex, key)
    return f.word(words[i]) or (i + 1 < len(words) and f.phrase_in(words[i] + " " + words[i + 1]))


def _split(tok: str) -> tuple[str, str]:
    """Digits token → (number, attached suffix): "100-ə" → ("100", "ə")."""
    m = re.fullmatch(r"([\d ,.\u00a0\u202f]+)(?:-(.+))?", tok)
    return (m.group(1), m.group(2) or "") if m else (tok, "")


def _numbers(tokens: list[str], lex: dict) -> list[tuple[int, int, int, bool, str]]:
    """(first, last, value, vague, suffix) of each number in ``tokens``."""
    out, i, table = [], 0, lex["_numbers"]
    while i < len(tokens):
        tok = tokens[i]
        if tok[0].isdigit():
            num, suffix = _split(tok)
            s = re.sub(r"[ \u00a0\u202f]", "", num).replace(",", ".")
            try:
                value = float(s)
            except ValueError:
                i += 1
                continue
            last = i
            if i + 1 < len(tokens) and table.get(tokens[i + 1], 0) >= 1000:
                value *= table[tokens[i + 1]]
                last = i + 1
                suffix = ""
            out.append((i, last, round(value), False, suffix))
            i = last + 1
            continue
        if tok in table and table[tok] < 1000:
            j, total, current = i, 0.0, 0.0
            while j < len(tokens) and tokens[j] in table:
                v = table[tokens[j]]
                total, current = (total + (current or 1) * v, 0.0) if v >= 1000 else (total, current + v)
                j += 1
            out.append((i, j - 1, round(total + current), False, ""))
            i = j
            continue
        if lex["_vague"].word(tok):
            value = next(v for stem, v in lex["_vague_value"].items() if tok.startswith(stem))
            out.append((i, i, value, True, ""))
        i += 1
    return out


def _clauses(tokens: list[str]) -> list[tuple[int, int]]:
    out, start = [], 0
    for i, tok in enumerate(tokens):
        if tok in _BREAKS:
            if i > start:
                out.append((start, i))
            start = i + 1
    if start < len(tokens):
        out.append((start, len(tokens)))
    return out or [(0, 0)]


def _category(lex: dict, words: list[str], lo: int, hi: int) -> str | None:
    found = {cat for cat in lex["categories"]["priority"]
             if any(_match(lex, f"categories.{cat}", words, i) for i in range(lo, hi) if words[i][0].isalpha())}
    return next((c for c in lex["categories"]["priority"] if c in found), None)


def _clause_category(lex, words, clauses, k) -> str | None:
    for j in [k] + ([k + 1] if k + 1 < len(clauses) else []) + list(range(k - 1, -1, -1)):
        cat = _category(lex, words, *clauses[j])
        if cat:
            return cat
    return None


def _noun_phrase(lex: dict, words: list[str], last: int) -> tuple[str | None, int, bool]:
    """(victims class or None, end of the phrase, a category word follows); class "" rejects."""
    victims, i, trigger, victim_at = None, last + 1, False, -1
    while i < len(words) and i <= last + 3 and words[i][0].isalpha():
        for cls in ("soldiers", "civilians", "people"):
            if _match(lex, f"victims.{cls}", words, i):
                victims = cls if victims in (None, "people") else victims
                victim_at = i
                break
        else:
            if any(_match(lex, f"categories.{c}", words, i) for c in lex["categories"]["priority"]):
                trigger = True
            elif _forms(lex, "not_victims.words").word(words[i]):
                if victims is None or i == victim_at + 1:   # "23 şəhid ailəsi": a martyr's family
                    return "", i, False
        i += 1
    return victims, i, trigger


def _qualifier(lex: dict, words: list[str], first: int, last: int, suffix: str, vague: bool) -> str:
    before = " ".join(words[max(0, first - 3):first])
    after = f"-{suffix} " + " ".join(words[last + 1:last + 2]) if suffix else ""
    for name in ("at_least", "fewer_than", "more_than", "about", "up_to"):
        for phrase in lex["qualifiers"][name]:
            if phrase.startswith("-"):
                if after.startswith(phrase):
                    return name
            elif before == phrase or before.endswith(" " + phrase):
                return name
    return "at_least" if vague else "exact"


def _word_side(lex: dict, lang: str, words: list[str], i: int) -> str | None:
    if _match(lex, "sides.third_party", words, i):
        return "unknown"
    for side in ("armenia", "azerbaijan"):
        if _match(lex, f"sides.{side}", words, i):
            return side
    if _match(lex, "sides.enemy", words, i):
        return _ENEMY[lang]
    return None


def _sentence_side(lex: dict, lang: str, words: list[str], text: str) -> str | None:
    """The side a sentence gives a figure with none of its own: own-loss phrase, attacker, place."""
    for phrase in lex["sides"]["own"]:
        at = text.find(phrase)
        if at > 0:
            for w in reversed(text[:at].split()[-2:]):
                side = _word_side(lex, lang, [w], 0)
                if side in _OTHER:
                    return side
    if any(_match(lex, "sides.reporter_azerbaijan", words, i) for i in range(len(words))):
        return "azerbaijan"
    if any(_match(lex, "sides.reporter_armenia", words, i) for i in range(len(words))):
        return "armenia"
    for i in range(len(words)):
        if _match(lex, "sides.attack", words, i):
            near = sorted(range(max(0, i - 3), min(len(words), i + 3)), key=lambda j: (abs(j - i), j > i))
            for j in near:
                if lang == "az" and words[j].endswith(("ana", "ənə", "lara", "lərə")):
                    continue                      # a dative names the target: "Azərbaycana qarşı"
                side = _word_side(lex, lang, words, j)
                if side in _OTHER:
                    return _OTHER[side]
    for side in ("azerbaijan", "armenia"):
        if any(_match(lex, f"sides.{side}_places", words, i) for i in range(len(words))):
            return side
    return None


def _figure(lex, lang, words, clauses, num) -> dict | None:
    first, last, value, vague, suffix = num
    if suffix.lower() in _DATE_SUFFIXES or (first and words[first - 1] in ("№", "-", "[", "#")):
        return None
    nxt = words[last + 1] if last + 1 < len(words) else ""
    if nxt in ("%", ":", "]", "°"):
        return None
    victims, np_end, trigger = _noun_phrase(lex, words, last)
    if victims == "":
        return None
    # "1 զոհ և 2 վիրավոր": killed or wounded named right after the number is its own category
    own = next((c for c in ("killed", "wounded")
                for i in range(last + 1, np_end) if words[i][0].isalpha()
                and _match(lex, f"categories.{c}", words, i)), None)
    if victims is None and not trigger:
        # "զոհվեց 218": a bare number right after the category word
        if not any(_category(lex, words, j, j + 1) for j in range(max(0, first - 2), first)) or vague:
            return None
    k = next((j for j, (lo, hi) in enumerate(clauses) if lo <= first < hi), 0)
    category = own or _clause_category(lex, words, clauses, k)
    if category is None:
        return None
    side = None
    # the word before: "Ադրբեջանի 10 …", "düşmənin 100-ə qədər …"; an Azerbaijani genitive phrase
    # before the number names the group: "erməni hərbi dəstəsinin altı üzvü"
    before = [first - 1] if first and (lang == "hy" or _match(lex, "sides.enemy", words, first - 1)) else []
    if lang == "az" and not before and first and words[first - 1].endswith(_AZ_GENITIVE):
        before = list(range(first - 1, max(0, first - 4) - 1, -1))
    for i in before + list(range(last + 1, min(np_end + 1, len(words)))):
        if words[i][0].isalpha() and (side := _word_side(lex, lang, words, i)):
            break
    high = value if _qualifier(lex, words, first, last, suffix, vague) == "up_to" else None
    return {"count": value, "count_high": high, "qualifier": _qualifier(lex, words, first, last, suffix, vague),
            "category": category, "side": side, "victims": victims or "people"}


def _singular(lex: dict, words: list[str], clauses) -> dict | None:
    """"… sakini … xəsarət alıb": one victim named in the singular, killed or wounded, count 1."""
    for i in range(len(words)):
        for cls in ("soldiers", "civilians"):
            if words[i][0].isalpha() and _match(lex, f"singular.{cls}", words, i):
                category = _category(lex, words, 0, len(words))
                if category in ("killed", "wounded"):
                    return {"count": 1, "count_high": None, "qualifier": "exact", "category": category,
                            "side": None, "victims": cls}
    return None


def extract_figures_digits(text: str, lang: str) -> list[dict]:
    """Casualty figures of Armenian (``hy``) or Azerbaijani (``az``) text.

    >>> [(f["count"], f["category"], f["side"]) for f in
    ...  extract_figures_digits("Döyüşlərdə 12 azərbaycanlı hərbçi şəhid olub.", "az")]
    [(12, 'killed', 'azerbaijan')]
    """
    if not isinstance(text, str) or not text:
        return []
    lex = _lexicon(lang)
    if lang == "hy":
        text = _HY_COLON_STOP.sub("։", text)
    out: list[dict] = []
    carry = None
    for start, end in split_sentences(text):
        sentence = text[start:end]
        words = [m.group().lower() for m in _TOKEN_RE.finditer(sentence)]
        clauses = _clauses(words)
        lower = " ".join(words)
        sentence_side = _sentence_side(lex, lang, words, lower)
        figs = [f for num in _numbers(words, lex) if (f := _figure(lex, lang, words, clauses, num))]
        if not figs and (single := _singular(lex, words, clauses)):
            figs = [single]
        for fig in figs:
            if fig["side"] is None:
                fig["side"] = sentence_side or carry or _DEFAULT_SIDE[lang]
            fig.update(sentence=sentence, start=start, end=end, claimed_by="unknown", background=False)
        if figs:
            carry = figs[-1]["side"]
        carry = sentence_side or carry
        out.extend(figs)
    return out
