"""Datasette plugin of the analyst's desk (loaded by ``monitor serve`` with ``--plugins-dir``).

* Every connection waits for a busy database instead of failing (``PRAGMA busy_timeout``), and
  gets ``desk_fts_query(text)``: the words of a search box as a safe FTS5 query.
* Search results show their ``<mark>`` highlights (``headline_match`` and ``snippet`` columns);
  the text around them is escaped, so article text can never inject markup.
* ``body_diff`` columns show the unified diff with removed and added lines coloured.
* ``article_id`` cells (and an article's headline) link to the article's history page,
  ``story_headline`` cells to the story page (``desk_pages.py``); an article's body is cut to
  300 characters in table listings.
* The casualty chart's filters offer "(all)" as their empty choice.
"""

from __future__ import annotations

import re
from typing import Any

from datasette import hookimpl
from markupsafe import Markup, escape

BUSY_TIMEOUT_MS = 10_000
HIGHLIGHT_COLUMNS = {"headline_match", "snippet"}
DIFF_COLUMNS = {"body_diff"}

_TOKEN = re.compile(r'"([^"]*)"?|([^\s"]+)')


def desk_fts_query(text: str | None) -> str:
    """The words of ``text`` as an FTS5 query that every word must match, never a syntax error.

    ``"a phrase"`` stays a phrase, a trailing ``*`` is a prefix search, anything else is literal.

    >>> desk_fts_query('Armenia-Azerbaijan "border clashes" casualt*')
    '"Armenia-Azerbaijan" "border clashes" "casualt"*'
    >>> desk_fts_query('NEAR( "unbalanced')
    '"NEAR(" "unbalanced"'
    >>> desk_fts_query('')
    '""'
    """
    parts = []
    for match in _TOKEN.finditer(text or ""):
        phrase, word = match.groups()
        if phrase is not None:
            if phrase.strip():
                parts.append(f'"{phrase.strip()}"')
            continue
        prefix = word.endswith("*")
        word = word.rstrip("*")
        if word:
            parts.append(f'"{word}"' + ("*" if prefix else ""))
    return " ".join(parts) or '""'


def highlight_html(value: str) -> Markup:
    """Escape ``value`` and keep only its ``<mark>``/``</mark>`` tags.

    >>> str(highlight_html('<b>49</b> <mark>soldiers</mark>'))
    '&lt;b&gt;49&lt;/b&gt; <mark>soldiers</mark>'
    """
    text = str(escape(value))
    return Markup(text.replace("&lt;mark&gt;", "<mark>").replace("&lt;/mark&gt;", "</mark>"))


def diff_html(value: str) -> Markup:
    """A unified diff as a ``<pre>`` with removed lines in ``<del>`` and added lines in ``<ins>``."""
    lines = []
    for line in value.splitlines():
        text = escape(line)
        if line.startswith(("---", "+++")):
            lines.append(Markup('<b>{}</b>').format(text))
        elif line.startswith("@@"):
            lines.append(Markup('<span style="color:#666">{}</span>').format(text))
        elif line.startswith("-"):
            lines.append(Markup('<del style="background:#fdd;text-decoration:none">{}</del>').format(text))
        elif line.startswith("+"):
            lines.append(Markup('<ins style="background:#dfd;text-decoration:none">{}</ins>').format(text))
        else:
            lines.append(text)
    return Markup('<pre class="desk-diff" style="white-space:pre-wrap;margin:0;font-size:0.85em">{}</pre>').format(
        Markup("\n").join(lines))


@hookimpl
def prepare_connection(conn):
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.create_function("desk_fts_query", 1, desk_fts_query, deterministic=True)


def link(href: str, text: Any) -> Markup:
    return Markup('<a href="{}">{}</a>').format(href, text)


@hookimpl(specname="render_cell")
def render_link_cell(row, value, column, table):
    """Every article leads to its history, every story title to the story page (desk_pages.py)."""
    if column == "article_id" and isinstance(value, int):
        return link(f"/-/history?article={value}", value)
    if column == "story_headline" and value and "story_id" in row.keys() and row["story_id"] is not None:
        return link(f"/-/story?story={row['story_id']}", value)
    if table == "articles" and column == "headline" and value and "id" in row.keys():
        return link(f"/-/history?article={row['id']}", value)
    if table == "articles" and column == "body_text" and isinstance(value, str) and len(value) > 300:
        return value[:300] + "…"
    return None


@hookimpl
def render_cell(value, column):
    if not isinstance(value, str) or not value:
        return None
    if column in HIGHLIGHT_COLUMNS:
        return highlight_html(value)
    if column in DIFF_COLUMNS:
        return diff_html(value)
    return None


ALL_OPTION_SCRIPT = """document.querySelectorAll('select option[value=""]').forEach(function (o) {
  if (!o.textContent.trim()) { o.textContent = '(all)'; }
});"""


@hookimpl
def extra_body_script(template):
    # the chart's filters: the empty choice of each select reads "(all)", not blank
    if template == "dashboard_view.html":
        return ALL_OPTION_SCRIPT
    return None
