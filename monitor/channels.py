"""Alert channels (destinations): where alerts go. Each ``send`` delivers one alert or raises.

Every destination has a stable id, its ``name``: the operator's ``NAME`` from ``NAME=SPEC``, else
``KIND-HASH`` (:func:`destination_id`). The id, never the URL, is what the store and the logs use;
URLs are shown only through :func:`redact_url`, and their credential parts are masked in every log
record of the process (:func:`install_secret_filter`). Destinations come from the settings
``MONITOR_ALERT_CHANNELS`` / ``MONITOR_HEALTH_CHANNELS`` and the owner-only
``MONITOR_DESTINATIONS_FILE`` (:func:`configured_channels`).

* ``log`` — a WARNING log line;
* ``jsonl:PATH`` — one JSON object per line, flushed and fsync'd;
* ``webhook:URL`` — a JSON POST (``Idempotency-Key`` header = the alert's key, so a receiver can
  drop a repeat after a crash between its answer and our bookkeeping); non-2xx raises, a 4xx other
  than 408/429 as :class:`PermanentDeliveryError`, no answer in time as :class:`OutcomeUnknown`;
* ``apprise:URL`` — any Apprise URL (``mailto://``, ``slack://``, ``tgram://``, …) for people's own
  services.

Retries and backoff are not a channel's business: :mod:`monitor.delivery` keeps per-destination
delivery state and schedules the next attempt.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
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
    #: The destination's stable id: the bookkeeping key in ``alert_deliveries.channel`` (never a secret).
    name: str

    def send(self, alert: Mapping[str, Any]) -> None:
        """Deliver one alert or raise; raising leaves it queued for the next attempt."""


class PermanentDeliveryError(RuntimeError):
    """The receiver refused the alert for good (HTTP 4xx other than 408/429): retrying cannot help."""


class OutcomeUnknown(RuntimeError):
    """No answer within the timeout: the receiver may or may not have taken the alert."""


def payload(alert: Mapping[str, Any]) -> dict[str, Any]:
    """The JSON document every machine channel sends."""
    record = {k: alert.get(k) for k in PAYLOAD_FIELDS}
    evidence = alert.get("evidence")
    record["evidence"] = json.loads(evidence) if isinstance(evidence, str) and evidence else (evidence or [])
    return record


class LogChannel:
    def __init__(self, name: str = "log", log: logging.Logger | None = None, renderer: Any = DEFAULT_RENDERER):
        self.name = name
        self.label = "log"
        self.log = log or logger
        self.renderer = renderer

    def send(self, alert: Mapping[str, Any]) -> None:
        self.log.warning("%s", self.renderer.render(alert, "log").body)


class JsonlChannel:
    """Appends one JSON object per alert to a file, flushed and fsync'd before it counts as sent."""

    def __init__(self, path: str | os.PathLike[str], name: str | None = None, renderer: Any = DEFAULT_RENDERER):
        self.path = Path(path)
        self.renderer = renderer
        self.name = name or destination_id(None, f"jsonl:{path}")
        self.label = f"jsonl:{path}"
        self.legacy = f"jsonl:{path}"  # its bookkeeping name before destinations had ids

    def send(self, alert: Mapping[str, Any]) -> None:
        with self.path.open("a", encoding="utf-8") as fh:
            record = dict(payload(alert), text=self.renderer.render(alert, "webhook").body)
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            fh.flush()
            os.fsync(fh.fileno())


class WebhookError(RuntimeError):
    pass


class PermanentWebhookError(WebhookError, PermanentDeliveryError):
    pass


class WebhookTimeout(WebhookError, OutcomeUnknown):
    pass


#: 4xx answers that are worth retrying (timeout, rate limit); every other 4xx is permanent.
RETRYABLE_4XX = frozenset({408, 429})


