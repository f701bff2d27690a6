"""Sentence splitting with character offsets (linear, abbreviation-aware)."""

from __future__ import annotations

import re

# Candidate boundary: terminal punctuation plus optional closing quotes/brackets, followed
# by whitespace; or a line break.  Each alternative is a flat character class run.
_BOUNDARY_RE = re.compile(r"[.!?…։]+[\"'”’»)\]]*(?=\s)|\n")
_ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "capt", "sgt", "pvt", "prof", "st",
    "no", "nos", "vs", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "u.s", "u.n", "e.g", "i.e", "a.m", "p.m", "approx", "est", "inc", "ltd",
    "jr", "sr", "gov", "rep", "sen", "corp", "cpl", "adm", "brig", "fig", "art", "ca",
})
_WORD_BEFORE_RE = re.compile(r"[\w.]{1,12}$")


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the period at ``dot`` ends an abbreviation or an initial (not a sentence)."""
    m = _WORD_BEFORE_RE.search(text, max(0, dot - 12), dot)
    if not m:
        return False
    word = m.group().lower().strip(".")
    if word in _ABBREVIATIONS:
        return True
    # single capital initial: "E. Mammadov"
    return len(word) == 1 and text[dot - 1].isupper()


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` spans of sentences, whitespace trimmed.

    >>> t = "Pvt. E. Aliyev died. Two were hurt at 2 a.m. on Monday."
    >>> [t[s:e] for s, e in split_sentences(t)]
    ['Pvt. E. Aliyev died.', 'Two were hurt at 2 a.m. on Monday.']
    """
    spans: list[tuple[int, int]] = []
    n = len(text)
    start = 0
    for m in _BOUNDARY_RE.finditer(text):
        end = m.end()
        if m.group() != "\n":
            nxt = end
            while nxt < n and text[nxt] in " \t\r\u00a0":
                nxt += 1
            if nxt < n and text[nxt] != "\n":
                c = text[nxt]
                if not (c.isupper() or c.isdigit() or c in "\"'“‘«(["):
                    continue
                if m.group()[0] == "." and len(m.group()) == 1 and _is_abbreviation(text, m.start()):
                    continue
        _add(text, start, end, spans)
        start = end
    _add(text, start, n, spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    """Append the trimmed span ``text[start:end]`` when it is not blank."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
