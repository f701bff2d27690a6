"""Tokenisation: one linear regex pass that yields words, digit runs and single symbols."""

from __future__ import annotations

import re
from typing import NamedTuple

# Letters, digit runs, or one other non-space character.  No nested quantifiers, so the
# scan is linear in the input whatever its shape.
_TOKEN_RE = re.compile(r"[^\W\d_]+|\d+|\S")


class Token(NamedTuple):
    """A token with its lower-cased form and character offsets in the source text."""

    text: str
    low: str
    start: int
    end: int

    @property
    def is_digit(self) -> bool:
        """True for a run of ASCII/Unicode digits."""
        return self.text.isdigit()


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Split ``text`` into tokens; offsets are shifted by ``offset``.

    >>> [t.text for t in tokenize("Mi-24, 6,700 dead")]
    ['Mi', '-', '24', ',', '6', ',', '700', 'dead']
    """
    out: list[Token] = []
    append = out.append
    for m in _TOKEN_RE.finditer(text):
        s = m.group()
        append(Token(s, s.lower(), m.start() + offset, m.end() + offset))
    return out


def adjacent(a: Token, b: Token) -> bool:
    """True when ``b`` starts exactly where ``a`` ends (no space between)."""
    return a.end == b.start
