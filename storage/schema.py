"""The SQLite schema. Table names are a public interface: analysts and tooling rely on them.

Columns may be added in later versions; nothing here is ever renamed or dropped.
``ensure_schema`` is idempotent and runs every time a store is opened.
"""

from __future__ import annotations

from sqlite_utils import Database

from .views import ensure_views

SCHEMA_VERSION = 6  # 6 (issue 16): index duplicates(article_id)

TABLES: dict[str, dict] = {
    "articles": dict(
        columns={
            "id": int, "canonical_url": str, "url": str, "source": str,
            "headline": str, "standfirst": str, "published_at": str, "modified_at": str,
            "authors": str, "language": str, "body_text": str,
            "relevance": float, "relevance_terms": str,
            "content_hash": str, "text_hash": str, "current_version": int,
            "first_seen_at": str, "last_seen_at": str, "last_checked_at": str, "last_changed_at": str,
            "story_id": int,  # schema 3
        },
        pk="id", not_null={"canonical_url", "url", "source", "first_seen_at"},
    ),
    "versions": dict(
        columns={
            "id": int, "article_id": int, "version": int, "fetched_at": str, "url": str,
            "content_hash": str, "headline": str, "standfirst": str, "body_text": str,
            "published_at": str, "modified_at": str,
            "changed_fields": str, "changes": str, "body_diff": str, "extractor_version": str,
        },
        pk="id", foreign_keys=[("article_id", "articles", "id")],
        not_null={"article_id", "version", "fetched_at", "content_hash"},
    ),
    "sections": dict(
        columns={"id": int, "version_id": int, "article_id": int, "position": int, "heading": str, "text": str},
        pk="id", foreign_keys=[("version_id", "versions", "id"), ("article_id", "articles", "id")],
        not_null={"version_id", "article_id", "position"},
    ),
    "casualty_figures": dict(
        columns={
            "id": int, "version_id": int, "article_id": int, "position": int,
            "count": int, "count_high": int, "qualifier": str, "category": str, "side": str, "victims": str,
            "sentence": str, "part": str, "start": int, "end": int, "evidence": str,
            # schema 5: who states the figure (armenia | azerbaijan | third_party | unknown), and
            # whether it is about another period (1: never in a toll or an alert); see monitor.claims
            "claimed_by": str, "background": int,
        },
        pk="id", foreign_keys=[("version_id", "versions", "id"), ("article_id", "articles", "id")],
        not_null={"version_id", "article_id", "count", "qualifier", "category", "side", "victims",
                  "claimed_by", "background"},
        defaults={"claimed_by": "unknown", "background": 0},
    ),
    "links": dict(
        columns={"id": int, "version_id": int, "article_id": int, "position": int,
                 "url": str, "canonical_url": str, "text": str, "kind": str},
        pk="id", foreign_keys=[("version_id", "versions", "id"), ("article_id", "articles", "id")],
        not_null={"version_id", "article_id", "url", "kind"},
    ),
    "duplicates": dict(
        columns={"id": int, "article_id": int, "canonical_url": str, "url": str, "source": str,
                 "reason": str, "text_hash": str, "first_seen_at": str, "last_seen_at": str,
                 "similarity": float},  # schema 3: similarity
        pk="id", foreign_keys=[("article_id", "articles", "id")],
        not_null={"article_id", "canonical_url", "url", "reason", "first_seen_at"},
    ),
    "alerts": dict(
        columns={
            "id": int, "alert_key": str, "kind": str, "article_id": int, "version_id": int,
            "figure_key": str, "old_value": str, "new_value": str, "message": str, "evidence": str,
            "url": str, "created_at": str, "delivered_at": str, "attempts": int, "last_error": str,
            # schema 3: audience (content | health), story, retry schedule
            "audience": str, "story_id": int, "source": str, "next_attempt_at": str,
            "claimed_until": str,  # schema 4: a delivery in progress holds the alert until then
            # schema 5: who states the figure a casualty alert is about (not to be confused with
            # claimed_until, the delivery lease)
            "figure_claimed_by": str,
        },
        pk="id", foreign_keys=[("article_id", "articles", "id"), ("version_id", "versions", "id")],
        not_null={"alert_key", "kind", "message", "created_at"},
        defaults={"attempts": 0},
    ),
    # schema 3: one row per (alert, channel) that took it or failed; a channel never gets an alert twice
    "alert_deliveries": dict(
        columns={"id": int, "alert_id": int, "channel": str, "delivered_at": str, "attempts": int,
                 "last_error": str, "last_attempt_at": str,
                 # schema 5: per-destination state (sending | failed | unknown | dead | delivered),
                 # its own retry time, and when it was dead-lettered
                 "state": str, "next_attempt_at": str, "dead_at": str},
        pk="id", foreign_keys=[("alert_id", "alerts", "id")], not_null={"alert_id", "channel"},
        defaults={"attempts": 0},
    ),
    # schema 3: stories group articles about the same event (near-duplicates are `duplicates`)
    "stories": dict(
        columns={"id": int, "title": str, "first_article_id": int, "first_seen_at": str, "last_seen_at": str,
                 "articles": int},
        pk="id", not_null={"first_seen_at"}, defaults={"articles": 0},
    ),
    "article_signatures": dict(
        columns={"article_id": int, "text_minhash": bytes, "topic_minhash": bytes, "created_at": str},
        pk="article_id", foreign_keys=[("article_id", "articles", "id")],
    ),
    "crawl_runs": dict(
        columns={
            "id": int, "source": str, "spider": str, "started_at": str, "finished_at": str,
            "finish_reason": str, "duration_seconds": float, "pages": int, "items": int,
            "articles_new": int, "articles_changed": int, "articles_unchanged": int,
            "duplicates": int, "irrelevant": int, "invalid": int, "errors": int,
            "status_counts": str, "stats": str,
            # schema 2: crawl health
            "not_modified": int, "revisits": int, "field_coverage": float, "coverage": str,
        },
        pk="id", not_null={"source", "started_at"},
    ),
    # schema 2: HTTP validators and fetch history per URL (conditional requests, revisit policy)
    "url_state": dict(
        columns={"url": str, "etag": str, "last_modified": str, "last_status": int,
                 "first_fetched_at": str, "last_fetched_at": str, "last_changed_at": str},
        pk="url",
    ),
    "source_state": dict(
        columns={"source": str, "last_run_started_at": str, "last_run_finished_at": str,
                 "last_finish_reason": str, "runs": int},
        pk="source",
    ),
    # schema 5: the frontier (storage/frontier.py): links an index listed that are not settled yet
    "frontier": dict(
        columns={"id": int, "source": str, "index_url": str, "url": str, "kind": str, "depth": int,
                 "listed_at": str, "attempts": int},
        pk="id", not_null={"source", "index_url", "url", "kind"}, defaults={"attempts": 0, "depth": 0},
    ),
    # schema 5: an index's validators, held until every link it listed is settled
    "frontier_indexes": dict(
        columns={"url": str, "source": str, "etag": str, "last_modified": str, "listed_at": str, "links": int},
        pk="url",
    ),
    # schema 5: facts about the file itself; `store_id` (a random id written when the store is created)
    # lets a running daemon tell its store from a file that replaced it
    "store_meta": dict(columns={"key": str, "value": str}, pk="key"),
}

