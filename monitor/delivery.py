"""Alert delivery from the outbox (the ``alerts`` table), with per-destination state and backoff.

Every configured destination has its own id (``channel.name``: the operator's ``NAME=`` or a hash of
its URL) and its own row per alert in ``alert_deliveries`` (:mod:`storage.outbox`): a destination
that took an alert is never sent it again, one that failed is retried on its own schedule, and one
destination's outcome never counts for another. An alert is *delivered* when every destination of
its audience took it; content alerts go to the content destinations, crawl-health alerts to the
health destinations.

Outcomes of one post:

* taken -> ``delivered``;
* an error worth retrying -> ``failed``, retried after :func:`backoff`;
* no answer in time (:class:`~monitor.channels.OutcomeUnknown`) -> ``unknown``: the receiver may
  have it, so it is retried only after a wait longer than three timeouts, and never again in the same
  run (a :class:`Deliverer` remembers the destinations that timed out and leaves them alone);
* refused for good (:class:`~monitor.channels.PermanentDeliveryError`: HTTP 4xx other than 408/429)
  -> ``dead``: dead-lettered for that destination until ``monitor alerts --requeue``, and a
  ``delivery_dead`` health alert goes to the *other* health destinations.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Awaitable, Callable, Mapping, Sequence

from monitor.channels import Channel, OutcomeUnknown, PermanentDeliveryError, scrub
from storage import outbox

logger = logging.getLogger("monitor.alerts")

BACKOFF_BASE_SECONDS = 30.0
BACKOFF_MAX_SECONDS = 6 * 3600.0
#: How long one delivery may hold an alert; a delivery that dies frees it when this runs out.
LEASE_SECONDS = 300.0
#: An unanswered post is retried no sooner than this many timeouts later.
UNKNOWN_WAIT_TIMEOUTS = 3.0
DEAD_KIND = "delivery_dead"


def backoff(attempts: int, base: float = BACKOFF_BASE_SECONDS, cap: float = BACKOFF_MAX_SECONDS) -> timedelta:
    """Wait after the n-th failed attempt: base, 2·base, 4·base, … capped."""
    return timedelta(seconds=min(cap, base * (2 ** max(0, attempts - 1))))


def _iso(when: datetime) -> str:
    return when.astimezone(timezone.utc).isoformat(timespec="seconds")


def _now() -> datetime:
    return datetime.now(timezone.utc)


SendAsync = Callable[[Channel, Mapping[str, Any]], Awaitable[None]]


async def _send_inline(channel: Channel, alert: Mapping[str, Any]) -> None:
    channel.send(alert)


def label(channel: Channel) -> str:
    return getattr(channel, "label", None) or channel.name


def _targets(alert: Mapping[str, Any], channels: Mapping[str, Sequence[Channel]]) -> list[Channel]:
    """The destinations an alert goes to: its audience's, minus the one a ``delivery_dead`` alert is about."""
    targets = list(channels.get(alert.get("audience") or "content", []))
    if alert.get("kind") == DEAD_KIND:
        about = {e.get("destination") for e in json.loads(alert.get("evidence") or "[]") if isinstance(e, dict)}
        targets = [c for c in targets if c.name not in about]
    return targets


@dataclass
class PassResult:
    delivered: int = 0
    failed: int = 0
    dead: int = 0


