"""What changed between two versions of an article: field-level changes and a text diff.

Pure functions over plain dicts with the keys headline, standfirst, published_at,
modified_at, sections (``[{heading, text}]``) and casualty_figures (the six
convention fields each, and ``claimed_by``/``background`` where the extractor gave them; see
:mod:`monitor.claims` for the figure key).
"""

from __future__ import annotations

import difflib
from typing import Any, Mapping

from monitor.claims import claim_of, figure_key
from monitor.hashing import normalise_text

SCALAR_FIELDS = ("headline", "standfirst", "published_at", "modified_at")


__all__ = ["figure_key", "figure_value", "headline_figure", "figure_changes", "section_changes",
           "compute_changes", "body_diff"]


def figure_value(figure: Mapping[str, Any]) -> str:
    """A figure's value as people read it: ``"105"``, ``"at least 49"``, ``"200-300"``, ``"up to 100"``."""
    count, high, qualifier = figure["count"], figure.get("count_high"), figure.get("qualifier") or "exact"
    number = f"{count}-{high}" if high is not None and high != count else f"{count}"
    prefix = {
        "exact": "", "at_least": "at least ", "more_than": "more than ", "about": "about ",
        "up_to": "up to ", "fewer_than": "fewer than ",
    }.get(qualifier, "")
    return prefix + number


def _figures_by_key(figures: list[Mapping[str, Any]]) -> dict[str, list[Mapping[str, Any]]]:
    grouped: dict[str, list[Mapping[str, Any]]] = {}
    for f in figures:
        grouped.setdefault(figure_key(f), []).append(f)
    for values in grouped.values():
        values.sort(key=lambda f: (f["count"], f.get("count_high") or 0))
    return grouped


def headline_figure(figures: list[Mapping[str, Any]]) -> Mapping[str, Any]:
    """Of several figures with one key, the one that states the largest toll."""
    return max(figures, key=lambda f: (f.get("count_high") or f["count"], f["count"]))


def _claim_detail(figure: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    claimed, background = claim_of(figure)
    return {f"{prefix}claimed_by": claimed, "background": background}


def figure_changes(old: list[Mapping[str, Any]], new: list[Mapping[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Figures added, removed and changed, matched by key (category, side, victims, claim, background:
    :func:`monitor.claims.figure_key`). Each entry says who claims it (``claimed_by``, or
    ``old_claimed_by``/``new_claimed_by`` of a change) and whether it is ``background``."""
    before, after = _figures_by_key(old), _figures_by_key(new)
    changes: dict[str, list[dict[str, Any]]] = {"added": [], "removed": [], "changed": []}
    for key in after.keys() - before.keys():
        top = headline_figure(after[key])
        changes["added"].append({"key": key, "new": figure_value(top), **_claim_detail(top)})
    for key in before.keys() - after.keys():
        top = headline_figure(before[key])
        changes["removed"].append({"key": key, "old": figure_value(top), **_claim_detail(top)})
    for key in before.keys() & after.keys():
        old_values = [figure_value(f) for f in before[key]]
        new_values = [figure_value(f) for f in after[key]]
        old_claims = [claim_of(f)[0] for f in before[key]]
        new_claims = [claim_of(f)[0] for f in after[key]]
        if old_values != new_values or old_claims != new_claims:
            old_top, new_top = headline_figure(before[key]), headline_figure(after[key])
            changes["changed"].append({
                "key": key, "old": figure_value(old_top), "new": figure_value(new_top),
                "old_count": old_top["count"], "new_count": new_top["count"],
                "old_high": old_top.get("count_high"), "new_high": new_top.get("count_high"),
                "old_values": old_values, "new_values": new_values,
                **_claim_detail(old_top, "old_"), **_claim_detail(new_top, "new_"),
            })
    for bucket in changes.values():
        bucket.sort(key=lambda c: c["key"])
    return changes


def section_changes(old: list[Mapping[str, Any]], new: list[Mapping[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Sections added, removed or changed; a section is identified by its heading (or position)."""
    def ident(i: int, s: Mapping[str, Any]) -> str:
        return normalise_text(s.get("heading")) or f"#{i}"

    before = {ident(i, s): normalise_text(s.get("text")) for i, s in enumerate(old)}
    after = {ident(i, s): normalise_text(s.get("text")) for i, s in enumerate(new)}
    return {
        "added": [{"heading": k} for k in after if k not in before],
        "removed": [{"heading": k} for k in before if k not in after],
        "changed": [{"heading": k} for k in after if k in before and before[k] != after[k]],
    }


def compute_changes(old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> dict[str, Any]:
    """Field-level changes from ``old`` to ``new``; ``old=None`` means a first version.

    Returns ``{"changed_fields": [...], "<field>": detail, ...}``.
    """
    if old is None:
        return {"changed_fields": ["created"]}
    result: dict[str, Any] = {"changed_fields": []}
    for name in SCALAR_FIELDS:
        a, b = normalise_text(old.get(name)), normalise_text(new.get(name))
        if a != b:
            result["changed_fields"].append(name)
            result[name] = {"old": old.get(name), "new": new.get(name)}
    sections = section_changes(old.get("sections") or [], new.get("sections") or [])
    if any(sections.values()):
        result["changed_fields"].append("sections")
        result["sections"] = sections
    figures = figure_changes(old.get("casualty_figures") or [], new.get("casualty_figures") or [])
    if any(figures.values()):
        result["changed_fields"].append("casualty_figures")
        result["casualty_figures"] = figures
    return result


def body_diff(old_text: str | None, new_text: str | None, *, old_label: str = "before", new_label: str = "after") -> str:
    """A unified diff of two bodies, one paragraph per line."""
    a = [p.strip() for p in (old_text or "").split("\n") if p.strip()]
    b = [p.strip() for p in (new_text or "").split("\n") if p.strip()]
    return "\n".join(difflib.unified_diff(a, b, fromfile=old_label, tofile=new_label, lineterm="", n=1))