class WebhookChannel:
    """POSTs the alert as JSON; any answer other than 2xx (or no answer in ``timeout``) is a failure.

    4xx other than 408/429 raises :class:`PermanentDeliveryError`; no answer in time raises
    :class:`OutcomeUnknown` (the receiver may have taken it). Error messages never contain the URL.
    """

    def __init__(self, url: str, *, timeout: float = 10.0, name: str | None = None,
                 renderer: Any = DEFAULT_RENDERER, secret: str | None = None):
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"webhook URL must be http(s): {redact_url(url)!r}")
        self.url = url
        self.renderer, self.secret = renderer, secret
        self.timeout = timeout
        self.name = name or destination_id(None, f"webhook:{url}")
        self.label = f"webhook:{redact_url(url)}"
        self.legacy = f"webhook:{url}"  # its bookkeeping name before destinations had ids (adopted, then gone)

    def send(self, alert: Mapping[str, Any]) -> None:
        import socket

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
            if 400 <= exc.code < 500 and exc.code not in RETRYABLE_4XX:
                raise PermanentWebhookError(f"webhook answered HTTP {exc.code} (permanent)") from None
            raise WebhookError(f"webhook answered HTTP {exc.code}") from None
        except (TimeoutError, socket.timeout):
            raise WebhookTimeout(f"webhook did not answer within {self.timeout:g}s (outcome unknown)") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, (TimeoutError, socket.timeout)):
                raise WebhookTimeout(f"webhook did not answer within {self.timeout:g}s (outcome unknown)") from None
            raise WebhookError(f"webhook unreachable: {scrub(str(reason), secret_parts(self.url))}") from None


class AppriseChannel:
    """Any Apprise notification URL; the title names the alert kind, the body is the message."""

    def __init__(self, url: str, name: str | None = None, renderer: Any = DEFAULT_RENDERER):
        import apprise

        self.url = url
        self.renderer = renderer
        self.name = name or destination_id(None, f"apprise:{url}")
        self.label = f"apprise:{redact_url(url)}"
        self.timeout = 4.0  # Apprise's own connect/read timeouts (cto, rto)
        register_secrets(secret_parts(url))
        self._apprise = apprise.Apprise()
        if not self._apprise.add(url):
            raise ValueError(f"not a valid Apprise URL: {url.split('://', 1)[0]}://…")

    def send(self, alert: Mapping[str, Any]) -> None:
        text = self.renderer.render(alert, "text")
        if not self._apprise.notify(title=text.title, body=text.body):
            raise RuntimeError(f"Apprise could not notify {self.label}")


# -- destinations: ids, redaction, configuration ------------------------------------------
#: ``NAME=SPEC``: the operator's name for a destination (letters, digits, '_' or '-').
_NAMED = re.compile(r"^([A-Za-z][A-Za-z0-9_-]{0,39})=(.+)$")


def parse_entry(entry: str) -> tuple[str | None, str]:
    """``"teamA=apprise:slack://…"`` -> ``("teamA", "apprise:slack://…")``; no name -> ``(None, spec)``.

    >>> parse_entry("teamA=webhook:https://h.example/x?a=b")
    ('teamA', 'webhook:https://h.example/x?a=b')
    >>> parse_entry("webhook:https://h.example/x?a=b")
    (None, 'webhook:https://h.example/x?a=b')
    """
    entry = entry.strip()
    match = _NAMED.match(entry)
    if match:
        return match.group(1), match.group(2).strip()
    return None, entry


def destination_id(name: str | None, spec: str) -> str:
    """The stable id of a destination: the operator's name, else ``KIND-HASH`` (8 hex digits of the
    SHA-256 of its spec), so two destinations of one kind never share bookkeeping and no id reveals
    a URL. ``log`` is ``log``.

    >>> destination_id("teamA", "apprise:json://x/a")
    'teamA'
    >>> destination_id(None, "apprise:json://127.0.0.1/teamA") != destination_id(None, "apprise:json://127.0.0.1/teamB")
    True
    >>> destination_id(None, "webhook:https://h.example/secret")[:8]
    'webhook-'
    """
    if name:
        return name
    spec = spec.strip()
    if spec == "log":
        return "log"
    kind = spec.partition(":")[0] or "channel"
    return f"{kind}-{hashlib.sha256(spec.encode('utf-8')).hexdigest()[:8]}"


#: Schemes whose netloc is a real host (kept when shown); in other Apprise URLs the netloc is often a
#: credential itself (``tgram://BOT_TOKEN/CHAT``, ``slack://TOKEN_A/…``) and is masked too.
HOST_SCHEMES = frozenset({"http", "https", "json", "jsons", "xml", "xmls", "form", "forms", "mailto", "mailtos"})


