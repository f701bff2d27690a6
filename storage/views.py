"""SQL views for analysts: short queries over stories, casualty figures over time, and changes.

The views are part of the public interface, like the tables (``monitor serve`` builds its canned
queries and its chart on them, and they work the same in ``sqlite3`` and ``sqlite-utils``).
:func:`ensure_views` creates them, and replaces any whose definition is out of date; it writes
nothing when they are all current, so calling it on every open never waits for a lock.

Stories: the articles of a ``stories`` row (reports of one event; an article's near-duplicates and
copies are in ``duplicates`` and never count twice). Only :data:`ARTICLE_STORIES` says what a story
is; every other view reads stories through it.

Story titles (one rule, used by every view, ``monitor history``, the desk and the change log): a
story's title is the *current* headline of its first article (``stories.first_article_id``); failing
that ``stories.title`` (the headline it was opened with); an article without a story is titled by its
own headline. Views give it as ``story_headline``; a ``headline`` column is always an article's
(``change_log.headline``: the article's current headline, or the new version's for a new version).

Times: ``reported_at`` is the outlet's own time for a version (its ``modified_at``, else its
``published_at``, else when it was fetched), normalised to UTC as ``YYYY-MM-DDTHH:MM:SSZ``;
``fetched_at`` is when the crawler saw the version.

Figure keys: ``category|side|victims``, then ``|by:CLAIMANT`` when someone other than the victims'
own side states the figure, then ``|background`` for a figure about another period — the key alerts
use (:func:`figure_key_sql`, the SQL twin of ``monitor.claims.figure_key``). Where one version states
several figures with one key, the series uses the one stating the largest toll, as alerts do.

Claims and background: every figure view has ``claimed_by`` (armenia, azerbaijan, third_party,
unknown) and ``figure_timeline`` has ``background`` (1 for a figure about another period). The toll
views (``figure_series`` and so ``figure_changes``, ``latest_figures`` and the chart) leave
background figures out; ``figure_timeline`` and ``version_history`` show them, marked.

>>> from sqlite_utils import Database
>>> from storage.schema import ensure_schema
>>> db = Database(memory=True)
>>> ensure_schema(db)
>>> sorted(VIEWS) == sorted(db.view_names())
True
>>> ensure_views(db)   # already current: nothing to do
False
"""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database

# A figure's value as people read it (the same text as monitor.diffing.figure_value).
_VALUE = """(CASE f.qualifier WHEN 'at_least' THEN 'at least ' WHEN 'more_than' THEN 'more than '
      WHEN 'about' THEN 'about ' WHEN 'up_to' THEN 'up to ' WHEN 'fewer_than' THEN 'fewer than ' ELSE '' END
      || f.count
      || CASE WHEN f.count_high IS NOT NULL AND f.count_high <> f.count THEN '-' || f.count_high ELSE '' END)"""

_CLAIMANTS = "('armenia', 'azerbaijan', 'third_party')"


def claim_sql(alias: str = "f") -> str:
    """``claimed_by`` of ``alias`` as stored, with NULL or unrecognised values read as ``unknown``."""
    return (f"(CASE WHEN {alias}.claimed_by IN {_CLAIMANTS} THEN {alias}.claimed_by ELSE 'unknown' END)")


def figure_key_sql(alias: str = "f") -> str:
    """The figure key of row ``alias`` (columns category, side, victims, claimed_by, background):
    the same rule as ``monitor.claims.figure_key`` (a test checks they agree on every combination)."""
    claim = claim_sql(alias)
    return (f"({alias}.category || '|' || {alias}.side || '|' || {alias}.victims"
            f" || CASE WHEN {claim} IN ('unknown', {alias}.side) THEN '' ELSE '|by:' || {claim} END"
            f" || CASE WHEN coalesce({alias}.background, 0) THEN '|background' ELSE '' END)")


# The one place that says what a story is. Columns: story_id, article_id, story_headline, source,
# canonical_url, copies (other outlets' copies), outlets (the article's source and its copies').
# An article stored before stories existed has no story_id: it is its own story, numbered -article_id
# so that it can never collide with a real story's id.
ARTICLE_STORIES = """
SELECT
  coalesce(a.story_id, -a.id) AS story_id,
  a.id AS article_id,
  coalesce((SELECT f.headline FROM articles f WHERE f.id = st.first_article_id), st.title, a.headline)
    AS story_headline,
  a.source,
  a.canonical_url,
  (SELECT count(*) FROM duplicates d WHERE d.article_id = a.id AND d.reason <> 'moved') AS copies,
  a.source || coalesce(', ' || (SELECT group_concat(DISTINCT d.source) FROM duplicates d
                                WHERE d.article_id = a.id AND d.source <> a.source), '') AS outlets
FROM articles a
LEFT JOIN stories st ON st.id = a.story_id
"""

