"""Alert rules (pure) and alert channels (log line, JSON-lines file).

Rules turn a version's changes into alert rows; the store writes those rows in the
same transaction as the version (an outbox), and delivery happens afterwards, so a
crash between the two never loses an alert and a re-run never repeats one.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any, Mapping, Protocol

from monitor.diffing import figure_key

logger = logging.getLogger("monitor.alerts")

CASUALTY_CHANGE = "casualty_change"


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
    category, side, victims = key.split("|")
    side_text = {"armenia": "Armenian", "azerbaijan": "Azerbaijani", "both": "both sides'", "unknown": "unattributed"}[side] \
        if side in {"armenia", "azerbaijan", "both", "unknown"} else side
    return f"{victims} {category.replace('_', ' ')} ({side_text})"


def casualty_change_alerts(
    *, url: str, headline: str | None, changes: Mapping[str, Any], new_figures: list[Mapping[str, Any]],
) -> list[dict[str, Any]]:
    """Alerts for figures whose key (category, side, victims) kept but whose value moved.

    ``alert_key`` holds ``{article_id}`` and ``{version}`` placeholders that the store fills in,
    which makes the key unique per article version and figure: a re-run cannot insert it twice.
    """
    alerts = []
    for change in (changes.get("casualty_figures") or {}).get("changed", []):
        key = change["key"]
        evidence = _evidence_for(new_figures, key)
        message = (
            f"Casualty figure changed: {describe_key(key)} {change['old']} → {change['new']} "
            f"in \"{headline or url}\" <{url}>"
        )
        if evidence:
            message += f". Evidence: \"{evidence[0]}\""
        alerts.append({
            "alert_key": f"{CASUALTY_CHANGE}:{{article_id}}:{{version}}:{key}",
            "kind": CASUALTY_CHANGE,
            "figure_key": key,
            "old_value": change["old"],
            "new_value": change["new"],
            "message": message,
            "evidence": json.dumps(evidence, ensure_ascii=False),
            "url": url,
        })
    return alerts


class Channel(Protocol):
    name: str

    def send(self, alert: Mapping[str, Any]) -> None:
        """Deliver one alert or raise; raising leaves it queued for the next attempt."""


class LogChannel:
    name = "log"

    def __init__(self, log: logging.Logger | None = None):
        self.log = log or logger

    def send(self, alert: Mapping[str, Any]) -> None:
        self.log.warning("ALERT [%s] %s", alert["kind"], alert["message"])


class JsonlChannel:
    """Appends one JSON object per alert to a file, flushed and fsync'd before it counts as sent."""

    name = "jsonl"

    def __init__(self, path: str | os.PathLike[str]):
        self.path = Path(path)

    def send(self, alert: Mapping[str, Any]) -> None:
        record = {k: alert.get(k) for k in (
            "id", "alert_key", "kind", "article_id", "version_id", "figure_key", "old_value",
            "new_value", "message", "url", "created_at")}
        record["evidence"] = json.loads(alert["evidence"]) if alert.get("evidence") else []
        with self.path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            fh.flush()
            os.fsync(fh.fileno())


def build_channels(spec: list[str] | tuple[str, ...]) -> list[Channel]:
    """Channels from settings: ``"log"`` and ``"jsonl:PATH"``."""
    channels: list[Channel] = []
    for entry in spec:
        entry = entry.strip()
        if entry == "log":
            channels.append(LogChannel())
        elif entry.startswith("jsonl:") and len(entry) > 6:
            channels.append(JsonlChannel(entry[6:]))
        elif entry:
            raise ValueError(f"unknown alert channel {entry!r} (use 'log' or 'jsonl:PATH')")
    return channels


def deliver_pending(store: Any, channels: list[Channel], when: str) -> tuple[int, int]:
    """Send every undelivered alert through all channels; returns (delivered, failed).

    An alert counts as delivered only when every channel took it; a failure is recorded
    on the row (attempts, last_error) and the alert stays queued.
    """
    delivered = failed = 0
    for alert in store.alerts(undelivered=True):
        try:
            for channel in channels:
                channel.send(alert)
        except Exception as exc:  # a channel failure must never stop the crawl
            failed += 1
            store.mark_alert_failed(alert["id"], f"{type(exc).__name__}: {exc}")
            logger.error("alert %s not delivered: %s", alert["id"], exc)
            continue
        store.mark_alert_delivered(alert["id"], when)
        delivered += 1
    return delivered, failed
