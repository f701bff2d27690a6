"""Hostile input and number parsing properties for the casualty extractor."""

from __future__ import annotations

import random
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.casualties import extract_figures
from monitor.casualties.numbers import parse_number
from monitor.casualties.sentences import split_sentences


@pytest.mark.parametrize("text", ["", " ", "\n\n\n", ".", "0", "\x00\x01\x02", "\ufffd" * 50])
def test_trivial_inputs(text: str) -> None:
    assert extract_figures(text) == []


def test_binary_garbage() -> None:
    rng = random.Random(7)
    blob = bytes(rng.randrange(256) for _ in range(200_000)).decode("latin-1")
    figs = extract_figures(blob)
    assert isinstance(figs, list)
    for f in figs:
        assert blob[f["start"]:f["end"]] == f["sentence"]


def test_megabyte_of_news() -> None:
    sentence = ("Azerbaijan said 12 of its servicemen were killed and 31 wounded near Tartar, "
                "while 2,000 peacekeepers stayed in place. ")
    text = sentence * (1_000_000 // len(sentence))
    t0 = time.perf_counter()
    figs = extract_figures(text)
    elapsed = time.perf_counter() - t0
    assert len(figs) == 2 * (1_000_000 // len(sentence))
    assert elapsed < 10, elapsed


def _timed(text: str) -> float:
    best = float("inf")
    for _ in range(2):
        t0 = time.perf_counter()
        extract_figures(text)
        best = min(best, time.perf_counter() - t0)
    return best


# Shapes that make naive regexes backtrack: long runs of separators, digits, dots, hyphens,
# number words, qualifiers and triggers without a sentence end.
PATHOLOGICAL = [
    "1," * 1000 + "killed ",
    "1 " * 1000 + "x killed ",
    "9" * 2000 + " dead ",
    "." * 2000 + " killed ",
    "a. " * 1000 + "died ",
    "-" * 2000 + "wounded ",
    "forty-" * 800 + "killed ",
    "at least more than up to " * 300 + "killed ",
    "Armenian Azerbaijani soldiers " * 300 + "killed ",
    "killed wounded dead " * 500,
    "of its " * 800 + "soldiers killed ",
    "a a a a " * 500 + "soldier was killed ",
    "1.1.1." * 800 + " killed ",
    "between 1 and " * 400 + "killed ",
    # many figures and cues in one sentence: per-figure lookups must not rescan the sentence
    "while 5 soldiers were killed ",
    "Baku said 5 of its soldiers died, ",
    "3 more soldiers were killed and ",
    "on both sides 4 soldiers and 3 civilians were killed in the war ",
    "Armenian shelling and Azerbaijani fire and its forces killed a soldier ",
]


@pytest.mark.parametrize("unit", PATHOLOGICAL, ids=range(len(PATHOLOGICAL)))
def test_no_catastrophic_backtracking(unit: str) -> None:
    """Time at n and 4n: linear code scales ~4x; quadratic ~16x; exponential never ends.

    Each input is one long sentence (no terminator), the worst case for per-sentence work.
    The bound (8x, plus an absolute ceiling) is generous for timer noise yet fails by a
    wide margin on quadratic behaviour.
    """
    small = unit * 2
    big = unit * 8
    t_small = max(_timed(small), 1e-4)
    t_big = _timed(big)
    assert t_big < 2.0, t_big
    assert t_big / t_small < 8 or t_big < 0.05, (t_small, t_big)


def test_sentence_offsets_cover_text() -> None:
    text = "First one. Second: 3 killed!  Third line\nFourth (a.m.) Pvt. E. Aliyev died."
    for s, e in split_sentences(text):
        assert text[s:e].strip() == text[s:e] and text[s:e]


# ---------------------------------------------------------------------- number parsing

def _group(n: int, sep: str) -> str:
    return f"{n:,}".replace(",", sep)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=999_999_999), st.sampled_from([",", " ", ""]))
def test_digits_with_separators_roundtrip(n: int, sep: str) -> None:
    assert parse_number(_group(n, sep)) == n


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=999_999_999), st.booleans())
def test_number_words_roundtrip(n: int, capitalise: bool) -> None:
    num2words = pytest.importorskip("num2words").num2words
    words = num2words(n).replace(",", "")
    if capitalise:
        words = words[0].upper() + words[1:]
    assert parse_number(words) == n, words


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=1, max_value=99), st.integers(min_value=0, max_value=9),
       st.sampled_from(["thousand", "million"]))
def test_decimal_scale(whole: int, tenth: int, scale: str) -> None:
    mult = 1000 if scale == "thousand" else 1_000_000
    assert parse_number(f"{whole}.{tenth} {scale}") == (whole * 10 + tenth) * mult // 10


@pytest.mark.parametrize("text,value", [
    ("a hundred", 100), ("a dozen", 12), ("two dozen", 24), ("a million", 1_000_000),
    ("Forty-nine", 49), ("one hundred and five", 105), ("100 000", 100_000),
    ("6,700", 6700), ("2.9 thousand", 2900), ("fifty", 50),
])
def test_number_forms(text: str, value: int) -> None:
    assert parse_number(text) == value


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=2, max_value=99_999), st.sampled_from([",", " "]))
def test_count_in_sentence(n: int, sep: str) -> None:
    text = f"Officials in Baku said {_group(n, sep)} Azerbaijani civilians were wounded."
    figs = extract_figures(text)
    assert [(f["count"], f["category"], f["side"], f["victims"]) for f in figs] == [
        (n, "wounded", "azerbaijan", "civilians")]
