"""Alert channels: where alerts go. Each ``send`` delivers one alert or raises.

* ``log`` — a WARNING log line;
* ``jsonl:PATH`` — one JSON object per line, flushed and fsync'd;
* ``webhook:URL`` — a JSON POST (``Idempotency-Key`` header = the alert's key, so a receiver can
  drop a repeat after a crash between its answer and our bookkeeping); non-2xx raises;
* ``apprise:URL`` — any Apprise URL (``mailto://``, ``slack://``, ``tgram://``, …) for people's own
  services.

Retries and backoff are not a channel's business: :mod:`monitor.delivery` keeps per-channel
delivery state and schedules the next attempt.
"""

from __future__ import annotations

import json
import logging
import os
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Mapping, Protocol

from monitor import __version__

logger = logging.getLogger("monitor.alerts")

PAYLOAD_FIELDS = ("id", "alert_key", "kind", "audience", "article_id", "version_id", "story_id", "figure_key",
                  "old_value", "new_value", "message", "url", "created_at",
                  "figure_claimed_by")


class Channel(Protocol):
    name: str

    def send(self, alert: Mapping[str, Any]) -> None:
        """Deliver one alert or raise; raising leaves it queued for the next attempt."""


def payload(alert: Mapping[str, Any]) -> dict[str, Any]:
    """The JSON document every machine channel sends."""
    record = {k: alert.get(k) for k in PAYLOAD_FIELDS}
    evidence = alert.get("evidence")
    record["evidence"] = json.loads(evidence) if isinstance(evidence, str) and evidence else (evidence or [])
    return record


class LogChannel:
    def __init__(self, name: str = "log", log: logging.Logger | None = None):
        self.name = name
        self.log = log or logger

    def send(self, alert: Mapping[str, Any]) -> None:
        self.log.warning("ALERT [%s] %s", alert["kind"], alert["message"])


class JsonlChannel:
    """Appends one JSON object per alert to a file, flushed and fsync'd before it counts as sent."""

    def __init__(self, path: str | os.PathLike[str], name: str | None = None):
        self.path = Path(path)
        self.name = name or f"jsonl:{path}"

    def send(self, alert: Mapping[str, Any]) -> None:
        with self.path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(payload(alert), ensure_ascii=False) + "\n")
            fh.flush()
            os.fsync(fh.fileno())


class WebhookError(RuntimeError):
    pass


class WebhookChannel:
    """POSTs the alert as JSON; any answer other than 2xx (or no answer in ``timeout``) is a failure."""

    def __init__(self, url: str, *, timeout: float = 10.0, name: str | None = None):
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"webhook URL must be http(s): {url!r}")
        self.url = url
        self.timeout = timeout
        self.name = name or f"webhook:{url}"

    def send(self, alert: Mapping[str, Any]) -> None:
        body = json.dumps(payload(alert), ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(self.url, data=body, method="POST", headers={
            "Content-Type": "application/json; charset=utf-8",
            "Idempotency-Key": str(alert["alert_key"]),
            "User-Agent": f"karabakh-monitor/{__version__}",
        })
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                response.read(65536)
        except urllib.error.HTTPError as exc:
            raise WebhookError(f"webhook answered HTTP {exc.code}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise WebhookError(f"webhook unreachable: {reason}") from None


class AppriseChannel:
    """Any Apprise notification URL; the title names the alert kind, the body is the message."""

    def __init__(self, url: str, name: str | None = None):
        import apprise

        self.url = url
        self.name = name or f"apprise:{url.split('://', 1)[0]}"
        self._apprise = apprise.Apprise()
        if not self._apprise.add(url):
            raise ValueError(f"not a valid Apprise URL: {url.split('://', 1)[0]}://…")

    def send(self, alert: Mapping[str, Any]) -> None:
        title = f"[monitor] {alert['kind'].replace('_', ' ')}"
        if not self._apprise.notify(title=title, body=alert["message"]):
            raise RuntimeError(f"Apprise could not notify through {self.name}")


def build_channel(entry: str) -> Channel:
    entry = entry.strip()
    if entry == "log":
        return LogChannel()
    kind, sep, rest = entry.partition(":")
    if sep and rest:
        if kind == "jsonl":
            return JsonlChannel(rest, name=entry)
        if kind == "webhook":
            return WebhookChannel(rest, name=entry)
        if kind == "apprise":
            return AppriseChannel(rest)
    raise ValueError(f"unknown alert channel {entry!r} (use log, jsonl:PATH, webhook:URL or apprise:URL)")


def build_channels(spec: list[str] | tuple[str, ...]) -> list[Channel]:
    """Channels from a setting such as ``["log", "webhook:https://hooks.example/x"]``."""
    return [build_channel(e) for e in spec if e.strip()]