def _split(url: str) -> tuple[str, str, str, str] | None:
    """(scheme, userinfo, hostport, tail) of ``scheme://…``, or None."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return None
    netloc = re.split(r"[/?#]", rest, maxsplit=1)[0]
    userinfo, _, hostport = netloc.rpartition("@")
    return scheme.lower(), userinfo, hostport, rest[len(netloc):]


def redact_url(url: str) -> str:
    """Scheme and host of a URL, everything that can carry a credential masked.

    >>> redact_url("https://hooks.example/services/T000/B000/SECRETTOKEN123")
    'https://hooks.example/***'
    >>> redact_url("mailto://user:pw@mail.example:587?to=a@b.example")
    'mailto://***@mail.example:587/***'
    >>> redact_url("json://127.0.0.1:8080")
    'json://127.0.0.1:8080'
    >>> redact_url("tgram://123456:SECRET/987654")
    'tgram://***'
    """
    parts = _split(url)
    if parts is None:
        return "***"
    scheme, userinfo, hostport, tail = parts
    host, _, port = hostport.rpartition(":") if ":" in hostport and not hostport.endswith("]") else (hostport, "", "")
    if scheme not in HOST_SCHEMES or (port and not port.isdigit()):
        return f"{scheme}://***"
    shown = f"{scheme}://{'***@' if userinfo else ''}{hostport}"
    return shown + ("/***" if tail.strip("/") else "")


def redact_credentials(url: str) -> str:
    """A URL with its password and query values masked, the rest (scheme, host, path) kept: for URLs
    that are addresses first (a feed's), where a credential may still ride along.

    >>> redact_credentials("https://reader:hunter22@feeds.example/rss?key=abc123&lang=en")
    'https://reader:***@feeds.example/rss?key=***&lang=***'
    >>> redact_credentials("https://feeds.example/rss")
    'https://feeds.example/rss'
    """
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    netloc = re.split(r"[/?#]", rest, maxsplit=1)[0]
    tail = rest[len(netloc):]
    userinfo, at, hostport = netloc.rpartition("@")
    if at:
        user = userinfo.split(":", 1)[0]
        netloc = f"{user}:***@{hostport}" if ":" in userinfo else f"{user}@{hostport}"
    path, qmark, query = tail.partition("?")
    if qmark:
        query = re.sub(r"=([^&#]*)", "=***", query)
    return f"{scheme}://{netloc}{path}{qmark}{query}"


def redact_spec(spec: str) -> str:
    """A channel spec for display: ``webhook:https://h.example/***``, ``apprise:slack://T…/***``."""
    kind, sep, rest = spec.partition(":")
    if not sep or kind not in ("webhook", "apprise"):
        return spec
    return f"{kind}:{redact_url(rest)}"


def secret_parts(url: str) -> list[str]:
    """The pieces of a URL that may be credentials: the URL itself, its path and query, its
    password and user, and every path segment or query value of 6 characters or more."""
    parts = [url]
    split = _split(url)
    if split:
        scheme, userinfo, hostport, tail = split
        parts += [p for p in userinfo.split(":") if len(p) >= 3]
        if scheme not in HOST_SCHEMES:  # the netloc itself may be a token
            parts += [hostport] + [p for p in hostport.split(":") if len(p) >= 6]
        if tail.strip("/?#"):
            parts.append(tail)
        parts += [seg for seg in re.split(r"[/?#&=]", tail) if len(seg) >= 6]
    return sorted({p for p in parts if p}, key=len, reverse=True)


_SECRETS: set[str] = set()


def register_secrets(parts: list[str]) -> None:
    """Remember credential pieces so that :class:`SecretFilter` masks them in every log record."""
    _SECRETS.update(p for p in parts if len(p) >= 6)


def scrub(text: str, parts: list[str] | None = None) -> str:
    """``text`` with every known credential piece replaced by ``***``."""
    for part in sorted(set(parts or ()) | _SECRETS, key=len, reverse=True):
        if part and part in text:
            text = text.replace(part, "***")
    return text


def _scrub_record(record: logging.LogRecord) -> None:
    try:
        message = record.getMessage()
    except Exception:  # noqa: BLE001 - a broken record is not ours to fix
        return
    cleaned = scrub(message)
    if cleaned != message:
        record.msg, record.args = cleaned, ()


_factory_installed = False


def install_secret_filter() -> None:
    """Mask registered destination secrets in every log record of this process, whichever library
    logs it (Apprise, urllib3 and requests name the URLs they post to at DEBUG level): the record
    factory scrubs a record's message as it is made. Records below the log level are never made."""
    global _factory_installed
    if _factory_installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        if _SECRETS:
            _scrub_record(record)
        return record

    logging.setLogRecordFactory(factory)
    _factory_installed = True


def build_channel(entry: str, *, timeout: float = 10.0, renderer: Any = DEFAULT_RENDERER,
                  webhook_secret: str | None = None, digest_dir: str | None = None) -> Channel:
    """``renderer``: :class:`monitor.templates.Renderer`; ``webhook_secret``: signs webhook bodies
    (:mod:`monitor.signing`); ``digest_dir``: spool of ``digest:`` channels (:mod:`monitor.digest`)."""
    name, spec = parse_entry(entry)
    ident = destination_id(name, spec)
    if spec == "log":
        return LogChannel(name=ident, renderer=renderer)
    kind, sep, rest = spec.partition(":")
    if sep and rest:
        if kind == "jsonl":
            return JsonlChannel(rest, name=ident, renderer=renderer)
        if kind == "webhook":
            register_secrets(secret_parts(rest))
            return WebhookChannel(rest, name=ident, timeout=timeout, renderer=renderer, secret=webhook_secret)
        if kind == "apprise":
            return AppriseChannel(rest, name=ident, renderer=renderer)
        if kind == "digest":
            from monitor.digest import build_digest

            digest = build_digest(rest, lambda inner: build_channel(
                inner, timeout=timeout, renderer=renderer, webhook_secret=webhook_secret),
                renderer=renderer, spool_dir=digest_dir)
            digest.name, digest.label = ident, redact_spec(spec)
            return digest
    raise ValueError(f"unknown alert channel {redact_spec(spec)!r} (use log, jsonl:PATH, webhook:URL, apprise:URL or "
                     "digest:15m:CHANNEL, optionally as NAME=SPEC)")


def channel_options(settings: Any) -> dict[str, Any]:
    """:func:`build_channels` options from settings: templates, webhook secret, digest spool."""
    from monitor.templates import Renderer

    secret = settings.get("MONITOR_WEBHOOK_SECRET") or None
    if secret:
        register_secrets([secret])  # never in a log line
    return {"renderer": Renderer.from_settings(settings),
            "webhook_secret": settings.get("MONITOR_WEBHOOK_SECRET") or None,
            "digest_dir": settings.get("MONITOR_DIGEST_DIR") or None}


def build_channels(spec: list[str] | tuple[str, ...], *, timeout: float = 10.0, **options: Any) -> list[Channel]:
    """Channels from a setting such as ``["log", "teamA=webhook:https://hooks.example/x"]``.

    Two entries with the same id (the same spec twice, or one name given twice) are an error.
    """
    install_secret_filter()
    channels = [build_channel(e, timeout=timeout, **options) for e in spec if e.strip()]
    seen: dict[str, str] = {}
    for channel in channels:
        if channel.name in seen:
            raise ValueError(f"two alert destinations have the id {channel.name!r}: give each its own "
                             "name (NAME=SPEC)")
        seen[channel.name] = channel.name
    return channels


def load_destinations_file(path: str | os.PathLike[str]) -> dict[str, list[str]]:
    """Destinations kept apart from the shareable settings and sources: a TOML file readable by its
    owner only, ``[content]`` and ``[health]`` tables of ``NAME = "SPEC"``. A file that the group or
    others may read (or write) is refused."""
    import stat
    import tomllib

    file = Path(path)
    try:
        mode = file.stat().st_mode
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise ValueError(f"destinations file {file} can be read or written by others (mode "
                             f"{stat.S_IMODE(mode):04o}): run chmod 600 {file}")
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValueError(f"cannot read destinations file {file}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"destinations file {file}: {exc}") from None
    out: dict[str, list[str]] = {"content": [], "health": []}
    for audience, table in data.items():
        if audience not in out or not isinstance(table, dict):
            raise ValueError(f"destinations file {file}: expected [content] and [health] tables, got {audience!r}")
        for name, spec in table.items():
            if not isinstance(spec, str) or not _NAMED.match(f"{name}={spec}"):
                raise ValueError(f"destinations file {file}: [{audience}].{name}: expected NAME = \"SPEC\"")
            out[audience].append(f"{name}={spec}")
    return out


AUDIENCE_SETTINGS = {"content": "MONITOR_ALERT_CHANNELS", "health": "MONITOR_HEALTH_CHANNELS"}


def configured_channels(settings: Any, content_override: list[str] | None = None) -> dict[str, list[Channel]]:
    """Every audience's destinations: its setting (``MONITOR_ALERT_CHANNELS`` / ``…_HEALTH_…``, or
    ``content_override``) plus the entries of ``MONITOR_DESTINATIONS_FILE``."""
    extra = {"content": [], "health": []}
    path = settings.get("MONITOR_DESTINATIONS_FILE") or ""
    if path:
        extra = load_destinations_file(path)
    timeout = settings.getfloat("MONITOR_ALERT_TIMEOUT", 5.0)
    channels = {}
    for audience, setting in AUDIENCE_SETTINGS.items():
        entries = list(settings.getlist(setting, ["log"]))
        if audience == "content" and content_override:
            entries = list(content_override)
        channels[audience] = build_channels(entries + extra[audience], timeout=timeout, **channel_options(settings))
    return channels
