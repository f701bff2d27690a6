"""What earlier lines and sentences of a text tell a later one: :class:`DocumentContext`.

One explicit object is passed through the sentence loop of :func:`extract_figures`.  It
carries:

* ``reporter`` – the party whose statement the figures are (README §6.3: a party reports
  its own losses), from "Baku's defence ministry said …" in an earlier sentence;
* ``claimant`` – who states the figures (``armenia``, ``azerbaijan``, ``third_party``), for
  the ``claimed_by`` field;
* ``label_side`` / ``label_claimant`` / ``label_category`` / ``label_victims`` – what a list
  heading or column label says about the lines under it ("Per Armenian sources:",
  "Azerbaijani claim:", "Civilian deaths:");
* ``place`` – the side holding the last settlement or region named ("in the village of
  …", "in Artsakh"), for the location rule of a later sentence that names no party;
* ``last`` – the figure just before (for "others", "more", ellipsis).

Expiry rule:

* a **paragraph end** (a blank line) clears ``reporter``, ``claimant``, ``place`` and ``last``, except
  inside a list under a heading (the heading's lines are one unit, blank lines or not);
* a **new heading** replaces the label fields; a **prose paragraph** (a line of more than
  :data:`PROSE_WORDS` words that ends in sentence punctuation and is not a bullet item)
  ends the heading's scope;
* a sentence naming a **new reporter** replaces ``reporter`` and ``claimant``; a sentence
  that names a party without a reporter clears ``reporter`` (the older rule of the sentence
  loop), but not a heading's label.

>>> ctx = DocumentContext()
>>> ctx.begin("Per Armenian sources:", "")
True
>>> ctx.label_side, ctx.label_claimant
('armenia', 'armenia')
>>> ctx.begin("Azerbaijani claim:", "\\n\\n")
True
>>> ctx.label_side, ctx.label_claimant
('armenia', 'azerbaijan')
>>> ctx.begin("The fighting lasted for six weeks and ended with a truce in November.", "\\n\\n")
False
>>> ctx.label_side
''
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .side import OTHER, party_of

#: a bullet or list item opener at the start of a line
_BULLET_RE = re.compile(r"^\s*(?:[•·▪●◦‣∙\-–—*]|\d{1,2}[.)]\s)")
#: footnote markers and trailing notes that decorate a heading or a list line
FOOTNOTE_RE = re.compile(r"\[(?:\d{1,3}|[a-z]{1,2}|note \d{1,3}|citation needed|nb \d{1,2})\]",
                         re.IGNORECASE)
PROSE_WORDS = 12

#: heading words that make the party the *claimant about the other side*
_CLAIM_WORDS = frozenset({"claim", "claims", "claimed"})
#: heading words that make the party the source of its own figures
_SOURCE_WORDS = frozenset({"per", "according", "sources", "source", "official", "figures",
                           "data", "losses", "casualties", "side", "estimate", "estimates"})
#: heading words naming a category and victims: "Civilian deaths:", "Civilians missing:"
_HEADING_CATEGORY = {
    "deaths": "killed", "dead": "killed", "killed": "killed", "fatalities": "killed",
    "wounded": "wounded", "injured": "wounded", "missing": "missing",
    "displaced": "displaced", "refugees": "displaced", "captured": "captured",
    "prisoners": "captured",
}
_HEADING_VICTIMS = {"civilian": "civilians", "civilians": "civilians", "military": "soldiers",
                    "servicemen": "soldiers", "soldiers": "soldiers"}
_WORD_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)


@dataclass
class DocumentContext:
    """Context carried from one sentence of a text to the next (see the module doc)."""

    reporter: str = ""
    claimant: str = ""
    label_side: str = ""
    label_claimant: str = ""
    label_category: str = ""
    label_victims: str = ""
    in_list: bool = False
    place: str = ""
    item_template: dict | None = None
    last: dict | None = None

    def begin(self, sentence: str, gap: str) -> bool:
        """Start a sentence; ``gap`` is the text since the previous one.  Applies the expiry
        rule and returns True when the sentence is a heading (then it holds no figure)."""
        new_line = "\n" in gap or not gap
        if "\n\n" in gap.replace("\r", "") or (gap.count("\n") >= 2):
            if not self.label_side and not self.label_category:
                self.reporter = self.claimant = self.place = ""
                self.last = None
        if not new_line:
            return False
        line = (FOOTNOTE_RE.sub("", sentence) if "[" in sentence else sentence).strip()
        heading = parse_heading(line) if (line.endswith(":") or len(line) < 24) else None
        if heading is not None:
            self.label_side, self.label_claimant, self.label_category, self.label_victims = heading
            self.in_list = True
            self.item_template = None
            self.reporter = self.label_side
            self.claimant = self.label_claimant
            self.last = None
            return True
        if (self.in_list or self.item_template is not None) and _is_prose(line):
            self.item_template = None
            if self.in_list:
                self.label_side = self.label_claimant = ""
                self.label_category = self.label_victims = ""
                self.in_list = False
                self.reporter = self.claimant = ""
        return False

    def side_for_reporter(self) -> str:
        """The reporter a sentence that names no party inherits."""
        return self.reporter or self.label_side


def _is_prose(line: str) -> bool:
    """A line of running text (ends a heading's scope), not a list item."""
    if _BULLET_RE.match(line):
        return False
    return len(line.split()) > PROSE_WORDS and line.rstrip()[-1:] in ".!?\"”'’"


def parse_heading(line: str) -> tuple[str, str, str, str] | None:
    """(side, claimant, category, victims) that a heading or label line gives the lines
    under it, or None when ``line`` is not a heading.

    A heading is a short line ending in a colon ("Per Armenia:", "Azerbaijani claim:",
    "Civilian deaths:", "Casualties1:") or a box title ("Casualties and losses").  A party
    with a claim word claims the *other* side's losses; a party with a source word (per,
    according to, sources, official figures) or alone reports its own.

    >>> parse_heading("Per Armenia:")
    ('armenia', 'armenia', '', '')
    >>> parse_heading("Official Azerbaijani figures:")
    ('azerbaijan', 'azerbaijan', '', '')
    >>> parse_heading("Armenian claim:")
    ('azerbaijan', 'armenia', '', '')
    >>> parse_heading("Civilians missing:")
    ('', '', 'missing', 'civilians')
    >>> parse_heading("Casualties and losses")
    ('', '', '', '')
    >>> parse_heading("Armenia said 12 soldiers died:") is None
    True
    """
    text = line.strip()
    if not text or _BULLET_RE.match(text):
        return None
    words = [w.lower() for w in _WORD_RE.findall(text)]
    if not words or len(words) > 6 or any(ch.isdigit() for ch in text.rstrip(":").rstrip("0123456789")):
        return None
    colon = text.endswith(":")
    box_title = words in (["casualties", "and", "losses"], ["casualties"], ["losses"])
    if not colon and not box_title:
        return None
    parties = {party_of(w) for w in words} - {""}
    if len(parties) > 1:
        return None
    party = parties.pop() if parties else ""
    if party and not (set(words) & (_CLAIM_WORDS | _SOURCE_WORDS)) and len(words) > 2:
        return None  # "Armenia said soldiers died:" is a sentence, not a label
    if any(w in ("said", "says", "reported", "told", "was", "were", "is", "are") for w in words):
        return None
    category = next((_HEADING_CATEGORY[w] for w in words if w in _HEADING_CATEGORY), "")
    victims = next((_HEADING_VICTIMS[w] for w in words if w in _HEADING_VICTIMS), "")
    if party and set(words) & _CLAIM_WORDS:
        return OTHER[party], party, category, victims
    return party, party, category, victims
