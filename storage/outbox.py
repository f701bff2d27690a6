"""Per-destination bookkeeping of the alert outbox (table ``alert_deliveries``).

One row per (alert, destination id): ``state`` is ``sending`` (a post is under way, or the process
died during one), ``failed`` (retry at ``next_attempt_at``), ``unknown`` (no answer in time: the
receiver may have it; retried only after a wait longer than the timeout), ``dead`` (refused for
good: dead-lettered at ``dead_at`` until requeued) or ``delivered``. ``channel`` is the destination's
id, never its URL. The alert row (``alerts``) keeps the summary: ``delivered_at`` once every
destination took it, ``next_attempt_at`` the earliest retry, or :data:`PARKED` when every destination
still missing it is dead-lettered.
"""

from __future__ import annotations

import json
from typing import Any

#: ``alerts.next_attempt_at`` of an alert whose missing destinations are all dead-lettered: later than
#: any time, so neither the schedule nor ``--force`` picks it; ``monitor alerts --requeue`` does.
PARKED = "9999-12-31T23:59:59+00:00"
#: What a forced delivery passes as "now": later than every real time, earlier than PARKED.
FORCE_NOW = "9999-01-01T00:00:00+00:00"


def delivery_rows(store: Any, alert_id: int) -> dict[str, dict[str, Any]]:
    return {r["channel"]: r for r in store.db.query(
        "select * from alert_deliveries where alert_id = ?", (alert_id,))}


def adopt_legacy(store: Any, alert_id: int, legacy: str, ident: str) -> None:
    """Rename a row kept under a destination's old name (its URL) to its id, so no URL stays stored."""
    with store.db.conn:
        store.db.conn.execute(
            "update alert_deliveries set channel = ? where alert_id = ? and channel = ? and not exists "
            "(select 1 from alert_deliveries where alert_id = ? and channel = ?)",
            (ident, alert_id, legacy, alert_id, ident))


def start_attempt(store: Any, alert_id: int, channel: str, when: str, retry_at: str) -> int:
    """Record that a post begins; if the process dies during it, the next try waits until ``retry_at``."""
    with store.db.conn:
        store.db.conn.execute(
            "insert into alert_deliveries (alert_id, channel, attempts, last_attempt_at, state, next_attempt_at) "
            "values (?, ?, 1, ?, 'sending', ?) on conflict(alert_id, channel) do update set "
            "attempts = attempts + 1, last_attempt_at = excluded.last_attempt_at, state = 'sending', "
            "next_attempt_at = excluded.next_attempt_at",
            (alert_id, channel, when, retry_at))
    row = store.db.execute("select attempts from alert_deliveries where alert_id = ? and channel = ?",
                           (alert_id, channel)).fetchone()
    return int(row[0]) if row else 1


def finish_delivered(store: Any, alert_id: int, channel: str, when: str) -> None:
    with store.db.conn:
        store.db.conn.execute(
            "update alert_deliveries set state = 'delivered', delivered_at = ?, last_error = null, "
            "next_attempt_at = null where alert_id = ? and channel = ?", (when, alert_id, channel))


def finish_failed(store: Any, alert_id: int, channel: str, *, state: str, error: str,
                  next_attempt_at: str | None, dead_at: str | None = None) -> None:
    with store.db.conn:
        store.db.conn.execute(
            "update alert_deliveries set state = ?, last_error = ?, next_attempt_at = ?, dead_at = ? "
            "where alert_id = ? and channel = ?", (state, error[:500], next_attempt_at, dead_at, alert_id, channel))


def park_alert(store: Any, alert_id: int, error: str) -> None:
    with store.db.conn:
        store.db.conn.execute(
            "update alerts set attempts = attempts + 1, last_error = ?, next_attempt_at = ?, claimed_until = null "
            "where id = ?", (error[:500], PARKED, alert_id))


