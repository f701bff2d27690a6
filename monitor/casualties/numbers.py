"""Number expressions: digits, number words, vague plurals, ranges and their qualifiers.

Works on the token list of one sentence.  Number words are read with the ``text2num``
library (``text_to_num.text2num``); this module only groups the tokens and adds the few
forms it does not cover ("a hundred", "two dozen", "1.5 thousand", "dozens").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from text_to_num import text2num

from .lexicon import (
    CIVILIAN_NOUNS, MONTHS, NP_MODIFIERS, NUMBER_WORDS, PEOPLE_NOUNS, QUALIFIER_MAXLEN,
    QUALIFIER_PHRASES, SCALES, SOLDIER_NOUNS, UNITS, VAGUE, VAGUE_PREFIX,
)
from .tokens import Token, adjacent, tokenize

_UNIT_AFTER = frozenset({
    "mm", "km", "kms", "kilometres", "kilometers", "kilometre", "kilometer", "metres",
    "meters", "m", "cm", "kg", "tons", "tonnes", "percent", "pc", "per", "am", "pm", "gmt",
    "hrs", "th", "st", "nd", "rd", "s", "x", "hectares", "sq", "square", "miles", "mile",
    "dollars", "usd", "euros", "manat", "manats", "drams", "dram", "rubles", "roubles",
    "utc", "o", "ha", "mw", "km²",
})
_CURRENCY_BEFORE = frozenset({"$", "€", "£", "₽", "#", "№", "usd", "azn", "amd"})
_DOC_BEFORE = frozenset({"no", "nos", "number", "update", "resolution", "article", "decree",
                         "statement", "code", "flight", "route", "unit", "page", "vol"})
_HANDING = frozenset({"handed", "turned", "passed", "hand", "hands", "handing", "turning",
                      "took", "taken", "take", "handover", "give", "gave", "given", "hands"})
_SPACE_SEPARATORS = frozenset({" ", "\u00a0", "\u202f", "\u2009"})


@dataclass
class NumberExpr:
    """A number found in a sentence's tokens.

    ``first``/``last`` delimit the number tokens (inclusive/exclusive); ``qstart`` is the
    first token of the whole expression including its qualifier.
    """

    first: int
    last: int
    qstart: int
    value: int
    high: int | None = None
    qualifier: str = "exact"
    vague: bool = False
    skip: str = ""          # non-empty when this cannot be a casualty count (and why)
    increment: bool = False


def words_to_int(words: list[str]) -> int | None:
    """Value of a run of number words (``["forty", "nine"]`` -> 49), or None.

    Handles "a"/"an" before a scale ("a hundred") and "dozen" on top of ``text2num``.

    >>> words_to_int(["a", "hundred"]), words_to_int(["two", "dozen"]), words_to_int(["five"])
    (100, 24, 5)
    """
    if not words:
        return None
    words = [w for w in words if w != "-"]
    mult = 1
    if words and words[-1] == "dozen":
        mult, words = 12, words[:-1]
        if not words:
            return 12
    if words and words[0] in ("a", "an"):
        words = ["one"] + words[1:]
    if len(words) == 1 and words[0] in UNITS:
        return UNITS[words[0]] * mult
    try:
        value = text2num(" ".join(words), "en")
    except ValueError:
        return None
    return int(value) * mult


def parse_digits(s: str) -> int | None:
    """Parse a digit string with optional thousands separators ("6,700", "100 000").

    >>> parse_digits("6,700"), parse_digits("100 000"), parse_digits("12")
    (6700, 100000, 12)
    """
    cleaned = re.sub(r"[,\s\u00a0\u202f\u2009]", "", s)
    return int(cleaned) if cleaned.isdigit() else None


def parse_number(text: str) -> int | None:
    """Parse a whole string as one number expression; None when it is not exactly one.

    >>> parse_number("1.5 thousand"), parse_number("Forty-nine"), parse_number("a dozen")
    (1500, 49, 12)
    """
    toks = tokenize(text)
    exprs = find_numbers(toks, text)
    if len(exprs) != 1:
        return None
    e = exprs[0]
    if e.first != 0 or e.last != len(toks) or e.vague:
        return None
    return e.value


def _digit_group(toks: list[Token], i: int, text: str) -> tuple[int, int | None, bool]:
    """Read digits starting at token ``i``; return (end index, value, decimal_without_scale)."""
    n = len(toks)
    j = i + 1
    first = toks[i].text
    # thousands separators
    if len(first) <= 3:
        while j + 1 < n + 1 and j < n:
            sep = toks[j]
            if (sep.text == "," and j + 1 < n and adjacent(toks[j - 1], sep)
                    and adjacent(sep, toks[j + 1]) and toks[j + 1].is_digit
                    and len(toks[j + 1].text) == 3):
                j += 2
                continue
            if (sep.is_digit and len(sep.text) == 3
                    and text[toks[j - 1].end:sep.start] in _SPACE_SEPARATORS
                    and not (j + 1 < n and adjacent(sep, toks[j + 1])
                             and toks[j + 1].text in (",", ".", ":", "/") and j + 2 < n
                             and toks[j + 2].is_digit)):
                j += 1
                continue
            break
    raw = text[toks[i].start:toks[j - 1].end] if text else "".join(t.text for t in toks[i:j])
    value = parse_digits(raw)
    # decimal part
    if (j + 1 < n and toks[j].text == "." and adjacent(toks[j - 1], toks[j])
            and adjacent(toks[j], toks[j + 1]) and toks[j + 1].is_digit):
        frac = toks[j + 1].text
        k = j + 2
        if k < n and toks[k].low in SCALES:
            whole = float(f"{re.sub(r'[^0-9]', '', raw)}.{frac}")
            return k + 1, int(round(whole * SCALES[toks[k].low])), False
        return k, None, True
    if value is not None and j < n and toks[j].low in ("thousand", "million", "billion"):
        return j + 1, value * SCALES[toks[j].low], False
    return j, value, False


def _word_group(toks: list[Token], i: int) -> tuple[int, int | None]:
    """Read a run of number words starting at ``i`` ("forty - nine", "a hundred", "two dozen")."""
    n = len(toks)
    words: list[str] = []
    j = i
    if toks[i].low in ("a", "an"):
        words.append(toks[i].low)
        j = i + 1
    while j < n:
        low = toks[j].low
        if low in NUMBER_WORDS or low == "dozen":
            words.append(low)
            j += 1
            continue
        if (low in ("-", "‑") and words and j + 1 < n and adjacent(toks[j - 1], toks[j])
                and adjacent(toks[j], toks[j + 1]) and toks[j + 1].low in UNITS
                and words[-1] in UNITS and UNITS[words[-1]] >= 20):
            j += 1
            continue
        if (low == "and" and words and words[-1] in SCALES and j + 1 < n
                and toks[j + 1].low in UNITS):
            words.append(low)
            j += 1
            continue
        break
    if not words or words in (["a"], ["an"]):
        return i, None
    value = words_to_int(words)
    if value is None:
        # fall back to the longest prefix that parses
        while len(words) > 1 and value is None:
            words.pop()
            j -= 1
            value = words_to_int(words)
    return j, value


def _qualifier(toks: list[Token], i: int) -> tuple[int, str]:
    """Qualifier phrase ending just before token ``i``: (start index, qualifier)."""
    for length in range(QUALIFIER_MAXLEN, 0, -1):
        s = i - length
        if s < 0:
            continue
        key = tuple(t.low for t in toks[s:i])
        q = QUALIFIER_PHRASES.get(key)
        if q:
            if key == ("over",) and s > 0 and toks[s - 1].low in _HANDING:
                continue  # "handed over 100 bodies": a particle, not "more than"
            return s, q
    return i, "exact"


def _context_skip(toks: list[Token], first: int, last: int, value: int | None,
                  digits: bool) -> str:
    """Why the number at toks[first:last] is not a count (date, calibre, model, ...)."""
    n = len(toks)
    prev = toks[first - 1] if first > 0 else None
    nxt = toks[last] if last < n else None
    nxt2 = toks[last + 1] if last + 1 < n else None
    if prev is not None:
        if adjacent(prev, toks[first]) and (prev.text.isalpha() or prev.text in "/.:#№$€£₽"):
            return "attached-prefix"
        if prev.text in ("-", "‑") and adjacent(prev, toks[first]) and first >= 2 \
                and adjacent(toks[first - 2], prev) and toks[first - 2].text.isalpha():
            return "model"
        if prev.low in _CURRENCY_BEFORE or prev.low in MONTHS:
            return "currency-or-date"
        if prev.text == "." and first >= 2 and toks[first - 2].low in MONTHS \
                and adjacent(toks[first - 2], prev):
            return "currency-or-date"  # "Sept. 27", "Oct. 3"
        if prev.text in ("-", "–", "—") and first >= 3 and toks[first - 2].is_digit \
                and toks[first - 3].low in MONTHS:
            return "currency-or-date"  # "September 13-14": the end of a date range
        if prev.low in _DOC_BEFORE or (prev.text == "." and first >= 2
                                       and toks[first - 2].low in _DOC_BEFORE):
            return "document"
    if nxt is not None:
        if adjacent(toks[last - 1], nxt) and nxt.text.isalpha():
            return "unit-attached"
        if nxt.low in _UNIT_AFTER and not (nxt.low == "s" and not adjacent(toks[last - 1], nxt)):
            return "unit"
        if nxt.text in ("%", "‰", ":", "/") and adjacent(toks[last - 1], nxt):
            return "unit"
        if nxt.low in MONTHS:
            return "date"
        if nxt.text in ("-", "‑", "–") and adjacent(toks[last - 1], nxt) and nxt2 is not None \
                and adjacent(nxt, nxt2) and nxt2.text.isalpha() and nxt2.low not in NUMBER_WORDS:
            return "compound-modifier"
        if nxt.low in ("a", "p") and nxt2 is not None and nxt2.text == "." \
                and adjacent(nxt, nxt2):
            return "time"
        if nxt.low == "per" or (nxt.low == "percent"):
            return "percent"
    if digits and value is not None and 1800 <= value <= 2100 and last == first + 1:
        return "year?"
    return ""


def find_numbers(toks: list[Token], text: str = "") -> list[NumberExpr]:
    """All number expressions in ``toks`` (left to right), ranges merged.

    ``text`` is the string the token offsets refer to (used to see separators).
    """
    found: list[NumberExpr] = []
    n = len(toks)
    i = 0
    while i < n:
        t = toks[i]
        low = t.low
        expr: NumberExpr | None = None
        if t.is_digit:
            end, value, bad_decimal = _digit_group(toks, i, text)
            if value is None:
                expr = NumberExpr(i, end, i, 0, skip="decimal" if bad_decimal else "bad")
            else:
                expr = NumberExpr(i, end, i, value)
                expr.skip = _context_skip(toks, i, end, value, True)
            i_next = end
        elif low in NUMBER_WORDS or low == "dozen" or (
                low in ("a", "an") and i + 1 < n and (toks[i + 1].low in SCALES
                                                     or toks[i + 1].low == "dozen")):
            if low in ("a", "an") and i > 0 and toks[i - 1].low in VAGUE_PREFIX:
                i += 1
                continue
            end, value = _word_group(toks, i)
            if value is None or end == i:
                i += 1
                continue
            prev = toks[i - 1].low if i > 0 else ""
            if prev in VAGUE_PREFIX and toks[i].low in SCALES:
                # "several hundred", "a few thousand"
                qs = i - 2 if i >= 2 and toks[i - 2].low == "a" else i - 1
                expr = NumberExpr(qs, end, qs, 2 * SCALES[toks[i].low], vague=True,
                                  qualifier="at_least")
                found.append(expr)
                i = end
                continue
            expr = NumberExpr(i, end, i, value)
            expr.skip = _context_skip(toks, i, end, value, False)
            if prev in ("no",) and low == "one":
                expr.skip = "negated"
            i_next = end
        elif low == "both" and _both_victims(toks, i):
            # "both soldiers were killed": the pair is a count of two
            expr = NumberExpr(i, i + 1, i, 2)
            i_next = i + 1
        elif low in VAGUE and (low != "tens" or (i + 2 < n and toks[i + 1].low == "of"
                                                 and toks[i + 2].low == "thousands")):
            if low == "tens":
                found.append(NumberExpr(i, i + 3, i, 20000, vague=True, qualifier="at_least"))
                i += 3
                continue
            if low == "hundreds" and i + 2 < n and toks[i + 1].low == "of" \
                    and toks[i + 2].low == "thousands":
                found.append(NumberExpr(i, i + 3, i, 200000, vague=True, qualifier="at_least"))
                i += 3
                continue
            if low == "scores" and not (i + 1 < n and toks[i + 1].low == "of"):
                i += 1
                continue
            found.append(NumberExpr(i, i + 1, i, VAGUE[low], vague=True, qualifier="at_least"))
            i += 1
            continue
        if expr is None:
            i += 1
            continue
        qs, q = _qualifier(toks, expr.first)
        expr.qstart, expr.qualifier = qs, q
        if q == "up_to":
            expr.high = expr.value
        if _plus_after(toks, expr.last):
            # "200+ servicemen killed" (a casualty box): at least 200
            expr.qualifier = "at_least" if q == "exact" else q
            expr.last += 1
            i_next = max(i_next, expr.last)
        found.append(expr)
        i = i_next
    return _mark_ages_and_zeroes(_merge_ranges(found, toks), toks)


_VICTIM_PLURALS = (SOLDIER_NOUNS | CIVILIAN_NOUNS | PEOPLE_NOUNS) - {"sides", "side"}


def _both_victims(toks: list[Token], i: int) -> bool:
    """True for "both" as a determiner of a plural victim noun ("both soldiers", "both
    young conscripts"), not "both sides" or "both soldiers and civilians"."""
    n = len(toks)
    j = i + 1
    while j < n and j <= i + 3 and toks[j].low in NP_MODIFIERS and toks[j].low not in (
            "and", "of", "the", "its", "their", "our", "his", "her", "them", "those", "these"):
        j += 1
    if j >= n or toks[j].low not in _VICTIM_PLURALS or not toks[j].low.endswith("s"):
        return False
    return not (j + 1 < n and toks[j + 1].low in ("and", "or"))


#: words right before a number (or its "between") that make it an age: "aged 18 or 19"
_AGE_BEFORE = frozenset({"aged", "ages", "age"})
#: "none of the 40 workers", "not one of the 12 soldiers": a zero count (README §3)
_ZERO_OF = frozenset({"none", "neither", "nobody"})


def _mark_ages_and_zeroes(exprs: list[NumberExpr], toks: list[Token]) -> list[NumberExpr]:
    """Mark ages ("aged 18 or 19", "between the ages of 20 and 25") and numbers that only
    name the group a zero count is taken from ("none of the 40 workers was hurt")."""
    prev_age: NumberExpr | None = None
    for e in exprs:
        if prev_age is not None and e.qstart - prev_age.last == 1 \
                and toks[prev_age.last].low in ("and", "or", ",") and not e.skip:
            e.skip = "age"  # "aged 35 and 41"
        prev_age = e if e.skip == "age" else None
        if e.skip:
            continue
        k = e.qstart - 1
        if toks[e.first].low == "one" and e.last == e.first + 1 and k >= 0 \
                and toks[k].low == "not":
            e.skip = "negated"  # "not one of the 30 servicemen was hurt"
            continue
        if k >= 0 and toks[k].low == "between":
            k -= 1
        if k >= 0 and toks[k].low in ("of", "the", "its", "their") and k >= 1:
            j = k
            while j >= 0 and toks[j].low in ("of", "the", "its", "their"):
                j -= 1
            if j >= 0 and (toks[j].low in _ZERO_OF or (
                    toks[j].low == "one" and j >= 1 and toks[j - 1].low in ("not", "no"))):
                e.skip = "negated"
                continue
            if j >= 0 and toks[j].low in ("ages", "age") and toks[k].low == "of":
                e.skip = "age"
                prev_age = e
                continue
        if k >= 0 and toks[k].low == "aged":
            e.skip = "age"
            prev_age = e
    return exprs


def _merge_ranges(exprs: list[NumberExpr], toks: list[Token]) -> list[NumberExpr]:
    """Merge "between 30 and 40", "15 to 20", "15-20", "two or three" into one expression."""
    out: list[NumberExpr] = []
    k = 0
    while k < len(exprs):
        a = exprs[k]
        if k + 1 < len(exprs) and a.skip == "year?":
            b = exprs[k + 1]
            gap = toks[a.last:b.qstart] if b.qstart >= a.last else []
            if (len(gap) == 1 and gap[0].low in ("-", "–", "—", "/")
                    and b.qstart == b.first and b.last == b.first + 1
                    and toks[b.first].is_digit and len(toks[b.first].text) == 2):
                # a span of years, "1991-92", "1992/93": the short year is not a count
                b.skip = "date"
                out.extend((a, b))
                k += 2
                continue
        if k + 1 < len(exprs) and not a.vague and not a.skip:
            b = exprs[k + 1]
            gap = toks[a.last:b.qstart] if b.qstart >= a.last else []
            between = a.qstart > 0 and toks[a.qstart - 1].low == "between"
            if (len(gap) == 1 and not b.vague and b.qstart == b.first and b.value > a.value
                    and (gap[0].low in ("to", "-", "–", "—")
                         or (gap[0].low == "and" and between))
                    and not _is_update(toks, a) and b.skip in ("", "year?")):
                start = a.qstart
                q = a.qualifier
                if a.qstart > 0 and toks[a.qstart - 1].low == "between":
                    start = a.qstart - 1
                    qs, q2 = _qualifier(toks, start)
                    start, q = (qs, q2) if q2 != "exact" else (start, q)
                if q == "up_to":
                    q = "exact"
                merged = NumberExpr(a.first, b.last, start, a.value, b.value, q)
                merged.skip = b.skip if b.skip != "year?" else ""
                if b.skip == "year?" or a.skip == "year?":
                    merged.skip = "year?"
                out.append(merged)
                k += 2
                continue
        out.append(a)
        k += 1
    return out


def _plus_after(toks: list[Token], j: int) -> bool:
    """A "+" written right after the number that ends before token ``j`` ("200+")."""
    return (0 < j < len(toks) and toks[j].text == "+" and toks[j].start == toks[j - 1].end
            and (j + 1 >= len(toks) or not toks[j + 1].is_digit))


def _is_update(toks: list[Token], a: NumberExpr) -> bool:
    """True when ``a`` is introduced by "from" ("rose from 49 to 105")."""
    return a.qstart > 0 and toks[a.qstart - 1].low == "from"
