"""Hostile input and number parsing properties for the casualty extractor."""

from __future__ import annotations

import random
import sys
from pathlib import Path

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
    """A megabyte of text in one call gives every figure (timing: bench/bench_casualties.py)."""
    sentence = ("Azerbaijan said 12 of its servicemen were killed and 31 wounded near Tartar, "
                "while 2,000 peacekeepers stayed in place. ")
    text = sentence * (1_000_000 // len(sentence))
    figs = extract_figures(text)
    assert len(figs) == 2 * (1_000_000 // len(sentence))


sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from bench_backtracking import PATHOLOGICAL  # noqa: E402


@pytest.mark.parametrize("unit", PATHOLOGICAL, ids=range(len(PATHOLOGICAL)))
def test_pathological_inputs_complete(unit: str) -> None:
    """Shapes that make naive regexes backtrack still give a well-formed answer.

    The n-vs-4n timing of these shapes is a benchmark (bench/bench_backtracking.py), not a
    test: a timed assertion failed under load in a full run of the suite.
    """
    text = unit * 8
    figs = extract_figures(text)
    assert isinstance(figs, list)
    for f in figs:
        assert text[f["start"]:f["end"]] == f["sentence"]


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
