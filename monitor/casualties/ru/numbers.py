"""Russian tokens and the numbers among them: digits, words in every case, vague plurals."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import collective_words, number_words, vague_words

# digits grouped by spaces ("2 425"), decimals ("2,9"), words (with inner hyphens), other marks
_TOKEN_RE = re.compile(
    r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,.]\d)|\d+(?:[.,]\d+)?|[^\W\d_]+(?:-[^\W\d_]+)*|\S")


@dataclass(frozen=True)
class Token:
    text: str
    lower: str
    start: int
    end: int

    @property
    def is_word(self) -> bool:
        return self.text[0].isalpha()

    @property
    def is_digit(self) -> bool:
        return self.text[0].isdigit()


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(), m.group().lower().replace("ё", "е"), m.start(), m.end())
            for m in _TOKEN_RE.finditer(text)]


@dataclass
class Number:
    """A number in the token list: tokens ``[first, last]``, its value and whether it is vague."""
    first: int
    last: int
    value: int
    vague: bool = False
    after_from: bool = False       # the M of "с N до M"


def _digits(tok: str) -> float | None:
    s = re.sub(r"[ \u00a0\u202f]", "", tok)
    if re.fullmatch(r"\d{1,3},\d{3}", s):          # "6,700": a thousands comma
        return float(s.replace(",", ""))
    try:
        return float(s.replace(",", "."))
    except ValueError:
        return None


def _words_value(words: list[str]) -> float:
    """Value of consecutive cardinal words: "двух тысяч трехсот" → 2300."""
    table = number_words()
    total, current = 0.0, 0.0
    for w in words:
        v = table[w]
        if v >= 1000:
            total += (current or 1) * v
            current = 0.0
        else:
            current += v
    return total + current


def _multiplier(tokens: list[Token], i: int) -> tuple[float, int]:
    """A "тыс."/"тысяч"/"млн" right after position ``i - 1``: (factor, tokens used)."""
    if i < len(tokens):
        v = number_words().get(tokens[i].lower)
        if v in (1000.0, 1000000.0):
            used = 2 if i + 1 < len(tokens) and tokens[i + 1].text == "." and tokens[i].lower in ("тыс", "млн") else 1
            return v, used
    return 1.0, 0


def _word_number(tokens: list[Token], i: int) -> tuple[float, int] | None:
    """Cardinal words from ``i`` (with "с половиной"): (value, tokens used)."""
    table = number_words()
    j, words = i, []
    while j < len(tokens) and tokens[j].lower in table:
        words.append(tokens[j].lower)
        j += 1
    if not words:
        return None
    half = j + 1 < len(tokens) and tokens[j].lower == "с" and tokens[j + 1].lower == "половиной"
    if half:
        j += 2
        factor, used = _multiplier(tokens, j)
        return (_words_value(words) + 0.5) * factor, j + used - i
    if len(words) == 1 and table[words[0]] >= 1000:
        return None                                    # bare "тысячи" is vague, not 1000
    return _words_value(words), j - i


def find_numbers(tokens: list[Token]) -> list[Number]:
    """Every number of the token list, left to right."""
    out: list[Number] = []
    i, n = 0, len(tokens)
    vague, collective = vague_words(), collective_words()
    while i < n:
        tok = tokens[i]
        if tok.is_digit:
            value = _digits(tok.text)
            if value is not None:
                factor, used = _multiplier(tokens, i + 1)
                out.append(Number(i, i + used, round(value * factor)))
                i += 1 + used
                continue
        elif tok.lower in collective:
            out.append(Number(i, i, int(collective[tok.lower])))
        elif tok.lower == "несколько" and i + 1 < n and tokens[i + 1].lower in ("сотен", "тысяч"):
            out.append(Number(i, i + 1, 200 if tokens[i + 1].lower == "сотен" else 2000, vague=True))
            i += 2
            continue
        elif (parsed := _word_number(tokens, i)) is not None:
            value, used = parsed
            out.append(Number(i, i + used - 1, round(value)))
            i += used
            continue
        elif tok.lower in vague:
            value, last = vague[tok.lower], i
            if i + 1 < n and tokens[i + 1].lower in ("тысяч", "тысячи"):
                value, last = {24.0: 20000, 200.0: 200000}.get(value, value), i + 1  # "десятки тысяч"
            out.append(Number(i, last, round(value), vague=True))
            i = last + 1
            continue
        i += 1
    return out
