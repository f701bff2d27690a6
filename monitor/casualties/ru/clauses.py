"""Clauses of a sentence (comma/semicolon/bracket/dash separated) and the category they state."""

from __future__ import annotations

from .lexicon import collective_words, forms, lexicon, number_words
from .numbers import Token

_BREAKS = frozenset({",", ";", "(", ")", "|", ":", "—", "–"})
CATEGORY_ORDER = tuple(lexicon()["categories"]["priority"])


def _starts_number(tokens: list[Token], i: int) -> bool:
    """Whether the token after ``i`` begins a number ("… и 12 ранены", "… а трое пропали")."""
    if i + 1 >= len(tokens):
        return False
    nxt = tokens[i + 1]
    return nxt.is_digit or nxt.lower in number_words() or nxt.lower in collective_words()


def clause_bounds(tokens: list[Token]) -> list[tuple[int, int]]:
    """``(first, end)`` token ranges of the clauses, in order; "и"/"а" before a number also
    starts a clause ("погибли 5 человек и 12 ранены")."""
    out, start = [], 0
    for i, tok in enumerate(tokens):
        if tok.text in _BREAKS or (tok.lower in ("и", "а") and _starts_number(tokens, i)):
            if i > start:
                out.append((start, i))
            start = i + 1
    if start < len(tokens):
        out.append((start, len(tokens)))
    return out or [(0, 0)]


def _text(tokens: list[Token], lo: int, hi: int) -> str:
    return " ".join(t.lower for t in tokens[lo:hi])


def clause_category(tokens: list[Token], lo: int, hi: int, sentence_lower: str,
                    deaths_elsewhere: bool) -> str | None:
    """The category the clause ``tokens[lo:hi]`` states, by the lexicon's priority, or None."""
    text = _text(tokens, lo, hi)
    words = [t.lower for t in tokens[lo:hi] if t.is_word]
    found = set()
    if forms("categories", "casualties").phrase_in(text):
        found.add("casualties")
    for cat in ("killed", "wounded", "missing", "captured", "displaced"):
        f = forms("categories", cat)
        if f.phrase_in(text) or any(f.word(w) for w in words):
            found.add(cat)
    body, transfer = forms("categories", "bodies"), forms("categories", "transfer")
    if any(body.word(w) for w in words) and any(transfer.word(w) for w in sentence_lower.split()):
        found.add("bodies_returned")
    losses = forms("categories", "losses")
    if "killed" in found and all(losses.word(w) or not forms("categories", "killed").word(w) for w in words):
        # only "потери" speaks of deaths here: deaths if the passage counts deaths, else casualties
        if not any(w.startswith("потерял") for w in words) and not deaths_elsewhere:
            found.discard("killed")
            found.add("casualties")
    for cat in CATEGORY_ORDER:
        if cat in found:
            return cat
    return None


def category_for(tokens: list[Token], clauses: list[tuple[int, int]], k: int,
                 sentence_lower: str, deaths_elsewhere: bool) -> str | None:
    """Category of the figure in clause ``k``: its own clause, else the next, else earlier ones
    (earlier ones first for a clause joined by "и"/"а")."""
    order = [k] + ([k + 1] if k + 1 < len(clauses) else []) + list(range(k - 1, -1, -1))
    lo = clauses[k][0]
    if k and lo and tokens[lo - 1].lower in ("и", "а"):     # "погибли 26 … и 6 …": the verb before
        order = [k] + list(range(k - 1, -1, -1)) + ([k + 1] if k + 1 < len(clauses) else [])
    for j in order:
        cat = clause_category(tokens, *clauses[j], sentence_lower, deaths_elsewhere)
        if cat is not None:
            return cat
    return None