@dataclass
class Deliverer:
    """Delivers due alerts; one per run (it remembers which destinations timed out in this run)."""

    store: Any
    channels: Mapping[str, Sequence[Channel]]
    base_delay: float = BACKOFF_BASE_SECONDS
    lease_seconds: float = LEASE_SECONDS
    send: SendAsync = _send_inline
    timed_out: set[str] = field(default_factory=set)
    should_stop: Callable[[], bool] = lambda: False
    adopted: bool = False

    def adopt_legacy(self) -> None:
        """Rows kept under a destination's URL (before ids) are renamed to its id, once per deliverer."""
        if self.adopted:
            return
        self.adopted = True
        for targets in self.channels.values():
            for channel in targets:
                legacy = getattr(channel, "legacy", None)
                if legacy and legacy != channel.name:
                    outbox.adopt_legacy_everywhere(self.store, legacy, channel.name)

    async def run_pass(self, *, now: datetime | None = None, ignore_schedule: bool = False) -> PassResult:
        """Try every due, undelivered alert on the destinations of its audience."""
        now = now or _now()
        result = PassResult()
        self.adopt_legacy()
        for alert in self.store.due_alerts(outbox.FORCE_NOW if ignore_schedule else _iso(now)):
            if self.should_stop():
                break
            claimed_at = _now()  # a lease runs from the claim, not from the batch
            if not self.store.claim_alert(alert["id"], _iso(claimed_at),
                                          _iso(claimed_at + timedelta(seconds=self.lease_seconds)),
                                          ignore_schedule=ignore_schedule):
                continue  # delivered meanwhile, or another delivery is sending it right now
            targets = _targets(alert, self.channels)
            if not targets:  # nowhere to send it: leave it queued (and quiet until its retry) rather than delivered
                attempts = (alert.get("attempts") or 0) + 1
                self.store.alert_retry_later(alert["id"], f"no {alert.get('audience') or 'content'} channel configured",
                                             _iso(now + backoff(attempts, self.base_delay)))
                logger.warning("alert %s: no %s channel configured; left queued", alert["id"], alert.get("audience"))
                continue
            outcome = await self._deliver_one(alert, targets, now, ignore_schedule)
            result.delivered += outcome == "delivered"
            result.failed += outcome == "failed"
            result.dead += outcome == "dead"
        return result

    async def _deliver_one(self, alert: Mapping[str, Any], targets: list[Channel], now: datetime,
                           ignore_schedule: bool) -> str:
        """Send one claimed alert to each destination still missing it; settle the alert row."""
        rows = self._rows(alert["id"], targets)
        errors, waits, dead, skipped = [], [], [], False
        for channel in targets:
            row = rows.get(channel.name) or {}
            if row.get("delivered_at"):
                continue
            if row.get("state") == "dead":
                dead.append(f"{channel.name}: {row.get('last_error')}")
                continue
            if channel.name in self.timed_out:  # left alone for the rest of this run; due again in the next
                skipped = True
                continue
            due = row.get("next_attempt_at")
            if due and due > _iso(now) and not ignore_schedule:
                waits.append(due)
                errors.append(f"{channel.name}: {row.get('last_error') or 'waiting'}")
                continue
            state, error, retry_at = await self._post(alert, channel, now)
            if state == "dead":
                dead.append(f"{channel.name}: {error}")
            elif state != "delivered":
                errors.append(f"{channel.name}: {error}")
                waits.append(retry_at)
        if errors:
            self.store.alert_retry_later(alert["id"], "; ".join(errors + dead), min(waits))
            return "failed"
        if skipped:
            self.store.release_alert(alert["id"])
            return "skipped"
        if dead:
            outbox.park_alert(self.store, alert["id"], "dead-lettered: " + "; ".join(dead))
            return "dead"
        self.store.mark_alert_delivered(alert["id"], _iso(_now()))
        return "delivered"

    def _rows(self, alert_id: int, targets: list[Channel]) -> dict[str, dict[str, Any]]:
        rows = outbox.delivery_rows(self.store, alert_id)
        for channel in targets:  # bookkeeping kept under a destination's old name (its URL) is adopted
            legacy = getattr(channel, "legacy", None)
            if legacy and legacy in rows and channel.name not in rows:
                outbox.adopt_legacy(self.store, alert_id, legacy, channel.name)
                rows[channel.name] = rows.pop(legacy)
        return rows

    async def _post(self, alert: Mapping[str, Any], channel: Channel, now: datetime) -> tuple[str, str, str]:
        """One post, bookkept before (``sending``) and after; returns (state, error, retry_at)."""
        timeout = float(getattr(channel, "timeout", 0) or 0)
        started = _now()
        unknown_wait = max(backoff(1, self.base_delay), timedelta(seconds=UNKNOWN_WAIT_TIMEOUTS * timeout))
        attempts = outbox.start_attempt(self.store, alert["id"], channel.name, _iso(started),
                                        _iso(started + unknown_wait))
        try:
            await self.send(channel, alert)
        except PermanentDeliveryError as exc:
            error = scrub(str(exc))
            outbox.finish_failed(self.store, alert["id"], channel.name, state="dead", error=error,
                                 next_attempt_at=None, dead_at=_iso(_now()))
            logger.error("alert %s dead-lettered for %s (%s): %s", alert["id"], channel.name, label(channel), error)
            self._raise_dead_alert(alert, channel, error)
            return "dead", error, ""
        except OutcomeUnknown as exc:
            error = scrub(str(exc))
            retry_at = _iso(_now() + max(unknown_wait, backoff(attempts, self.base_delay)))
            self.timed_out.add(channel.name)
            outbox.finish_failed(self.store, alert["id"], channel.name, state="unknown", error=error,
                                 next_attempt_at=retry_at)
            logger.error("alert %s to %s: %s; not retried before %s", alert["id"], channel.name, error, retry_at)
            return "unknown", error, retry_at
        except Exception as exc:  # a destination's failure must never stop the crawl
            error = scrub(str(exc))
            retry_at = _iso(now + backoff(attempts, self.base_delay))
            outbox.finish_failed(self.store, alert["id"], channel.name, state="failed", error=error,
                                 next_attempt_at=retry_at)
            logger.error("alert %s not delivered to %s (attempt %s): %s", alert["id"], channel.name, attempts, error)
            return "failed", error, retry_at
        outbox.finish_delivered(self.store, alert["id"], channel.name, _iso(_now()))
        return "delivered", "", ""

    def _raise_dead_alert(self, alert: Mapping[str, Any], channel: Channel, error: str) -> None:
        """A ``delivery_dead`` health alert (one per destination and day) for the other health destinations."""
        if alert.get("kind") == DEAD_KIND and alert.get("audience") == "health":
            return  # a health alert about a dead destination that itself died: the log line says it
        stamp = _iso(_now())
        self.store.insert_alert({
            "alert_key": f"{DEAD_KIND}:{channel.name}:{stamp[:10]}", "kind": DEAD_KIND, "audience": "health",
            "message": (f"alert destination {channel.name} ({label(channel)}) refused alert #{alert['id']} for good: "
                        f"{error}. It is dead-lettered for that destination; `monitor alerts --dead` lists what "
                        f"it missed, `monitor alerts --requeue ID|all` sends it again."),
            "evidence": json.dumps([{"destination": channel.name, "alert_id": alert["id"], "error": error}]),
            "created_at": stamp, "attempts": 0,
        })

    def warn_new_destinations(self) -> list[str]:
        """Destinations that have never been bookkept while alerts of their audience were delivered before:
        they get alerts from now on (and those still queued), not older ones unless backfilled."""
        known = outbox.known_destinations(self.store)
        fresh = []
        for audience, targets in self.channels.items():
            if not outbox.any_delivered(self.store, audience):
                continue
            for channel in targets:
                if channel.name not in known and (getattr(channel, "legacy", None) or "") not in known:
                    fresh.append(channel.name)
                    logger.warning("alert destination %s (%s) is new: it gets %s alerts from now on (and those "
                                   "still queued); to send it earlier ones: monitor alerts --deliver --backfill "
                                   "WINDOW", channel.name, label(channel), audience)
        return fresh


