"""Alert delivery from the outbox (the ``alerts`` table), with per-channel state and backoff.

An alert is *delivered* when every channel of its audience took it; each channel's success is
recorded in ``alert_deliveries`` so a channel that already took an alert is never sent it again,
while a failing one is retried with exponential backoff (``next_attempt_at``). Content alerts go to
the content channels, crawl-health alerts to the health channels.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone
from typing import Any, Awaitable, Callable, Mapping, Sequence

from monitor.channels import Channel

logger = logging.getLogger("monitor.alerts")

BACKOFF_BASE_SECONDS = 30.0
BACKOFF_MAX_SECONDS = 6 * 3600.0
#: How long one delivery may hold an alert; a delivery that dies frees it when this runs out.
LEASE_SECONDS = 300.0


def backoff(attempts: int, base: float = BACKOFF_BASE_SECONDS, cap: float = BACKOFF_MAX_SECONDS) -> timedelta:
    """Wait after the n-th failed attempt: base, 2·base, 4·base, … capped."""
    return timedelta(seconds=min(cap, base * (2 ** max(0, attempts - 1))))


def _iso(when: datetime) -> str:
    return when.astimezone(timezone.utc).isoformat(timespec="seconds")


SendAsync = Callable[[Channel, Mapping[str, Any]], Awaitable[None]]


async def _send_inline(channel: Channel, alert: Mapping[str, Any]) -> None:
    channel.send(alert)


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
    """Try every due, undelivered alert on the channels of its audience; returns (delivered, failed).

    ``channels`` maps an audience (``"content"``, ``"health"``) to its channels. ``send`` runs the
    network part (the crawler passes one that runs it in a thread); database writes stay with the
    caller's thread. ``ignore_schedule`` also tries alerts still waiting for their retry time (never one
    that another delivery holds: a claim lasts ``lease_seconds`` from when it is taken).
    """
    now = now or datetime.now(timezone.utc)
    stamp = _iso(now)
    delivered = failed = 0
    for alert in store.due_alerts("9999" if ignore_schedule else stamp):
        claimed_at = datetime.now(timezone.utc)  # a lease runs from the claim, not from the batch
        if not store.claim_alert(alert["id"], _iso(claimed_at), _iso(claimed_at + timedelta(seconds=lease_seconds)),
                                 ignore_schedule=ignore_schedule):
            continue  # delivered meanwhile, or another delivery is sending it right now
        targets = channels.get(alert.get("audience") or "content", [])
        if not targets:  # nowhere to send it: leave it queued (and quiet until its retry) rather than delivered
            attempts = (alert.get("attempts") or 0) + 1
            store.alert_retry_later(alert["id"], f"no {alert.get('audience') or 'content'} channel configured",
                                    _iso(now + backoff(attempts, base_delay)))
            logger.warning("alert %s: no %s channel configured; left queued", alert["id"], alert.get("audience"))
            continue
        done = store.delivered_channels(alert["id"])
        errors = []
        for channel in targets:
            if channel.name in done:
                continue
            try:
                await send(channel, alert)
            except Exception as exc:  # a channel failure must never stop the crawl
                errors.append(f"{channel.name}: {exc}")
                attempts = store.record_delivery_failure(alert["id"], channel.name, str(exc), stamp)
                logger.error("alert %s not delivered to %s (attempt %s): %s", alert["id"], channel.name, attempts, exc)
            else:
                store.record_delivery(alert["id"], channel.name, _iso(datetime.now(timezone.utc)))
        if errors:
            failed += 1
            attempts = (alert.get("attempts") or 0) + 1
            store.alert_retry_later(alert["id"], "; ".join(errors), _iso(now + backoff(attempts, base_delay)))
        else:
            store.mark_alert_delivered(alert["id"], _iso(datetime.now(timezone.utc)))
            delivered += 1
    return delivered, failed


def deliver_pending(store: Any, channels: Mapping[str, Sequence[Channel]], *, now: datetime | None = None,
                    base_delay: float = BACKOFF_BASE_SECONDS, ignore_schedule: bool = False,
                    lease_seconds: float = LEASE_SECONDS) -> tuple[int, int]:
    """The same, sending inline; for use outside an event loop (the CLI, tests)."""
    import asyncio

    return asyncio.run(adeliver_pending(store, channels, now=now, base_delay=base_delay,
                                        ignore_schedule=ignore_schedule, lease_seconds=lease_seconds))
