"""The frontier: links an index listed that have not been settled yet, kept in the store.

Rules (the README's "Frontier" section):

* every link an index lists that the crawl will fetch is recorded **pending** (table ``frontier``,
  one row per source, index and link) in the same transaction that holds the index's new
  validators aside (table ``frontier_indexes``): from then on the index counts as read;
* a link is **settled** when its page went through the pipelines (stored, unchanged, a duplicate,
  irrelevant, not an article, not HTML, answered 304) or failed for good (a permanent HTTP error,
  retries exhausted, a child sitemap beyond a limit); settling deletes its rows;
* an index's validators (ETag / Last-Modified, which turn the next fetch into a 304) reach
  ``url_state`` only in the transaction that settles the last link it listed. Until then a restart
  fetches the index in full, and takes up the pending links first (:func:`take_up`);
* a link whose page was fetched but whose processing failed :data:`MAX_ATTEMPTS` times (a parser
  bug on that page: :func:`note_failure`; store faults and interruptions never count) is given up,
  so one bad page never pins an index's validators forever.

Any failure — a kill, a full disk, a locked database — leaves either the old state or the new one:
each function here is one transaction, and a failed settle simply leaves the link pending.

The API is small and has no Scrapy in it, so another process (a writer that owns the frontier) can
call it: :func:`record_index`, :func:`take_up`, :func:`settle`, :func:`note_failure`,
:func:`pending_counts`.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

MAX_ATTEMPTS = 5

#: Outcomes a link can be settled with (logged and counted by the caller; the row goes either way).
DONE = "done"
FAILED = "failed"


@dataclass(frozen=True)
class Link:
    """A link an index listed: an article page, or (for sitemap indexes) a child index."""

    url: str
    kind: str = "article"  # "article" | "index"
    depth: int = 0  # sitemap nesting of a child index (0 for articles)


def record_index(conn: sqlite3.Connection, source: str, index_url: str, links: Sequence[Link], *,
                 etag: str | None, last_modified: str | None, when: str) -> bool:
    """Record the links of a freshly read index as pending and hold its validators aside.

    With no links to wait for, the validators are committed at once. Returns True when they were.
    One transaction: a crash leaves either nothing (the index will be read again in full) or all.
    """
    with conn:
        for link in dict.fromkeys(links):
            conn.execute(
                "insert into frontier (source, index_url, url, kind, depth, listed_at, attempts) "
                "values (?, ?, ?, ?, ?, ?, 0) on conflict(source, index_url, url) do update set "
                "listed_at = excluded.listed_at, kind = excluded.kind, depth = excluded.depth",
                (source, index_url, link.url, link.kind, link.depth, when))
        conn.execute(
            "insert into frontier_indexes (url, source, etag, last_modified, listed_at, links) "
            "values (?, ?, ?, ?, ?, ?) on conflict(url) do update set source = excluded.source, "
            "etag = excluded.etag, last_modified = excluded.last_modified, listed_at = excluded.listed_at, "
            "links = excluded.links", (index_url, source, etag, last_modified, when, len(links)))
        return bool(_commit_settled_indexes(conn, [index_url], when))


def take_up(conn: sqlite3.Connection, source: str, *, max_attempts: int = MAX_ATTEMPTS) -> tuple[list[Link], list[str]]:
    """The pending links of ``source`` left by earlier runs.

    Returns ``(links to fetch now, urls given up)``: a link whose processing already failed
    ``max_attempts`` times (:func:`note_failure`) is settled instead (and its index may commit its
    validators). Interruptions (kills, shutdowns) never count as attempts.
    """
    from storage.store import utcnow

    when = utcnow()
    rows = conn.execute(
        "select url, kind, min(depth), max(attempts) from frontier where source = ? group by url, kind "
        "order by min(listed_at), url", (source,)).fetchall()
    given_up = [url for url, _, _, attempts in rows if attempts >= max_attempts]
    if given_up:
        settle(conn, source, given_up, when=when)
    return [Link(url, kind, depth) for url, kind, depth, attempts in rows if attempts < max_attempts], given_up


def note_failure(conn: sqlite3.Connection, source: str, urls: Iterable[str]) -> None:
    """The page of these links was fetched but its processing failed (a bug, not a store fault): one attempt more."""
    urls = [u for u in dict.fromkeys(urls) if u]
    if urls:
        marks = ", ".join("?" for _ in urls)
        with conn:
            conn.execute(f"update frontier set attempts = attempts + 1 where source = ? and url in ({marks})",
                         [source, *urls])


def settle(conn: sqlite3.Connection, source: str, urls: Iterable[str], *, when: str) -> list[str]:
    """Settle links of ``source`` (done or failed for good) and commit the validators of every
    index that has nothing pending any more; returns those indexes' URLs. One transaction."""
    urls = [u for u in dict.fromkeys(urls) if u]
    if not urls:
        return []
    with conn:
        indexes: list[str] = []
        for i in range(0, len(urls), 400):
            chunk = urls[i:i + 400]
            marks = ", ".join("?" for _ in chunk)
            indexes += [r[0] for r in conn.execute(
                f"select distinct index_url from frontier where source = ? and url in ({marks})", [source, *chunk])]
            conn.execute(f"delete from frontier where source = ? and url in ({marks})", [source, *chunk])
        return _commit_settled_indexes(conn, list(dict.fromkeys(indexes)), when)


def _commit_settled_indexes(conn: sqlite3.Connection, index_urls: list[str], when: str) -> list[str]:
    """Inside the caller's transaction: move the held validators of indexes with no pending link to ``url_state``."""
    committed = []
    for url in index_urls:
        if conn.execute("select 1 from frontier where index_url = ? limit 1", (url,)).fetchone():
            continue
        held = conn.execute("select etag, last_modified from frontier_indexes where url = ?", (url,)).fetchone()
        if held is None:
            continue
        etag, last_modified = held
        conn.execute(
            "insert into url_state (url, etag, last_modified, last_status, first_fetched_at, last_fetched_at, "
            "last_changed_at) values (?, ?, ?, 200, ?, ?, ?) on conflict(url) do update set "
            "etag = excluded.etag, last_modified = excluded.last_modified",
            (url, etag, last_modified, when, when, when))
        conn.execute("delete from frontier_indexes where url = ?", (url,))
        committed.append(url)
    return committed


def pending_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Pending links (distinct URLs) per source."""
    return {source: n for source, n in conn.execute(
        "select source, count(distinct url) from frontier group by source")}


def pending_of(conn: sqlite3.Connection, source: str) -> list[dict[str, Any]]:
    """Every pending row of ``source`` (for tests and inspection)."""
    cur = conn.execute("select index_url, url, kind, depth, attempts, listed_at from frontier where source = ? "
                       "order by id", (source,))
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur]