async def adeliver_pending(
    store: Any,
    channels: Mapping[str, Sequence[Channel]],
    *,
    now: datetime | None = None,
    base_delay: float = BACKOFF_BASE_SECONDS,
    send: SendAsync = _send_inline,
    ignore_schedule: bool = False,
    lease_seconds: float = LEASE_SECONDS,
) -> tuple[int, int]:
    """Try every due, undelivered alert once; returns (delivered, failed) counts of alerts.

    ``channels`` maps an audience (``"content"``, ``"health"``) to its destinations. ``send`` runs the
    network part; database writes stay with the caller's thread. ``ignore_schedule`` also tries alerts
    and destinations still waiting for their retry time (never an alert another delivery holds, never a
    dead-lettered one).
    """
    deliverer = Deliverer(store, channels, base_delay=base_delay, lease_seconds=lease_seconds, send=send)
    result = await deliverer.run_pass(now=now, ignore_schedule=ignore_schedule)
    return result.delivered, result.failed


def deliver_pending(store: Any, channels: Mapping[str, Sequence[Channel]], *, now: datetime | None = None,
                    base_delay: float = BACKOFF_BASE_SECONDS, ignore_schedule: bool = False,
                    lease_seconds: float = LEASE_SECONDS) -> tuple[int, int]:
    """The same, sending inline; for use outside an event loop (the CLI, tests)."""
    import asyncio

    return asyncio.run(adeliver_pending(store, channels, now=now, base_delay=base_delay,
                                        ignore_schedule=ignore_schedule, lease_seconds=lease_seconds))
