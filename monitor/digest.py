"""The digest channel: one message per N minutes instead of one per alert.

``digest:15m:CHANNEL`` (``s``, ``m`` or ``h``; a bare number is minutes) wraps any other channel:
each alert it takes is written to a spool file (one JSON line, fsync'd — so a taken alert survives a
crash), and once the oldest spooled alert is N minutes old, the spool goes to ``CHANNEL`` as one
message whose body lists every alert (one line each, the ``digest`` template of
:mod:`monitor.templates`). The spool is emptied only after ``CHANNEL`` took the digest; if it fails,
the digest is tried again on the next alert or timer tick, nothing is lost. A timer thread closes a
window even when no further alert arrives; :meth:`DigestChannel.flush` sends what is due (``force``:
everything) and is called on close.

The spool lives in ``MONITOR_DIGEST_DIR`` (default ``digests``), one file per digest channel.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import threading
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Mapping

from monitor.templates import DEFAULT_RENDERER, Renderer

logger = logging.getLogger("monitor.alerts")

_INTERVAL = re.compile(r"^(\d+(?:\.\d+)?)([smh]?)$")
_UNIT = {"s": 1, "m": 60, "h": 3600, "": 60}


def parse_interval(text: str) -> float:
    """``15m`` → 900.0 seconds; ``30s``, ``2h``; a bare number is minutes."""
    match = _INTERVAL.match(text.strip().lower())
    if not match or float(match.group(1)) <= 0:
        raise ValueError(f"digest interval must be like 15m, 30s or 1h: {text!r}")
    return float(match.group(1)) * _UNIT[match.group(2)]


class DigestChannel:
    def __init__(self, interval: float, inner: Any, spool: str | os.PathLike[str], *,
                 renderer: Renderer = DEFAULT_RENDERER, name: str | None = None,
                 clock: Callable[[], float] = time.time, timer: bool = True):
        self.interval, self.inner, self.spool = interval, inner, Path(spool)
        self.renderer, self.clock, self.use_timer = renderer, clock, timer
        self.name = name or f"digest:{interval:g}s:{inner.name}"
        self._lock = threading.RLock()
        self._timer: threading.Timer | None = None
        self.spool.parent.mkdir(parents=True, exist_ok=True)
        self._arm()

    # -- spool ----------------------------------------------------------------------------
    def _entries(self) -> list[dict[str, Any]]:
        if not self.spool.exists():
            return []
        out = []
        for line in self.spool.read_text(encoding="utf-8").splitlines():
            try:
                out.append(json.loads(line))
            except ValueError:
                continue  # a torn last line after a crash: its alert was not yet counted as taken
        return out

    def send(self, alert: Mapping[str, Any]) -> None:
        """Take ``alert`` into the spool (durably), then send the digest if its window is over."""
        line = self.renderer.render(alert, "digest").body
        entry = {"alert_key": str(alert.get("alert_key")), "at": self.clock(), "line": line,
                 "kind": alert.get("kind"), "url": alert.get("url")}
        with self._lock:
            if any(e.get("alert_key") == entry["alert_key"] for e in self._entries()):
                return  # taken before a crash, not yet digested: never twice
            with self.spool.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
                fh.flush()
                os.fsync(fh.fileno())
            self._flush_quietly()
            self._arm()

    def due(self) -> bool:
        entries = self._entries()
        return bool(entries) and self.clock() - min(e["at"] for e in entries) >= self.interval

    def flush(self, *, force: bool = False) -> bool:
        """Send the spool as one digest if its window is over (or ``force``); True if one was sent.
        Raises what the inner channel raises, leaving the spool as it was."""
        with self._lock:
            entries = self._entries()
            if not entries or not (force or self.due()):
                return False
            self.inner.send(self.digest_alert(entries))
            sent = {e["alert_key"] for e in entries}
            rest = [e for e in self._entries() if e["alert_key"] not in sent]
            tmp = self.spool.with_suffix(".tmp")
            tmp.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in rest), encoding="utf-8")
            os.replace(tmp, self.spool)
            return True

    def digest_alert(self, entries: list[dict[str, Any]]) -> dict[str, Any]:
        """One alert-shaped record for the inner channel: every spooled line in its message."""
        keys = "\n".join(e["alert_key"] for e in entries)
        first = datetime.fromtimestamp(min(e["at"] for e in entries), timezone.utc)
        lines = [f"{len(entries)} alert(s) since {first.strftime('%Y-%m-%d %H:%M')} UTC:"]
        lines += [f"- {e['line']}" for e in entries]
        return {"id": None, "alert_key": "digest:" + hashlib.sha256(keys.encode()).hexdigest()[:16],
                "kind": "digest", "audience": "content", "message": "\n".join(lines),
                "created_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "evidence": "[]", "url": None}

    # -- timer ----------------------------------------------------------------------------
    def _flush_quietly(self) -> None:
        try:
            self.flush()
        except Exception as exc:  # the spool keeps them; the next alert or tick tries again
            logger.warning("digest %s not sent yet: %s", self.name, exc)

    def _tick(self) -> None:
        self._timer = None
        self._flush_quietly()
        self._arm()

    def _arm(self) -> None:
        if not self.use_timer or self._timer is not None:
            return
        entries = self._entries()
        if not entries:
            return
        wait = max(1.0, self.interval - (self.clock() - min(e["at"] for e in entries)))
        self._timer = threading.Timer(wait, self._tick)
        self._timer.daemon = True
        self._timer.start()

    def close(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self._flush_quietly()


def build_digest(rest: str, build_inner: Callable[[str], Any], *, renderer: Renderer = DEFAULT_RENDERER,
                 spool_dir: str | os.PathLike[str] | None = None) -> DigestChannel:
    """``15m:webhook:https://…`` (what follows ``digest:``) → a digest of that channel."""
    interval, sep, inner_spec = rest.partition(":")
    if not sep or not inner_spec:
        raise ValueError(f"digest channel needs an interval and a channel: digest:15m:CHANNEL, not digest:{rest}")
    name = f"digest:{rest}"
    spool_dir = Path(spool_dir or os.environ.get("MONITOR_DIGEST_DIR") or "digests")
    spool = spool_dir / (hashlib.sha256(name.encode()).hexdigest()[:16] + ".jsonl")
    return DigestChannel(parse_interval(interval), build_inner(inner_spec), spool, renderer=renderer, name=name)
