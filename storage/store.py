"""The SQLite store (sqlite-utils): open it safely, read prior state, write versions atomically.

Every write that belongs together happens in one transaction: an article's new
version, its sections, figures, links and the alerts it raises either all land or
none do, so a crash or a locked database never leaves half a version behind.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

from sqlite_utils import Database

from . import health
from .health import StoreError, StoreFault  # noqa: F401  (StoreError is part of this module's API)
from .schema import INDEXES, SCHEMA_VERSION, TABLES, ensure_schema
from .views import figure_key_sql

DEFAULT_DB = "monitor.db"
BUSY_TIMEOUT_SECONDS = 30.0


def utcnow() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def resolve_db_path(explicit: str | os.PathLike[str] | None = None) -> str:
    """``--db``, else ``$MONITOR_DB``, else ``monitor.db`` in the working directory."""
    if explicit:
        return os.fspath(explicit)
    return os.environ.get("MONITOR_DB") or DEFAULT_DB


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


@dataclass
class VersionRecord:
    """Everything one new version writes (built by the version pipeline, written by the store)."""

    article: dict[str, Any]  # columns of `articles` (without id)
    version: dict[str, Any]  # columns of `versions` (without id/article_id/version)
    sections: list[dict[str, Any]] = field(default_factory=list)
    figures: list[dict[str, Any]] = field(default_factory=list)
    links: list[dict[str, Any]] = field(default_factory=list)
    alerts: list[dict[str, Any]] = field(default_factory=list)
    # A first version joins ``story_id``, or opens a new story when it is None.
    story_id: int | None = None
    # MinHash signatures of a first version ({"text_minhash": bytes, "topic_minhash": bytes}).
    signature: dict[str, bytes] | None = None


class Store:
    """One SQLite file. Open with :meth:`open`; close with :meth:`close`."""

    def __init__(self, db: Database, path: str):
        self.db = db
        self.path = path

    # -- opening -----------------------------------------------------------------
    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None, *, busy_timeout: float = BUSY_TIMEOUT_SECONDS,
             readonly: bool = False, create: bool = True, max_bytes: int | None = None,
             check: bool = False) -> "Store":
        """Open (and, when ``create``, create) the store; every fault is one :class:`StoreFault`.

        ``create=False`` never makes a new file (a daemon whose store vanished must not start an empty
        one). ``max_bytes`` caps the file's size (``PRAGMA max_page_count``; a full store is a ``disk_full`` fault). ``check`` also runs the
        checks of a command about to write: ``quick_check`` and a real, rolled-back write.
        A writable open compares the schema with what the code needs and repairs what a migration can
        re-create; the rest is refused (see :mod:`storage.health`).
        """
        path = resolve_db_path(path)
        if path != ":memory:":
            parent = Path(path).resolve().parent
            if not parent.is_dir():
                raise StoreError(f"cannot open database {path}: folder {parent} does not exist")
            if readonly and not Path(path).exists():
                raise StoreError(f"cannot open database {path}: no such file (run a crawl first)")
            if Path(path).is_dir():
                raise StoreError(f"cannot open database {path}: it is a folder, not a file")
            if not create and not Path(path).exists():
                raise StoreFault("missing", path, "no file at this path", opening=True)
        try:
            if readonly:
                conn = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True, timeout=busy_timeout)
            elif not create and path != ":memory:":
                conn = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=rw", uri=True, timeout=busy_timeout)
            else:
                conn = sqlite3.connect(path, timeout=busy_timeout)
            conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
            conn.execute("PRAGMA foreign_keys = ON")
            if max_bytes:
                page = conn.execute("PRAGMA page_size").fetchone()[0]
                conn.execute(f"PRAGMA max_page_count = {max(1, int(max_bytes // page))}")
            db = Database(conn)
            found = conn.execute("PRAGMA user_version").fetchone()[0]
            if found > SCHEMA_VERSION:
                conn.close()
                raise StoreFault("newer", path, f"schema version {found}; this monitor knows {SCHEMA_VERSION}",
                                 opening=True)
            if check:
                health.quick_check(conn, path)
            if not readonly:
                _prepare_schema(db, path, busy_timeout)
                if check:
                    health.probe_writes(conn, path)
            else:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
                if found == SCHEMA_VERSION:  # at the current version every table must be there
                    _refuse_incomplete_schema(conn, path)
        except sqlite3.DatabaseError as exc:
            fault = health.fault_from_error(exc, path, opening=True)
            if fault is not None:
                raise fault from None
            raise StoreError(f"cannot open database {path}: {exc}") from None
        return cls(db, path)

    def store_id(self) -> str | None:
        """The random id written into the file when it was created (``store_meta.store_id``)."""
        try:
            row = self.db.execute("select value from store_meta where key = 'store_id'").fetchone()
        except sqlite3.OperationalError:
            return None
        return row[0] if row else None

    def close(self) -> None:
        try:
            self.db.conn.close()
        except sqlite3.Error:
            pass

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reads -------------------------------------------------------------------
    def _one(self, sql: str, params: tuple | dict = ()) -> dict[str, Any] | None:
        rows = list(self.db.query(sql, params))
        return rows[0] if rows else None

    def article_by_canonical(self, canonical_url: str) -> dict[str, Any] | None:
        return self._one("select * from articles where canonical_url = ?", (canonical_url,))

    def article_by_id(self, article_id: int) -> dict[str, Any] | None:
        return self._one("select * from articles where id = ?", (article_id,))

    def article_by_text_hash(self, text_hash: str) -> dict[str, Any] | None:
        return self._one("select * from articles where text_hash = ? order by id limit 1", (text_hash,))

    def duplicate_by_canonical(self, canonical_url: str) -> dict[str, Any] | None:
        return self._one("select * from duplicates where canonical_url = ?", (canonical_url,))

    def latest_version(self, article_id: int) -> dict[str, Any] | None:
        row = self._one(
            "select * from versions where article_id = ? order by version desc limit 1", (article_id,)
        )
        if row is None:
            return None
        row["sections"] = list(self.db.query(
            "select heading, text from sections where version_id = ? order by position", (row["id"],)))
        row["figures"] = self.version_figures(row["id"])
        return row

    def version_figures(self, version_id: int) -> list[dict[str, Any]]:
        rows = list(self.db.query(
            "select * from casualty_figures where version_id = ? order by position", (version_id,)))
        for r in rows:
            r["evidence"] = json.loads(r["evidence"]) if r.get("evidence") else []
        return rows

    def versions_of(self, article_id: int) -> list[dict[str, Any]]:
        return list(self.db.query(
            "select * from versions where article_id = ? order by version", (article_id,)))

    def articles_to_revisit(self, source: str, since: str, limit: int = 500) -> list[dict[str, Any]]:
        """Articles of ``source`` first seen after ``since`` (ISO time), least recently checked first."""
        return list(self.db.query(
            "select id, url, canonical_url, first_seen_at, last_checked_at from articles "
            "where source = ? and first_seen_at >= ? order by last_checked_at limit ?",
            (source, since, limit)))

    def alerts(self, *, undelivered: bool = False, limit: int | None = None) -> list[dict[str, Any]]:
        sql = "select * from alerts"
        if undelivered:
            sql += " where delivered_at is null"
        sql += " order by id"
        if limit:
            sql += f" limit {int(limit)}"
        return list(self.db.query(sql))

    def iter_rows(self, sql: str, params: tuple = ()) -> Iterator[dict[str, Any]]:
        return self.db.query(sql, params)

    # -- writes ------------------------------------------------------------------
    # sqlite-utils' insert/update open and commit their own transactions, which would split
    # one version over several commits; inside our transactions we write with plain SQL.
    def _insert(self, table: str, row: dict[str, Any], *, on_conflict: str | None = None) -> int:
        columns = ", ".join(f"[{c}]" for c in row)
        marks = ", ".join("?" for _ in row)
        sql = f"insert into [{table}] ({columns}) values ({marks})"
        if on_conflict:
            sql += f" on conflict({on_conflict}) do nothing"
        return self.db.conn.execute(sql, list(row.values())).lastrowid

    def _update(self, table: str, pk: Any, row: dict[str, Any], *, pk_column: str = "id") -> None:
        if row:
            sets = ", ".join(f"[{c}] = ?" for c in row)
            self.db.conn.execute(f"update [{table}] set {sets} where [{pk_column}] = ?", [*row.values(), pk])

    def save_version(self, record: VersionRecord, article_id: int | None) -> tuple[int, int, int]:
        """Write a new version (and the article row, sections, figures, links, alerts) in one transaction.

        Returns ``(article_id, version_id, version_number)``. On any error nothing is written.
        """
        conn = self.db.conn
        with conn:
            if article_id is None:
                article_id = self._insert("articles", record.article)
                number = 1
                when = record.article.get("first_seen_at")
                story_id = record.story_id
                if story_id is None:
                    story_id = self._insert("stories", {
                        "title": record.article.get("headline"), "first_article_id": article_id,
                        "first_seen_at": when, "last_seen_at": when, "articles": 0})
                conn.execute("update stories set articles = articles + 1, last_seen_at = ? where id = ?",
                             (when, story_id))
                self._update("articles", article_id, {"story_id": story_id})
                if record.signature:
                    self._insert("article_signatures", dict(record.signature, article_id=article_id, created_at=when))
            else:
                current = conn.execute("select max(version) from versions where article_id = ?", (article_id,)).fetchone()
                number = (current[0] or 0) + 1
            version_id = self._insert("versions", dict(record.version, article_id=article_id, version=number))
            article = dict(record.article, current_version=number)
            if number > 1:
                article.pop("first_seen_at", None)
            self._update("articles", article_id, article)
            base = {"version_id": version_id, "article_id": article_id}
            for i, s in enumerate(record.sections):
                self._insert("sections", dict(base, position=i, heading=s.get("heading"), text=s.get("text") or ""))
            for i, f in enumerate(record.figures):
                self._insert("casualty_figures", dict(base, position=i, **f))
            for i, link in enumerate(record.links):
                self._insert("links", dict(base, position=i, **link))
            story = conn.execute("select story_id from articles where id = ?", (article_id,)).fetchone()[0]
            for alert in record.alerts:
                row = dict(alert, article_id=article_id, version_id=version_id, story_id=story)
                row["alert_key"] = row["alert_key"].format(article_id=article_id, version=number)
                # Only a repeated alert_key is skipped; any other constraint violation aborts the version.
                self._insert("alerts", row, on_conflict="alert_key")
        return article_id, version_id, number

    def touch_article(self, article_id: int, when: str, **columns: Any) -> None:
        with self.db.conn:
            self._update("articles", article_id, dict(columns, last_checked_at=when, last_seen_at=when))

    # -- per-URL fetch state (conditional requests, revisit policy) ---------------
    def url_states(self, urls: "list[str] | tuple[str, ...]") -> dict[str, dict[str, Any]]:
        """``url_state`` rows of the given URLs, by URL (URLs never fetched are absent)."""
        found: dict[str, dict[str, Any]] = {}
        urls = list(dict.fromkeys(urls))
        for i in range(0, len(urls), 500):
            chunk = urls[i:i + 500]
            marks = ", ".join("?" for _ in chunk)
            for row in self.db.query(f"select * from url_state where url in ({marks})", chunk):
                found[row["url"]] = row
        return found

    def record_fetch(self, url: str, *, status: int, when: str, etag: str | None = None,
                     last_modified: str | None = None) -> None:
        """Note a response for ``url``: a 200 replaces the validators, a 304 keeps them, others keep them too."""
        with self.db.conn:
            if status == 200:
                self.db.conn.execute(
                    "insert into url_state (url, etag, last_modified, last_status, first_fetched_at, "
                    "last_fetched_at, last_changed_at) values (?, ?, ?, ?, ?, ?, ?) on conflict(url) do update set "
                    "last_changed_at = case when coalesce(url_state.etag, '') = coalesce(excluded.etag, '') "
                    "and coalesce(url_state.last_modified, '') = coalesce(excluded.last_modified, '') "
                    "and url_state.last_status in (200, 304) then url_state.last_changed_at else excluded.last_changed_at end, "
                    "etag = excluded.etag, last_modified = excluded.last_modified, "
                    "last_status = excluded.last_status, last_fetched_at = excluded.last_fetched_at",
                    (url, etag, last_modified, status, when, when, when))
            else:
                self.db.conn.execute(
                    "insert into url_state (url, last_status, first_fetched_at, last_fetched_at) values (?, ?, ?, ?) "
                    "on conflict(url) do update set last_status = excluded.last_status, "
                    "last_fetched_at = excluded.last_fetched_at", (url, status, when, when))

    def record_status(self, url: str, *, status: int, when: str) -> None:
        """Note a response for ``url`` without touching its stored validators."""
        with self.db.conn:
            self.db.conn.execute(
                "insert into url_state (url, last_status, first_fetched_at, last_fetched_at) values (?, ?, ?, ?) "
                "on conflict(url) do update set last_status = excluded.last_status, "
                "last_fetched_at = excluded.last_fetched_at", (url, status, when, when))

    def forget_validators(self, url: str) -> None:
        """Drop the stored ETag/Last-Modified of ``url`` so the next fetch is unconditional."""
        with self.db.conn:
            self.db.conn.execute("update url_state set etag = null, last_modified = null where url = ?", (url,))

    def mark_checked(self, url: str, canonical_url: str, when: str) -> int:
        """Set ``last_checked_at``/``last_seen_at`` of the article at ``url`` (e.g. after a 304); returns rows updated."""
        with self.db.conn:
            cur = self.db.conn.execute(
                "update articles set last_checked_at = ?, last_seen_at = ? where canonical_url = ?",
                (when, when, canonical_url))
            if cur.rowcount:
                return cur.rowcount
            return self.db.conn.execute(
                "update articles set last_checked_at = ?, last_seen_at = ? where url = ?", (when, when, url)).rowcount

    def articles_for_urls(self, urls: "list[str] | tuple[str, ...]") -> list[dict[str, Any]]:
        """Stored articles whose ``url`` or ``canonical_url`` is one of ``urls``."""
        rows: list[dict[str, Any]] = []
        urls = list(dict.fromkeys(urls))
        for i in range(0, len(urls), 400):
            chunk = urls[i:i + 400]
            marks = ", ".join("?" for _ in chunk)
            rows += self.db.query(
                "select id, url, canonical_url, source, first_seen_at, last_checked_at from articles "
                f"where url in ({marks}) or canonical_url in ({marks})", chunk + chunk)
        return rows

    def record_duplicate(self, *, article_id: int, canonical_url: str, url: str, source: str,
                         reason: str, text_hash: str | None, when: str, similarity: float | None = None) -> None:
        with self.db.conn:
            existing = self.duplicate_by_canonical(canonical_url)
            if existing:
                self._update("duplicates", existing["id"], {"last_seen_at": when, "article_id": article_id})
            else:
                self._insert("duplicates", {
                    "article_id": article_id, "canonical_url": canonical_url, "url": url, "source": source,
                    "reason": reason, "text_hash": text_hash, "first_seen_at": when, "last_seen_at": when,
                    "similarity": similarity,
                })

    def mark_alert_delivered(self, alert_id: int, when: str) -> None:
        with self.db.conn:
            self.db.execute(
                "update alerts set delivered_at = ?, attempts = attempts + 1, last_error = null, "
                "next_attempt_at = null, claimed_until = null where id = ?",
                (when, alert_id))

    def mark_alert_failed(self, alert_id: int, error: str) -> None:
        with self.db.conn:
            self.db.execute("update alerts set attempts = attempts + 1, last_error = ? where id = ?",
                            (error[:500], alert_id))

    def start_run(self, source: str, spider: str, when: str) -> int:
        with self.db.conn:
            run_id = self._insert("crawl_runs", {"source": source, "spider": spider, "started_at": when})
            self.db.conn.execute(
                "insert into source_state (source, last_run_started_at, runs) values (?, ?, 0) "
                "on conflict(source) do update set last_run_started_at = excluded.last_run_started_at",
                (source, when))
        return run_id

    def finish_run(self, run_id: int, source: str, row: dict[str, Any]) -> None:
        row = dict(row)
        for key in ("status_counts", "stats"):
            if key in row and not isinstance(row[key], str):
                row[key] = _dumps(row[key])
        with self.db.conn:
            self._update("crawl_runs", run_id, row)
            self.db.conn.execute(
                "update source_state set last_run_finished_at = ?, last_finish_reason = ?, "
                "runs = (select count(*) from crawl_runs where source = ?) where source = ?",
                (row.get("finished_at"), row.get("finish_reason"), source, source))

    # -- alert outbox ------------------------------------------------------------------
    def due_alerts(self, now: str, limit: int = 500) -> list[dict[str, Any]]:
        """Undelivered alerts whose next attempt is due, oldest first."""
        return list(self.db.query(
            "select * from alerts where delivered_at is null and (next_attempt_at is null or next_attempt_at <= ?) "
            "order by id limit ?", (now, limit)))

    def claim_alert(self, alert_id: int, now: str, lease_until: str, *, ignore_schedule: bool = False) -> bool:
        """Take an alert for delivery until ``lease_until``; False if it is delivered, not due (unless
        ``ignore_schedule``), or another delivery (this process or another) holds it: two deliveries can
        never send the same alert at once. A claim left by a delivery that died expires with its lease."""
        sql = ("update alerts set claimed_until = ? where id = ? and delivered_at is null "
               "and (claimed_until is null or claimed_until <= ?)")
        params: tuple = (lease_until, alert_id, now)
        if not ignore_schedule:  # forced deliveries skip the retry schedule, never another's claim
            sql += " and (next_attempt_at is null or next_attempt_at <= ?)"
            params += (now,)
        with self.db.conn:
            return self.db.conn.execute(sql, params).rowcount == 1

    def release_alert(self, alert_id: int) -> None:
        with self.db.conn:
            self.db.conn.execute("update alerts set claimed_until = null where id = ?", (alert_id,))

    def delivered_channels(self, alert_id: int) -> set[str]:
        return {r["channel"] for r in self.db.query(
            "select channel from alert_deliveries where alert_id = ? and delivered_at is not null", (alert_id,))}

    def record_delivery(self, alert_id: int, channel: str, when: str) -> None:
        with self.db.conn:
            self.db.conn.execute(
                "insert into alert_deliveries (alert_id, channel, delivered_at, attempts, last_attempt_at) "
                "values (?, ?, ?, 1, ?) on conflict(alert_id, channel) do update set "
                "delivered_at = excluded.delivered_at, attempts = attempts + 1, "
                "last_attempt_at = excluded.last_attempt_at, last_error = null",
                (alert_id, channel, when, when))

    def record_delivery_failure(self, alert_id: int, channel: str, error: str, when: str) -> int:
        with self.db.conn:
            self.db.conn.execute(
                "insert into alert_deliveries (alert_id, channel, attempts, last_error, last_attempt_at) "
                "values (?, ?, 1, ?, ?) on conflict(alert_id, channel) do update set "
                "attempts = attempts + 1, last_error = excluded.last_error, last_attempt_at = excluded.last_attempt_at",
                (alert_id, channel, error[:500], when))
        row = self._one("select attempts from alert_deliveries where alert_id = ? and channel = ?", (alert_id, channel))
        return int(row["attempts"]) if row else 1

    def alert_retry_later(self, alert_id: int, error: str, next_attempt_at: str) -> None:
        with self.db.conn:
            self.db.conn.execute(
                "update alerts set attempts = attempts + 1, last_error = ?, next_attempt_at = ?, claimed_until = null "
                "where id = ?",
                (error[:500], next_attempt_at, alert_id))

    def insert_alert(self, row: dict[str, Any]) -> bool:
        """Queue one alert (not tied to a version, e.g. crawl health); False if its key exists already."""
        with self.db.conn:
            cursor = self.db.conn.execute(
                f"insert into alerts ({', '.join(f'[{c}]' for c in row)}) values ({', '.join('?' for _ in row)}) "
                "on conflict(alert_key) do nothing", list(row.values()))
            return cursor.rowcount == 1

    # -- stories -------------------------------------------------------------------------
    def article_story(self, article_id: int) -> int | None:
        row = self._one("select story_id from articles where id = ?", (article_id,))
        return row["story_id"] if row else None

    def story_peaks(self, story_id: int, exclude_article_id: int | None = None) -> dict[str, dict[str, Any]]:
        """Per figure key (``storage.views.figure_key_sql``: a party's claim about the other side's
        losses has its own key), the highest count any article of the story has reported in any
        stored version (optionally leaving one article out). Background figures are no part of a toll."""
        rows = self.db.query(
            f"select {figure_key_sql('f')} as key, "
            "max(coalesce(f.count_high, f.count)) as peak, f.article_id, a.canonical_url as url "
            "from casualty_figures f join articles a on a.id = f.article_id "
            "where a.story_id = ? and f.article_id != ? and coalesce(f.background, 0) = 0 group by key",
            (story_id, exclude_article_id if exclude_article_id is not None else -1))
        return {r["key"]: r for r in rows}

    def story_by_shared_figure(self, figures: list[dict[str, Any]], since: str, min_count: int) -> int | None:
        """The story of the most recent article (first seen after ``since``) that reported one of
        ``figures`` exactly (same figure key — category, side, victims, claim — and count ≥ ``min_count``),
        in any version. Background figures (another period's toll, quoted by many stories) never match."""
        best = None
        for f in figures:
            if f["count"] < min_count or f["side"] == "unknown" or f.get("background"):
                continue
            row = self._one(
                "select a.story_id, a.id from casualty_figures c join articles a on a.id = c.article_id "
                "where c.category = ? and c.side = ? and c.victims = ? and c.count = ? and a.first_seen_at >= ? "
                f"and a.story_id is not null and {figure_key_sql('c')} = "
                f"(select {figure_key_sql('p')} from (select ? as category, ? as side, ? as victims, "
                "? as claimed_by, 0 as background) p) "
                "order by a.id desc limit 1",
                (f["category"], f["side"], f["victims"], f["count"], since,
                 f["category"], f["side"], f["victims"], f.get("claimed_by")))
            if row and (best is None or row["id"] > best["id"]):
                best = row
        return best["story_id"] if best else None

    def recent_signatures(self, since: str, after_article_id: int = 0) -> list[dict[str, Any]]:
        """Signatures of articles first stored after ``since``, and after article ``after_article_id``.

        A top-up (``after_article_id`` > 0, before every look-up) walks the primary key from that
        article on, so it costs what is new, not the whole window.
        """
        window = "s.created_at >= ?" if after_article_id <= 0 else "+s.created_at >= ?"  # '+': not by index
        return list(self.db.query(
            "select s.article_id, s.text_minhash, s.topic_minhash, a.story_id from article_signatures s "
            f"join articles a on a.id = s.article_id where s.article_id > ? and {window} "
            "order by s.article_id", (after_article_id, since)))

    # -- the frontier (storage/frontier.py) -------------------------------------------------
    def frontier_record_index(self, source: str, index_url: str, links: "list[Any]", *, etag: str | None = None,
                              last_modified: str | None = None) -> bool:
        from .frontier import record_index

        return record_index(self.db.conn, source, index_url, links, etag=etag, last_modified=last_modified,
                            when=utcnow())

    def frontier_take_up(self, source: str, max_attempts: int | None = None) -> "tuple[list[Any], list[str]]":
        from .frontier import MAX_ATTEMPTS, take_up

        return take_up(self.db.conn, source, max_attempts=MAX_ATTEMPTS if max_attempts is None else max_attempts)

    def frontier_settle(self, source: str, urls: "list[str] | tuple[str, ...]") -> list[str]:
        from .frontier import settle

        return settle(self.db.conn, source, urls, when=utcnow())

    def frontier_note_failure(self, source: str, urls: "list[str] | tuple[str, ...]") -> None:
        from .frontier import note_failure

        note_failure(self.db.conn, source, urls)

    def frontier_pending_counts(self) -> dict[str, int]:
        from .frontier import pending_counts

        return pending_counts(self.db.conn)


def dumps(value: Any) -> str:
    """JSON as stored in the database: UTF-8 text, sorted keys."""
    return _dumps(value)


def _prepare_schema(db: Database, path: str, busy_timeout: float) -> None:
    """WAL, the schema, its repair and the store id, for a writable open.

    Two processes creating one new store at the same moment both try to switch it to WAL and create
    its tables; the loser of a race sees "database is locked" (WAL switch) or "already exists" (DDL)
    and simply tries again until the busy timeout has passed: creation is idempotent.
    """
    import time

    deadline = time.monotonic() + max(busy_timeout, 1.0)
    while True:
        try:
            if path != ":memory:":
                db.enable_wal()
                # WAL + NORMAL: a commit never waits for fsync of the log, and the file is never
                # corrupted; a power cut can undo the last commits as a whole (the frontier then
                # fetches those pages again). FULL costs ~10 ms per version on a busy disk.
                db.conn.execute("PRAGMA synchronous = NORMAL")
            ensure_schema(db)
            _repair_schema(db, path)
            _ensure_store_id(db)
            return
        except sqlite3.OperationalError as exc:
            text = str(exc)
            if ("locked" not in text and "already exists" not in text) or time.monotonic() > deadline:
                raise
            if db.conn.in_transaction:
                db.conn.rollback()
            time.sleep(0.05)


def _repair_schema(db: Database, path: str) -> None:
    report = health.schema_report(db.conn, TABLES, INDEXES)
    if report.fatal:
        raise StoreFault("schema_damaged", path, "; ".join(report.fatal), opening=True)
    if report.repairable:
        import logging

        ensure_schema(db, force=True)
        logging.getLogger("storage").warning("store %s: repaired its schema: %s", path, "; ".join(report.repairable))


def _refuse_incomplete_schema(conn: sqlite3.Connection, path: str) -> None:
    """A read-only open cannot repair: name what is missing and how to repair it, instead of failing later."""
    report = health.schema_report(conn, TABLES, INDEXES)
    if report.fatal:
        conn.close()
        raise StoreFault("schema_damaged", path, "; ".join(report.fatal), opening=True)
    if report.repairable:
        conn.close()
        raise StoreFault("schema_incomplete", path, "; ".join(report.repairable), opening=True)


def _ensure_store_id(db: Database) -> None:
    if db.execute("select 1 from store_meta where key = 'store_id'").fetchone():
        return
    import uuid

    with db.conn:
        db.conn.execute("insert into store_meta (key, value) values ('store_id', ?), ('created_at', ?) "
                        "on conflict(key) do nothing", (uuid.uuid4().hex, utcnow()))