def dead_letters(store: Any, limit: int | None = None) -> list[dict[str, Any]]:
    """Every (alert, destination) refused for good, oldest first: what ``monitor status`` can count."""
    sql = ("select d.alert_id, d.channel, d.attempts, d.last_error, d.dead_at, a.kind, a.audience, a.message, "
           "a.created_at from alert_deliveries d join alerts a on a.id = d.alert_id "
           "where d.state = 'dead' order by d.alert_id, d.channel")
    if limit:
        sql += f" limit {int(limit)}"
    return list(store.db.query(sql))


def requeue(store: Any, alert_id: int | None = None) -> int:
    """Give dead-lettered deliveries (of one alert, or all) a fresh start; returns how many."""
    where, params = ("d.state = 'dead'", ()) if alert_id is None else ("d.state = 'dead' and d.alert_id = ?", (alert_id,))
    with store.db.conn:
        ids = [r[0] for r in store.db.conn.execute(f"select d.alert_id from alert_deliveries d where {where}", params)]
        count = store.db.conn.execute(
            f"update alert_deliveries set state = 'failed', dead_at = null, next_attempt_at = null, attempts = 0 "
            f"where id in (select d.id from alert_deliveries d where {where})", params).rowcount
        for ident in set(ids):
            store.db.conn.execute("update alerts set next_attempt_at = null, delivered_at = null where id = ?",
                                  (ident,))
    return count


def known_destinations(store: Any) -> set[str]:
    """Destination ids that have any bookkeeping row (were configured for some delivery)."""
    return {r[0] for r in store.db.execute("select distinct channel from alert_deliveries")}


def any_delivered(store: Any, audience: str) -> bool:
    row = store.db.execute("select 1 from alerts where delivered_at is not null and coalesce(audience, 'content') = ? "
                           "limit 1", (audience,)).fetchone()
    return row is not None


def reopen_for_backfill(store: Any, since: str, audience: str, destinations: list[str]) -> int:
    """Reopen delivered alerts of ``audience`` created at or after ``since`` that one of ``destinations``
    has not received (and has not dead-lettered); returns how many. Destinations that took an alert
    keep their row, so they are never sent it again."""
    if not destinations:
        return 0
    with store.db.conn:
        return store.db.conn.execute(
            f"update alerts set delivered_at = null, next_attempt_at = null where delivered_at is not null "
            f"and coalesce(audience, 'content') = ? and created_at >= ? and exists ("
            f"select 1 from (select value as channel from json_each(?)) c where not exists ("
            f"select 1 from alert_deliveries d where d.alert_id = alerts.id and d.channel = c.channel "
            f"and (d.delivered_at is not null or d.state = 'dead')))",
            (audience, since, json.dumps(destinations))).rowcount


def adopt_legacy_everywhere(store: Any, legacy: str, ident: str) -> int:
    """Rename every row a destination was bookkept under before destinations had ids (its URL) to its
    id, and replace that name in ``alerts.last_error``; the old text is overwritten on disk
    (``secure_delete``), so no URL stays in the file. Returns how many rows were renamed."""
    conn = store.db.conn
    if conn.execute("select 1 from alert_deliveries where channel = ? limit 1", (legacy,)).fetchone() is None \
            and conn.execute("select 1 from alerts where instr(last_error, ?) > 0 limit 1", (legacy,)).fetchone() is None:
        return 0
    conn.execute("pragma secure_delete = on")
    with conn:
        conn.execute(
            "update alert_deliveries set state = 'delivered', delivered_at = (select l.delivered_at from "
            "alert_deliveries l where l.alert_id = alert_deliveries.alert_id and l.channel = ?) "
            "where channel = ? and delivered_at is null and exists (select 1 from alert_deliveries l where "
            "l.alert_id = alert_deliveries.alert_id and l.channel = ? and l.delivered_at is not null)",
            (legacy, ident, legacy))
        renamed = conn.execute("update or ignore alert_deliveries set channel = ? where channel = ?",
                               (ident, legacy)).rowcount
        conn.execute("delete from alert_deliveries where channel = ?", (legacy,))
        conn.execute("update alerts set last_error = replace(last_error, ?, ?) where instr(last_error, ?) > 0",
                     (legacy, ident, legacy))
        conn.execute("update alert_deliveries set state = 'delivered' where state is null and delivered_at is not null")
    return renamed