INDEXES: list[tuple[str, list[str], bool]] = [
    ("articles", ["canonical_url"], True),
    ("articles", ["text_hash"], False),
    ("articles", ["source", "last_checked_at"], False),
    ("versions", ["article_id", "version"], True),
    ("sections", ["version_id", "position"], False),
    ("casualty_figures", ["version_id"], False),
    ("casualty_figures", ["article_id", "category", "side", "victims"], False),
    ("links", ["version_id"], False),
    ("links", ["canonical_url"], False),
    ("duplicates", ["canonical_url"], True),
    ("alerts", ["alert_key"], True),
    ("alerts", ["delivered_at"], False),
    ("alerts", ["delivered_at", "next_attempt_at"], False),
    ("alert_deliveries", ["alert_id", "channel"], True),
    ("articles", ["story_id"], False),
    ("article_signatures", ["created_at"], False),
    ("crawl_runs", ["source", "started_at"], False),
    ("articles", ["url"], False),
    # schema 5: look-ups that were full scans at scale (bench/bench_store.py): the shared-figure
    # story match, and the time windows of the change log
    ("casualty_figures", ["category", "side", "victims", "count"], False),
    ("versions", ["fetched_at"], False),
    ("articles", ["first_seen_at"], False),
    ("duplicates", ["first_seen_at"], False),
    ("alerts", ["created_at"], False),
    ("frontier", ["source", "index_url", "url"], True),
    ("frontier", ["source", "url"], False),
    ("frontier", ["index_url"], False),
    # issue 16: every article_stories row counts its copies (duplicates by article_id): a scan each
    ("duplicates", ["article_id"], False),
]


def ensure_schema(db: Database, *, force: bool = False) -> None:
    """Create missing tables, indexes and full-text search; safe to call on every open.

    A database already at :data:`SCHEMA_VERSION` with current views is not written to at all, so
    opening one that another process is writing to never waits for its lock. ``force`` runs the
    migration anyway (a repair of tables, columns or indexes lost at the current version).
    """
    if not force and db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION \
            and db.table("articles_fts").exists():
        ensure_views(db)  # reads sqlite_master; writes only if a view is missing or outdated
        return
    with db.conn:
        for name, spec in TABLES.items():
            table = db.table(name)
            if not table.exists():
                table.create(
                    spec["columns"], pk=spec["pk"], foreign_keys=spec.get("foreign_keys"),
                    not_null=spec.get("not_null"), defaults=spec.get("defaults"),
                )
            else:  # add columns introduced by newer versions (existing rows get the column's default)
                existing = table.columns_dict
                for col, typ in spec["columns"].items():
                    if col not in existing:
                        table.add_column(col, typ, not_null_default=(spec.get("defaults") or {}).get(col))
        for table, cols, unique in INDEXES:
            db.table(table).create_index(cols, unique=unique, if_not_exists=True)
    ensure_fts(db)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    ensure_views(db)


#: FTS5 tokenizer: Unicode word breaks and case folding for Latin, Cyrillic and Armenian, and
#: diacritics removed ("Qarabag" finds "Qarabağ", "Susa" finds "Şuşa"). Inflected forms need a
#: prefix query: "Карабах*" finds "Карабахе", "Карабаха".
FTS_TOKENIZE = "unicode61 remove_diacritics 2"


def ensure_fts(db: Database) -> None:
    """Full-text search over headline and body with :data:`FTS_TOKENIZE`; an index built with
    another tokenizer (stores before version 5) is rebuilt from the articles table."""
    row = db.execute("select sql from sqlite_master where name = 'articles_fts'").fetchone()
    if row is not None and "remove_diacritics 2" in row[0]:
        return
    db.table("articles").enable_fts(["headline", "body_text"], create_triggers=True,
                                    tokenize=FTS_TOKENIZE, replace=True)
