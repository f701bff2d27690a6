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
from monitor import signing
from monitor.templates import DEFAULT_RENDERER

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
    def __init__(self, name: str = "log", log: logging.Logger | None = None, renderer: Any = DEFAULT_RENDERER):
        self.name = name
        self.log = log or logger
        self.renderer = renderer

    def send(self, alert: Mapping[str, Any]) -> None:
        self.log.warning("%s", self.renderer.render(alert, "log").body)


class JsonlChannel:
    """Appends one JSON object per alert to a file, flushed and fsync'd before it counts as sent."""

    def __init__(self, path: str | os.PathLike[str], name: str | None = None, renderer: Any = DEFAULT_RENDERER):
        self.path = Path(path)
        self.name = name or f"jsonl:{path}"
        self.renderer = renderer

    def send(self, alert: Mapping[str, Any]) -> None:
        record = dict(payload(alert), text=self.renderer.render(alert, "webhook").body)
        with self.path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            fh.flush()
            os.fsync(fh.fileno())


class WebhookError(RuntimeError):
    pass


class WebhookChannel:
    """POSTs the alert as JSON; any answer other than 2xx (or no answer in ``timeout``) is a failure."""

    def __init__(self, url: str, *, timeout: float = 10.0, name: str | None = None,
                 renderer: Any = DEFAULT_RENDERER, secret: str | None = None):
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"webhook URL must be http(s): {url!r}")
        self.url = url
        self.timeout = timeout
        self.name = name or f"webhook:{url}"
        self.renderer, self.secret = renderer, secret

    def send(self, alert: Mapping[str, Any]) -> None:
        record = dict(payload(alert), text=self.renderer.render(alert, "webhook").body)
        body = json.dumps(record, ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(self.url, data=body, method="POST", headers={
            "Content-Type": "application/json; charset=utf-8",
            "Idempotency-Key": str(alert["alert_key"]),
            "User-Agent": f"karabakh-monitor/{__version__}",
            **signing.headers(body, self.secret),  # X-Monitor-Signature (monitor.signing)
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

    def __init__(self, url: str, name: str | None = None, renderer: Any = DEFAULT_RENDERER):
        import apprise

        self.url = url
        self.renderer = renderer
        self.name = name or f"apprise:{url.split('://', 1)[0]}"
        self._apprise = apprise.Apprise()
        if not self._apprise.add(url):
            raise ValueError(f"not a valid Apprise URL: {url.split('://', 1)[0]}://…")

    def send(self, alert: Mapping[str, Any]) -> None:
        text = self.renderer.render(alert, "text")
        if not self._apprise.notify(title=text.title, body=text.body):
            raise RuntimeError(f"Apprise could not notify through {self.name}")


def build_channel(entry: str, *, renderer: Any = DEFAULT_RENDERER, webhook_secret: str | None = None,
                  digest_dir: str | None = None) -> Channel:
    """``renderer``: :class:`monitor.templates.Renderer`; ``webhook_secret``: signs webhook bodies
    (:mod:`monitor.signing`); ``digest_dir``: spool of ``digest:`` channels (:mod:`monitor.digest`)."""
    entry = entry.strip()
    if entry == "log":
        return LogChannel(renderer=renderer)
    kind, sep, rest = entry.partition(":")
    if sep and rest:
        if kind == "jsonl":
            return JsonlChannel(rest, name=entry, renderer=renderer)
        if kind == "webhook":
            return WebhookChannel(rest, name=entry, renderer=renderer, secret=webhook_secret)
        if kind == "apprise":
            return AppriseChannel(rest, renderer=renderer)
        if kind == "digest":
            from monitor.digest import build_digest

            return build_digest(rest, lambda inner: build_channel(
                inner, renderer=renderer, webhook_secret=webhook_secret), renderer=renderer, spool_dir=digest_dir)
    raise ValueError(f"unknown alert channel {entry!r} (use log, jsonl:PATH, webhook:URL, apprise:URL or "
                     "digest:15m:CHANNEL)")


def build_channels(spec: list[str] | tuple[str, ...], **options: Any) -> list[Channel]:
    """Channels from a setting such as ``["log", "webhook:https://hooks.example/x"]``; ``options``
    as :func:`build_channel`'s (see :func:`channel_options` for them from settings)."""
    return [build_channel(e, **options) for e in spec if e.strip()]


def channel_options(settings: Any) -> dict[str, Any]:
    """:func:`build_channels` options from settings: templates, webhook secret, digest spool."""
    from monitor.templates import Renderer

    return {"renderer": Renderer.from_settings(settings),
            "webhook_secret": settings.get("MONITOR_WEBHOOK_SECRET") or None,
            "digest_dir": settings.get("MONITOR_DIGEST_DIR") or None}
