"""``monitor status``: the operator's view of each source, read from the store alone.

Per source: its last run (start, finish, outcome, errors), the links still pending in the frontier,
when the next run is due by its schedule, and its undelivered alerts. Nothing here talks to a
running daemon: it reads the SQLite file (read-only; WAL lets it read while the daemon writes), and
the next run is computed from the schedule in the sources file and the last recorded start, the way
``monitor schedule`` places runs (without the random jitter).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any, Sequence

from monitor.sources import Source


def _parse(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def next_run(source: Source | None, last_started: str | None, now: datetime) -> tuple[str, datetime | None]:
    """``(description, time)`` of the next run by the schedule: ``due``, ``overdue``, ``at daemon start``…"""
    if source is None:
        return "not in the sources file", None
    if not source.enabled:
        return "disabled", None
    last = _parse(last_started)
    if last is None:
        return "when the daemon starts", None
    if source.interval is not None:
        when = last + source.interval
    else:
        from monitor.scheduling import _trigger

        when = _trigger(source).get_next_fire_time(None, last + timedelta(seconds=1))
    if when is None:
        return "never", None
    return ("overdue" if when <= now else "due"), when


def _last_runs(store: Any) -> dict[str, dict[str, Any]]:
    rows = store.iter_rows(
        "select r.* from crawl_runs r join (select source, max(id) as id from crawl_runs group by source) m "
        "on m.id = r.id")
    return {r["source"]: r for r in rows}


def undelivered_counts(store: Any) -> dict[str, int]:
    rows = store.iter_rows(
        "select coalesce(al.source, ar.source, '') as source, count(*) as n from alerts al "
        "left join articles ar on ar.id = al.article_id where al.delivered_at is null group by 1")
    return {r["source"]: r["n"] for r in rows}


def _table_exists(store: Any, name: str) -> bool:
    return any(store.iter_rows("select 1 from sqlite_master where type = 'table' and name = ?", (name,)))


def source_status(store: Any, sources: Sequence[Source], now: datetime | None = None) -> list[dict[str, Any]]:
    """One dict per source of the sources file (then any source only the store knows), in file order."""
    now = now or datetime.now(timezone.utc)
    runs = _last_runs(store)
    pending = store.frontier_pending_counts() if _table_exists(store, "frontier") else {}
    undelivered = undelivered_counts(store)
    by_name = {s.name: s for s in sources}
    names = list(by_name) + sorted((set(runs) | set(pending) | set(undelivered)) - set(by_name) - {''})
    result = []
    for name in names:
        run = runs.get(name) or {}
        state, when = next_run(by_name.get(name), run.get("started_at"), now)
        if not run:
            outcome = "never run"
        elif run.get("finished_at"):
            outcome = run.get("finish_reason") or "finished"
        else:
            outcome = "running or interrupted"
        result.append({
            "source": name, "last_run_started_at": run.get("started_at"), "last_run_finished_at": run.get("finished_at"),
            "outcome": outcome, "errors": run.get("errors"), "pages": run.get("pages"), "items": run.get("items"),
            "pending_links": pending.get(name, 0), "next_run": when.isoformat(timespec="seconds") if when else None,
            "next_run_state": state, "undelivered_alerts": undelivered.get(name, 0),
        })
    return result


def render_status(rows: list[dict[str, Any]], *, other_undelivered: int = 0) -> str:
    headers = ["source", "last run", "outcome", "errors", "pending", "next run", "undelivered"]
    table = [headers]
    for r in rows:
        nxt = r["next_run_state"] if r["next_run"] is None else f"{r['next_run']} ({r['next_run_state']})"
        table.append([r["source"], r["last_run_started_at"] or "-", r["outcome"],
                      "-" if r["errors"] is None else str(r["errors"]), str(r["pending_links"]), nxt,
                      str(r["undelivered_alerts"])])
    widths = [max(len(row[i]) for row in table) for i in range(len(headers))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in table]
    if other_undelivered:
        lines.append(f"{other_undelivered} undelivered alerts of no listed source")
    return "\n".join(lines) + "\n"
