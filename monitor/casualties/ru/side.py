"""The victims' side of a Russian figure (README §6, in Russian forms)."""

from __future__ import annotations

import re

from .lexicon import forms
from .numbers import Token

_OTHER = {"armenia": "azerbaijan", "azerbaijan": "armenia"}
_PARTY_GENITIVE = {"армении": "armenia", "нкр": "armenia", "арцаха": "armenia", "карабаха": "armenia",
                   "азербайджана": "azerbaijan"}
_PARTY_SUBJECT = {"армения": "armenia", "ереван": "armenia", "нкр": "armenia",
                  "азербайджан": "azerbaijan", "баку": "azerbaijan"}
_RECIPIENT = re.compile(r"(?:переда\w*|вернул\w*|возвращ\w*)\s+(?:\w+\s+)?"
                        r"(армении|армению|азербайджану|азербайджан|армянской стороне|азербайджанской стороне)")
_OWN_SIDE = re.compile(r"(армянск|азербайджанск)\w* сторон[ыеу]")
_ATTACK_SIDE = re.compile(r"(?:выстрел|обстрел|огон|огн|удар|атак|ракет)\w*\s+(?:\w+\s+){0,2}"
                          r"(?:с|со) (армянск|азербайджанск)\w* сторон")


def word_side(lower: str) -> str | None:
    """The party a single word names ("армянских" → armenia), if any."""
    if forms("sides", "armenia").word(lower):
        return "armenia"
    if forms("sides", "azerbaijan").word(lower):
        return "azerbaijan"
    return None


def phrase_side(tokens: list[Token], lo: int, hi: int) -> str | None:
    """Side named in the figure's own noun phrase ``tokens[lo:hi]``; "unknown" for a third party."""
    attack = forms("sides", "attack")
    third = forms("sides", "third_party")
    for i in range(lo, hi):
        if not tokens[i].is_word and tokens[i].text in ",;()|":
            break
        w = tokens[i].lower
        if third.word(w):
            return "unknown"
        side = word_side(w)
        if side:
            if any(attack.word(tokens[j].lower) for j in range(max(lo, i - 3), i)):
                return _OTHER[side]
            return side
    return None


def _stem_side(stem: str) -> str:
    return "armenia" if stem.startswith("армян") else "azerbaijan"


def reporter_side(words: list[str]) -> str | None:
    """Side of a body reporting its own figures: "Минобороны Азербайджана", "армянская сторона"."""
    reporter = forms("sides", "reporter")
    for i, w in enumerate(words):
        if reporter.word(w):
            after = words[i + 1:i + 5]
            for j, nxt in enumerate(after[:3]):
                if nxt in _PARTY_GENITIVE:
                    return _PARTY_GENITIVE[nxt]
                follow = after[j + 1] if j + 1 < len(after) else ""
                if nxt == "республики" and follow in ("армения", "армении"):   # "… Республики Армения"
                    return "armenia"
                if nxt.startswith(("азербайджанск", "армянск")) and follow == "республики":
                    return _stem_side(nxt)                                    # "… Азербайджанской Республики"
            if i and words[i - 1].startswith(("армянск", "азербайджанск")):
                return _stem_side(words[i - 1])
        if w.startswith("потер") and i + 1 < len(words) and words[i + 1] in _PARTY_GENITIVE:
            return _PARTY_GENITIVE[words[i + 1]]
    for i, w in enumerate(words):
        if w in _PARTY_SUBJECT and (i + 1 < len(words) and words[i + 1].isalpha()):
            return _PARTY_SUBJECT[w]
    return None


def attacker_side(words: list[str]) -> str | None:
    """The victims' side from an attacker named beside an attack word ("удары Азербайджана")."""
    attack = forms("sides", "attack")
    for i, w in enumerate(words):
        if not attack.word(w):
            continue
        for nxt in words[max(0, i - 2):i] + words[i + 1:i + 5]:
            side = word_side(nxt)
            if side:
                return _OTHER[side]
    return None


def place_side(words: list[str]) -> str | None:
    """The side holding a place the sentence names (README §6 rule 5)."""
    if any(forms("sides", "azerbaijan_places").word(w) for w in words):
        return "azerbaijan"
    if any(forms("sides", "armenia_places").word(w) for w in words):
        return "armenia"
    return None


def affiliation_side(words: list[str]) -> str | None:
    """The one side that victim nouns of the sentence are tied to ("военнослужащих Азербайджана",
    "армянских солдат"); None when none or both are."""
    found = set()
    nouns = (forms("victims", "soldiers"), forms("victims", "civilians"))
    for i, w in enumerate(words):
        if any(f.word(w) for f in nouns):
            nxt = words[i + 1] if i + 1 < len(words) else ""
            prev = words[i - 1] if i else ""
            if nxt in _PARTY_GENITIVE:
                found.add(_PARTY_GENITIVE[nxt])
            elif prev.startswith(("армянск", "азербайджанск")):
                found.add(_stem_side(prev))
    return found.pop() if len(found) == 1 else None


class SentenceSides:
    """The side clues of one sentence, in the order README §6 applies them."""

    def __init__(self, lower: str, words: list[str]) -> None:
        self.lower = lower
        self.words = words
        m = _RECIPIENT.search(lower)
        self.recipient = None if not m else ("armenia" if m.group(1).startswith("арм") else "azerbaijan")
        self.both = forms("sides", "both").phrase_in(lower)
        attack = _ATTACK_SIDE.search(lower)
        own = _OWN_SIDE.search(_ATTACK_SIDE.sub(" ", lower))
        self.own = _stem_side(own.group(1)) if own else None
        self.reporter = reporter_side(words)
        self.affiliation = affiliation_side(words)
        self.attacker = attacker_side(words) or (_OTHER[_stem_side(attack.group(1))] if attack else None)
        self.place = place_side(words)
        target = re.search(r"против (арцаха|армении|нкр|карабаха|азербайджана)", lower)
        self.target = None if not target else _PARTY_GENITIVE[target.group(1)]

    def party(self) -> str | None:
        """The side the sentence gives a figure with no side of its own."""
        return self.own or self.affiliation or self.reporter or self.attacker or self.place
