"""``monitor alerts``: list alerts with each destination's state, deliver, backfill, dead letters, requeue."""

from __future__ import annotations

import asyncio
import json
import os
from datetime import datetime, timezone
from typing import Any, Callable

from storage import Store, outbox, resolve_db_path


class AlertsCLIError(RuntimeError):
    pass


def run(args: Any, *, settings_for: Callable[[Any], Any]) -> int:
    status = 0
    if args.requeue is not None:
        requeue(args)
    if args.destinations:
        return list_destinations(settings_for(args), args)
    if args.deliver:
        status = deliver(args, settings_for(args))
    elif args.dead:
        list_dead(args)
    elif args.requeue is None:
        list_alerts(args)
    return status


def _existing_db(args: Any) -> str:
    db = resolve_db_path(args.db)
    if db != ":memory:" and not os.path.exists(db):
        raise AlertsCLIError(f"cannot open database {db}: no such file")
    return db


def _channels(settings: Any, args: Any) -> dict[str, list]:
    from monitor.channels import configured_channels

    try:
        return configured_channels(settings, content_override=args.channel or None)
    except ValueError as exc:
        raise AlertsCLIError(str(exc)) from None


def _state(row: dict[str, Any]) -> str:
    if row.get("delivered_at"):
        return f"delivered {row['delivered_at']}"
    state = row.get("state") or "failed"
    if state == "dead":
        return f"DEAD since {row.get('dead_at')} ({row.get('last_error')}): monitor alerts --requeue {row['alert_id']}"
    return f"{state} ({row.get('attempts') or 0} attempts, next {row.get('next_attempt_at') or 'when due'}): " \
           f"{row.get('last_error') or ''}".rstrip(": ")


def list_alerts(args: Any) -> None:
    with Store.open(resolve_db_path(args.db), readonly=True) as store:
        rows = store.alerts(undelivered=args.undelivered, limit=args.limit)
        for row in rows:
            deliveries = sorted(outbox.delivery_rows(store, row["id"]).values(), key=lambda d: d["channel"])
            if args.json:
                print(json.dumps(dict(row, deliveries=deliveries), ensure_ascii=False))
                continue
            if row["delivered_at"]:
                state = f"delivered {row['delivered_at']}"
            elif row.get("next_attempt_at") == outbox.PARKED:
                state = "dead-lettered"
            else:
                state = f"pending ({row['attempts']} attempts)"
            print(f"#{row['id']} {row['created_at']} [{row['kind']}] {state}\n    {row['message']}")
            for d in deliveries:
                print(f"    -> {d['channel']}: {_state(d)}")
    if not rows and not args.json:
        print("no alerts")


def list_dead(args: Any) -> None:
    with Store.open(resolve_db_path(args.db), readonly=True) as store:
        rows = outbox.dead_letters(store, limit=args.limit)
    for row in rows:
        if args.json:
            print(json.dumps(row, ensure_ascii=False))
        else:
            print(f"#{row['alert_id']} -> {row['channel']}: dead since {row['dead_at']} after {row['attempts']} "
                  f"attempts: {row['last_error']}\n    [{row['kind']}] {row['message']}")
    if not rows and not args.json:
        print("no dead-lettered deliveries")


def requeue(args: Any) -> None:
    target = args.requeue.strip().lower()
    if target != "all" and not target.isdigit():
        raise AlertsCLIError(f"--requeue expects an alert id or 'all', got {args.requeue!r}")
    with Store.open(_existing_db(args), check=True) as store:
        count = outbox.requeue(store, None if target == "all" else int(target))
    print(f"{count} dead-lettered deliveries requeued")


def list_destinations(settings: Any, args: Any) -> int:
    from monitor.delivery import label

    for audience, channels in _channels(settings, args).items():
        for channel in channels:
            if args.json:
                print(json.dumps({"id": channel.name, "audience": audience, "address": label(channel)}))
            else:
                print(f"{channel.name:<20} {audience:<8} {label(channel)}")
    return 0


def _backfill(store: Store, channels: dict[str, list], window: str) -> None:
    from monitor.sources import SourcesError, parse_duration

    try:
        span = parse_duration(window, "--backfill")
    except SourcesError as exc:
        raise AlertsCLIError(str(exc)) from None
    since = (datetime.now(timezone.utc) - span).isoformat(timespec="seconds")
    reopened = sum(outbox.reopen_for_backfill(store, since, audience, [c.name for c in targets])
                   for audience, targets in channels.items())
    print(f"backfill: {reopened} alerts since {since} reopened for the destinations that had not had them")


def deliver(args: Any, settings: Any) -> int:
    from monitor.delivery import Deliverer

    channels = _channels(settings, args)
    if not channels["content"]:
        raise AlertsCLIError("no content alert channel configured (MONITOR_ALERT_CHANNELS or --channel)")
    with Store.open(_existing_db(args), check=True) as store:
        if args.backfill:
            _backfill(store, channels, args.backfill)
        deliverer = Deliverer(store, channels, base_delay=settings.getfloat("MONITOR_ALERT_RETRY_DELAY", 30.0),
                              lease_seconds=settings.getfloat("MONITOR_ALERT_CLAIM_SECONDS", 300.0))
        if not args.backfill:
            deliverer.warn_new_destinations()
        result = asyncio.run(deliverer.run_pass(ignore_schedule=args.force))
        for _ in range(3):  # a dead letter queues a health alert: send it in the same run
            if not result.dead:
                break
            more = asyncio.run(deliverer.run_pass(ignore_schedule=args.force))
            result.delivered += more.delivered
            result.failed += more.failed
            result.dead = more.dead
        waiting = len(store.alerts(undelivered=True))
        dead = len(outbox.dead_letters(store))
    tail = f"; {dead} dead-lettered deliveries (monitor alerts --dead)" if dead else ""
    print(f"{result.delivered} delivered, {result.failed} failed; {waiting} still queued{tail}")
    return 1 if result.failed or dead else 0