FIGURE_TIMELINE = f"""
SELECT
  s.story_id,
  s.story_headline,
  f.article_id,
  a.source,
  v.version,
  f.version_id,
  CASE WHEN v.version = a.current_version THEN 1 ELSE 0 END AS is_current,
  strftime('%Y-%m-%dT%H:%M:%SZ', coalesce(v.modified_at, v.published_at, v.fetched_at)) AS reported_at,
  v.fetched_at,
  f.id AS figure_id,
  f.position,
  {figure_key_sql("f")} AS figure_key,
  f.category,
  f.side,
  f.victims,
  {_VALUE} AS value,
  f.count,
  f.count_high,
  f.qualifier,
  f.sentence,
  {claim_sql("f")} AS claimed_by,
  coalesce(f.background, 0) AS background
FROM casualty_figures f
JOIN versions v ON v.id = f.version_id
JOIN articles a ON a.id = f.article_id
JOIN article_stories s ON s.article_id = f.article_id
"""

_TIMELINE_COLUMNS = """story_id, story_headline, article_id, source, version, version_id, is_current,
  reported_at, fetched_at, figure_id, position, figure_key, category, side, victims, value, count, count_high,
  qualifier, sentence, claimed_by, background"""

FIGURE_SERIES = f"""
SELECT {_TIMELINE_COLUMNS}, mentions
FROM (
  SELECT t.*,
    row_number() OVER (PARTITION BY t.story_id, t.version_id, t.figure_key
                       ORDER BY coalesce(t.count_high, t.count) DESC, t.count DESC, t.position) AS pick,
    count(*) OVER (PARTITION BY t.story_id, t.version_id, t.figure_key) AS mentions
  FROM figure_timeline t
  WHERE t.background = 0
)
WHERE pick = 1
"""

FIGURE_CHANGES = """
SELECT
  story_id, story_headline, figure_key, category, side, victims,
  CASE WHEN old_value IS NULL THEN 'first reported' ELSE 'changed' END AS change,
  old_value, value AS new_value, old_count, count AS new_count,
  count - old_count AS difference,
  reported_at, fetched_at, article_id, source, version, version_id, sentence, claimed_by
FROM (
  SELECT s.*,
    lag(s.value) OVER w AS old_value,
    lag(s.count) OVER w AS old_count
  FROM figure_series s
  WINDOW w AS (PARTITION BY s.story_id, s.figure_key ORDER BY s.reported_at, s.fetched_at, s.version_id)
)
WHERE old_value IS NULL OR old_value <> value
"""

LATEST_FIGURES = """
SELECT
  story_id, story_headline, side, category, victims, value, count, count_high, qualifier,
  highest_count, first_value, reports, reported_at, first_reported_at, fetched_at,
  source, article_id, version, version_id, figure_key, sentence, claimed_by
FROM (
  SELECT s.*,
    row_number() OVER (PARTITION BY s.story_id, s.figure_key
                       ORDER BY s.is_current DESC, s.reported_at DESC, s.fetched_at DESC, s.version_id DESC) AS pick,
    max(coalesce(s.count_high, s.count)) OVER (PARTITION BY s.story_id, s.figure_key) AS highest_count,
    first_value(s.value) OVER (PARTITION BY s.story_id, s.figure_key
                               ORDER BY s.reported_at, s.fetched_at, s.version_id) AS first_value,
    min(s.reported_at) OVER (PARTITION BY s.story_id, s.figure_key) AS first_reported_at,
    count(*) OVER (PARTITION BY s.story_id, s.figure_key) AS reports
  FROM figure_series s
)
WHERE pick = 1 AND is_current = 1
"""

