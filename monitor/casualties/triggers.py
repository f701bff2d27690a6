"""Category triggers: is the word at a position a usable trigger, and of which category?

The lexicon (:data:`.lexicon.TRIGGERS`) maps words to categories; :func:`_trigger_at` adds
the position rules ("lost their lives", "the toll remains below N", "fatally wounded",
"a town held by", "left the region").
"""

from __future__ import annotations

from .lexicon import TOLL_WORDS, TRIGGERS


_CLAUSE_BREAKS = frozenset({";", "while", "whereas", "but", "although", "though", ":"})


_SETTLEMENT_OR_CROWD = frozenset({
    "town", "city", "village", "settlement", "community", "capital", "hamlet", "crowd",
    "crowds", "rally", "march", "procession", "gathering", "congregation", "audience"})


_RESCUE_VERBS = frozenset({"saved", "save", "saves", "saving", "spared", "spare", "risked",
                           "risk", "risking", "protect", "protected", "protecting",
                           "endangered", "endangering", "threatened", "threatening"})


#: objects of "held" that are events, not people ("held drills", "held talks")
_HELD_EVENTS = frozenset({
    "drills", "drill", "exercises", "exercise", "talks", "a", "an", "joint", "large",
    "military", "meetings", "meeting", "elections", "election", "consultations", "ceremony",
    "ceremonies", "rallies", "rally", "protests", "negotiations", "parades", "parade",
    "manoeuvres", "maneuvers", "discussions", "funerals", "funeral", "commemorations",
    "snap", "war", "command", "staff", "tactical", "live"})


_FATAL_ADVERBS = frozenset({"fatally", "mortally"})


#: what displaced people leave: "left the region", "left Karabakh"
_HOMELANDS = frozenset({"region", "enclave", "karabakh", "artsakh", "nagorno", "nagorno-karabakh",
                        "villages", "village", "towns", "homeland", "territory"})


_TERRAIN = frozenset({"area", "areas", "territory", "territories", "region", "district",
                      "positions", "position", "land", "lands", "towns", "villages", "cities"})


#: category words used as nouns before a verb: "the number of wounded remains 290"
_CATEGORY_ADJ_NOUNS = frozenset({"wounded", "injured", "dead", "missing", "killed",
                                 "casualties", "deaths", "fatalities", "displaced", "captured"})


_REMAINS_COPULA_NEXT = frozenset({
    "unknown", "unclear", "in", "a", "under", "the", "below", "above", "at", "around",
    "about", "over", "unchanged", "stable", "high", "low", "more", "less", "fewer", "near",
    "close", "roughly", "some", "just", "only", "disputed", "contested", "uncertain"})


def _trigger_at(lows: list[str], i: int, right: bool) -> str:
    """Category if ``lows[i]`` is a usable trigger in this position, else ""."""
    w = lows[i]
    cat = TRIGGERS.get(w, "")
    n = len(lows)
    if w in ("forced", "forcing", "left", "driven", "expelled", "fleeing", "abandoned", "leave"):
        window = lows[i + 1:i + (7 if w in ("forced", "forcing", "driven") else 5)]
        if "homes" in window or "home" in window or "flee" in window or (
                w in ("left", "leave", "abandoned") and any(x in _HOMELANDS for x in window[:3])):
            return "displaced"  # "have left the region", "abandoned Karabakh"
        return "" if not cat else cat
    if w == "evacuated" and any(x in ("injuries", "wounds", "injured", "wounded", "burns")
                                for x in lows[i + 1:i + 5]):
        return "wounded"  # "evacuated with moderate injuries"
    if w in ("cases", "case") and i > 0 and lows[i - 1] in ("fatal", "death"):
        return "killed"  # "fatal cases were recorded in …"
    if w == "fate":
        # "whose fate remains unknown", "the fate of up to 120 others remains unknown"
        for k in range(i + 1, min(n, i + 10)):
            if lows[k] in ("unknown", "unclear"):
                return "missing"
            if lows[k] in (",", ";", ".") or lows[k] in _CLAUSE_BREAKS:
                break
        return ""
    if w in ("unknown",) and i > 0:
        return ""
    if not cat:
        return ""
    if cat == "wounded" and i > 0 and lows[i - 1] in _FATAL_ADVERBS:
        return "killed"  # "fatally wounded", "mortally injured" (README §5)
    if w in ("wound", "wounds", "injury", "injuries") and i > 0 and (
            lows[i - 1] == "fatal" or (i > 1 and lows[i - 2] == "fatal")):
        return "killed"  # "a fatal gunshot wound"
    nxt = lows[i + 1] if i + 1 < n else ""
    nxt2 = lows[i + 2] if i + 2 < n else ""
    if w == "lost":
        return "killed" if nxt in ("their", "his", "her") and nxt2 in ("lives", "life") else ""
    if w == "shot":
        return "killed" if nxt == "dead" else ""
    if w in ("lives",) and right:
        return ""
    if w == "lives" and i >= 2 and lows[i - 1] == "the" and lows[i - 2] in _RESCUE_VERBS:
        return ""  # "medics saved the lives of 12 soldiers"
    if w in ("toll",) and i > 0 and lows[i - 1] in ("casualty", "casualties"):
        return "casualties"
    if w == "toll" and i > 0 and lows[i - 1] in ("injury", "wounded"):
        return "wounded"
    if w in ("holding", "holds", "hold") and right:
        return ""
    if w in ("held", "holding", "holds", "hold") and i > 0 and lows[i - 1] in _SETTLEMENT_OR_CROWD | _TERRAIN:
        return ""  # "a town held by Armenian forces": territory, not captives
    if w in ("held", "holding", "holds", "hold") and nxt in _HELD_EVENTS:
        return ""  # "Azerbaijan held drills involving 10,000 troops": an event, not captives
    if w in ("body", "bodies", "remains", "corpses") and right:
        prev = lows[i - 1] if i > 0 else ""
        if prev not in ("whose", "their", "the", "his", "her"):
            return ""
    if w == "remains" and (nxt in _REMAINS_COPULA_NEXT or (i > 0 and (
            lows[i - 1] in TOLL_WORDS or lows[i - 1] in _CATEGORY_ADJ_NOUNS))):
        return ""  # "the toll remains below 1,000": the verb, not human remains
    if cat == "killed" and nxt in ("or", "and") and TRIGGERS.get(nxt2) == "wounded":
        return "casualties"
    if w in ("dead", "death") and nxt == "toll":
        return "killed"
    if w == "burns" and (i == 0 or lows[i - 1] not in ("severe", "serious", "with", "heavy")):
        return ""
    if w in ("wound", "kill", "die", "injure", "capture", "flee") and not right:
        return ""
    return cat
