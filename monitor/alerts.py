"""Alert rules: pure functions from a version's changes (and its story's peaks) to alert rows.

Rules (``MONITOR_ALERT_RULES``):

* ``casualty_change`` — a figure with the same key (category, side, victims and whose claim it is,
  :func:`monitor.claims.figure_key`) changed value in a later version of an article;
* ``story_toll`` — a figure rose above the highest value any *other* article of the same story had
  reported for that key (the toll tracker). A syndicated copy is a duplicate, not an article, so it
  never counts as a second source; a change already alerted by ``casualty_change`` is not repeated;
* ``headline_change`` (off by default) — the headline of a stored article changed.

Background figures (about another period, ``background: true``) never raise an alert, and a
party's claim about the other side's losses has its own key, so it never "changes" that side's
own count. Messages say who states the figure; the row carries it as ``figure_claimed_by``.

Thresholds (``MONITOR_ALERT_MIN_CHANGE``, ``MONITOR_ALERT_MIN_RELATIVE``) keep small revisions quiet;
``MONITOR_ALERT_DIRECTION`` (``any``, ``up``, ``down``) keeps only rises or only falls (a story's
toll only ever alerts on a rise). Message wording is :mod:`monitor.templates`' job at delivery.
The store writes the rows in the same transaction as the version (an outbox); delivery is
:mod:`monitor.delivery`'s job, through :mod:`monitor.channels`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Mapping

from monitor.claims import CLAIMANT_TEXT, claim_of, figure_key, parse_key, toll_figures
from monitor.diffing import figure_value, headline_figure

CASUALTY_CHANGE = "casualty_change"
STORY_TOLL = "story_toll"
HEADLINE_CHANGE = "headline_change"
RULES = (CASUALTY_CHANGE, STORY_TOLL, HEADLINE_CHANGE)
DEFAULT_RULES = (CASUALTY_CHANGE, STORY_TOLL)
DIRECTIONS = ("any", "up", "down")


@dataclass(frozen=True)
class AlertPolicy:
    rules: frozenset[str] = frozenset(DEFAULT_RULES)
    min_change: int = 1          # absolute change in the count
    min_relative: float = 0.0    # change relative to the old count (0.1 = 10%)
    direction: str = "any"       # any | up (only rises alert) | down (only falls)

    def __post_init__(self) -> None:
        unknown = set(self.rules) - set(RULES)
        if unknown:
            raise ValueError(f"unknown alert rule {sorted(unknown)[0]!r} (known: {', '.join(RULES)})")
        if self.min_change < 0 or self.min_relative < 0:
            raise ValueError("alert thresholds cannot be negative")
        if self.direction not in DIRECTIONS:
            raise ValueError(f"MONITOR_ALERT_DIRECTION must be one of {', '.join(DIRECTIONS)}, not {self.direction!r}")

    @classmethod
    def from_settings(cls, settings: Any) -> "AlertPolicy":
        return cls(
            rules=frozenset(r.strip() for r in settings.getlist("MONITOR_ALERT_RULES", list(DEFAULT_RULES)) if r.strip()),
            min_change=settings.getint("MONITOR_ALERT_MIN_CHANGE", 1),
            min_relative=settings.getfloat("MONITOR_ALERT_MIN_RELATIVE", 0.0),
            direction=(settings.get("MONITOR_ALERT_DIRECTION") or "any").strip().lower(),
        )

    def significant(self, old: int, new: int) -> bool:
        """Is a move from ``old`` to ``new`` worth telling people about (size and direction)?"""
        if (self.direction == "up" and new < old) or (self.direction == "down" and new > old):
            return False
        delta = abs(new - old)
        if delta == 0:
            return self.min_change == 0
        if delta < self.min_change:
            return False
        return old == 0 or delta / old >= self.min_relative


def _evidence_for(figures: list[Mapping[str, Any]], key: str) -> list[str]:
    sentences: list[str] = []
    for f in figures:
        if figure_key(f) != key:
            continue
        for ev in f.get("evidence") or []:
            if ev.get("sentence") and ev["sentence"] not in sentences:
                sentences.append(ev["sentence"])
    return sentences


def describe_key(key: str) -> str:
    """``killed|armenia|soldiers`` → ``soldiers killed (Armenian)``;
    ``killed|armenia|soldiers|by:azerbaijan`` → ``soldiers killed (Armenian, as claimed by Azerbaijan)``."""
    parts = parse_key(key)
    side_text = {"armenia": "Armenian", "azerbaijan": "Azerbaijani", "both": "both sides", "unknown": "side unknown"}
    whose = side_text.get(parts["side"], parts["side"])
    if parts["claimed_by"]:
        whose += f", as claimed by {CLAIMANT_TEXT.get(parts['claimed_by'], parts['claimed_by'])}"
    if parts["background"]:
        whose += ", background"
    return f"{parts['victims']} {parts['category'].replace('_', ' ')} ({whose})"


def claimant_phrase(claimed_by: str) -> str:
    """How a message says who states the figure: ``claimed by Armenia``, ``claimant not stated``."""
    return "claimant not stated" if claimed_by == "unknown" else f"claimed by {CLAIMANT_TEXT.get(claimed_by, claimed_by)}"


def _row(kind: str, key: str, old: str, new: str, message: str, evidence: list[str], url: str,
         claimed_by: str | None = None) -> dict[str, Any]:
    if evidence:
        message += f'. Evidence: "{evidence[0]}"'
    return {
        "alert_key": f"{kind}:{{article_id}}:{{version}}:{key}",
        "kind": kind, "audience": "content", "figure_key": key, "old_value": old, "new_value": new,
        "message": message, "evidence": json.dumps(evidence, ensure_ascii=False), "url": url,
        "figure_claimed_by": claimed_by,
    }


def casualty_change_alerts(
    *, url: str, headline: str | None, changes: Mapping[str, Any], new_figures: list[Mapping[str, Any]],
    policy: AlertPolicy = AlertPolicy(),
) -> list[dict[str, Any]]:
    """Alerts for figures whose key stayed but whose value moved between versions of one article.

    ``alert_key`` holds ``{article_id}`` and ``{version}`` placeholders that the store fills in, making
    it unique per article version and figure: a re-run cannot insert it twice.
    """
    if CASUALTY_CHANGE not in policy.rules:
        return []
    alerts = []
    for change in (changes.get("casualty_figures") or {}).get("changed", []):
        if change.get("background") or parse_key(change["key"])["background"]:
            continue  # a figure about another period is shown, never alerted
        low_moved = policy.significant(change["old_count"], change["new_count"])
        old_high = change.get("old_high") or change["old_count"]
        new_high = change.get("new_high") or change["new_count"]
        if not low_moved and not (old_high != new_high and policy.significant(old_high, new_high)):
            continue  # "200-300" → "200-400" moved the top of the range: that counts
        key = change["key"]
        claimed = change.get("new_claimed_by") or "unknown"
        message = (f"Casualty figure changed: {describe_key(key)} {change['old']} → {change['new']}, "
                   f'{claimant_phrase(claimed)}, in "{headline or url}" <{url}>')
        alerts.append(_row(CASUALTY_CHANGE, key, change["old"], change["new"], message,
                           _evidence_for(new_figures, key), url, claimed))
    return alerts


def story_toll_alerts(
    *, url: str, headline: str | None, new_figures: list[Mapping[str, Any]],
    peaks: Mapping[str, Mapping[str, Any]], already_alerted: set[str] = frozenset(),
    policy: AlertPolicy = AlertPolicy(),
) -> list[dict[str, Any]]:
    """Alerts for figures above the story's highest value so far (from other articles of the story).

    ``peaks`` maps a figure key to ``{"peak": int, "url": str}`` (see ``Store.story_peaks``, which
    leaves background figures out). Background figures of the new version are left out here too.
    """
    if STORY_TOLL not in policy.rules:
        return []
    grouped: dict[str, list[Mapping[str, Any]]] = {}
    for f in toll_figures(new_figures):
        grouped.setdefault(figure_key(f), []).append(f)
    alerts = []
    for key in sorted(grouped):
        if key in already_alerted or key not in peaks:
            continue
        top = headline_figure(grouped[key])
        new_count = top.get("count_high") or top["count"]
        old_peak = int(peaks[key]["peak"])
        if new_count <= old_peak or not policy.significant(old_peak, new_count):
            continue
        claimed = claim_of(top)[0]
        message = (f"Story toll rose: {describe_key(key)} {old_peak} → {figure_value(top)}, {claimant_phrase(claimed)}, "
                   f"now reported in \"{headline or url}\" <{url}> (highest before: {old_peak} in <{peaks[key]['url']}>)")
        alerts.append(_row(STORY_TOLL, key, str(old_peak), figure_value(top), message,
                           _evidence_for(grouped[key], key), url, claimed))
    return alerts


def headline_change_alerts(*, url: str, changes: Mapping[str, Any], policy: AlertPolicy = AlertPolicy()) -> list[dict[str, Any]]:
    if HEADLINE_CHANGE not in policy.rules or "headline" not in changes:
        return []
    old, new = changes["headline"]["old"], changes["headline"]["new"]
    message = f'Headline changed: "{old}" → "{new}" <{url}>'
    return [_row(HEADLINE_CHANGE, "headline", old or "", new or "", message, [], url)]