VERSION_HISTORY = f"""
SELECT
  s.story_id,
  v.article_id,
  a.canonical_url,
  v.version,
  v.id AS version_id,
  v.fetched_at,
  v.url,
  v.headline,
  (SELECT group_concat(j.value, ', ') FROM json_each(CASE WHEN json_valid(v.changed_fields)
                                                    THEN v.changed_fields ELSE '[]' END) j) AS changed,
  (SELECT group_concat({_VALUE} || ' ' || f.category || ' (' || f.side || ', ' || f.victims
                       || CASE WHEN {claim_sql("f")} = 'unknown' THEN '' ELSE ', claimed by ' || {claim_sql("f")} END
                       || CASE WHEN coalesce(f.background, 0) THEN ', background' ELSE '' END || ')', '; ')
     FROM casualty_figures f WHERE f.version_id = v.id) AS figures,
  CASE WHEN json_valid(v.changes) THEN json_extract(v.changes, '$.casualty_figures') END AS figure_changes,
  v.body_diff,
  v.published_at,
  v.modified_at,
  v.extractor_version
FROM versions v
JOIN articles a ON a.id = v.article_id
JOIN article_stories s ON s.article_id = v.article_id
"""

CHANGE_LOG = """
SELECT a.first_seen_at AS at, 'new article' AS kind, s.story_id, a.id AS article_id, a.source,
       a.headline, 1 AS version, a.canonical_url AS detail, s.story_headline
FROM articles a JOIN article_stories s ON s.article_id = a.id
UNION ALL
SELECT v.fetched_at, 'new version', h.story_id, v.article_id, a.source, v.headline, v.version,
       'changed: ' || coalesce(h.changed, '?'), s.story_headline
FROM versions v JOIN articles a ON a.id = v.article_id JOIN version_history h ON h.version_id = v.id
JOIN article_stories s ON s.article_id = v.article_id
WHERE v.version > 1
UNION ALL
SELECT c.fetched_at, 'figure ' || c.change, c.story_id, c.article_id, c.source, a.headline, c.version,
       c.category || ' ' || c.side || ' ' || c.victims
       || CASE WHEN c.claimed_by IN ('unknown', c.side) THEN '' ELSE ' (claimed by ' || c.claimed_by || ')' END || ': '
       || CASE WHEN c.old_value IS NULL THEN '' ELSE c.old_value || ' → ' END || c.new_value,
       c.story_headline
FROM figure_changes c JOIN articles a ON a.id = c.article_id
UNION ALL
SELECT d.first_seen_at, CASE WHEN d.reason = 'moved' THEN 'moved' ELSE 'duplicate' END, s.story_id,
       d.article_id, d.source, a.headline, NULL,
       d.url || ' (' || d.reason || ')', s.story_headline
FROM duplicates d JOIN articles a ON a.id = d.article_id JOIN article_stories s ON s.article_id = d.article_id
UNION ALL
SELECT al.created_at, 'alert: ' || al.kind, s.story_id, al.article_id, a.source, a.headline, v.version,
       al.message, s.story_headline
FROM alerts al
LEFT JOIN articles a ON a.id = al.article_id
LEFT JOIN article_stories s ON s.article_id = al.article_id
LEFT JOIN versions v ON v.id = al.version_id
"""

#: name -> SELECT, in dependency order (a view only reads views listed before it).
VIEWS: dict[str, str] = {
    "article_stories": ARTICLE_STORIES,
    "figure_timeline": FIGURE_TIMELINE,
    "figure_series": FIGURE_SERIES,
    "figure_changes": FIGURE_CHANGES,
    "latest_figures": LATEST_FIGURES,
    "version_history": VERSION_HISTORY,
    "change_log": CHANGE_LOG,
}


def view_sql(name: str) -> str:
    """The CREATE VIEW statement for ``name``, exactly as SQLite will store it in ``sqlite_master``."""
    return f"CREATE VIEW {name} AS{VIEWS[name].rstrip()}"


def views_current(db: Database) -> bool:
    """True when every view exists with today's definition."""
    stored = dict(db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'view'").fetchall())
    return all(stored.get(name) == view_sql(name) for name in VIEWS)


def ensure_views(db: Database) -> bool:
    """Create the views, or replace them if any is missing or outdated; return True if it wrote.

    Idempotent and safe beside other processes: it checks first (no write when current), then
    takes the write lock and checks again before replacing all views in one transaction.
    """
    if views_current(db):
        return False
    conn = db.conn
    if conn.in_transaction:  # the caller's transaction: write inside it, the caller commits
        _replace_views(conn)
        return True
    conn.execute("BEGIN IMMEDIATE")
    try:
        if views_current(db):
            conn.rollback()
            return False
        _replace_views(conn)
    except BaseException:
        conn.rollback()
        raise
    conn.commit()
    return True


def _replace_views(conn: sqlite3.Connection) -> None:
    for name in reversed(list(VIEWS)):
        conn.execute(f"DROP VIEW IF EXISTS [{name}]")
    for name in VIEWS:
        conn.execute(view_sql(name))
