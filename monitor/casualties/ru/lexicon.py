"""The Russian lexicon (``lexicon.toml``) loaded into word sets and stem matchers."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

LEXICON_FILE = Path(__file__).with_name("lexicon.toml")


class Forms:
    """Whole words and stems (``"погиб*"``) of one lexicon entry; multi-word forms kept apart."""

    def __init__(self, forms: list[str]) -> None:
        single = [f for f in forms if " " not in f]
        self.words = frozenset(f for f in single if not f.endswith("*"))
        self.stems = tuple(f[:-1] for f in single if f.endswith("*"))
        self.phrases = tuple(f.rstrip("*") for f in forms if " " in f)

    def word(self, lower: str) -> bool:
        """Whether the lower-cased word ``lower`` is one of the forms."""
        return lower in self.words or lower.startswith(self.stems)

    def phrase_in(self, lower_text: str) -> bool:
        """Whether a multi-word form occurs in ``lower_text`` (spaces normalised)."""
        return any(p in lower_text for p in self.phrases)


@lru_cache(maxsize=1)
def lexicon() -> dict:
    with LEXICON_FILE.open("rb") as fh:
        return tomllib.load(fh)


def _value_table(table: dict[str, list[str]]) -> dict[str, float]:
    return {form: float(value) for value, forms in table.items() for form in forms}


@lru_cache(maxsize=1)
def number_words() -> dict[str, float]:
    """Every case form of a cardinal or a fraction → its value."""
    lex = lexicon()
    return {**_value_table(lex["numbers"]), **_value_table(lex["fractions"])}


@lru_cache(maxsize=1)
def collective_words() -> dict[str, float]:
    return _value_table(lexicon()["collective"])


@lru_cache(maxsize=1)
def vague_words() -> dict[str, float]:
    return _value_table(lexicon()["vague"])


@lru_cache(maxsize=None)
def forms(table: str, key: str) -> Forms:
    """The :class:`Forms` of ``lexicon()[table][key]``."""
    return Forms(lexicon()[table][key])
