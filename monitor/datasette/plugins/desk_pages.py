"""The desk's reading pages (a Datasette plugin, loaded with ``desk.py`` by ``monitor serve``).

* ``/-/stories`` — the front door: every story by its title (the story-title rule of
  ``storage/views.py``: the current headline of its first article), newest activity first, with its
  articles, outlets, current toll per side and last change; a box filters by words of the title.
* ``/-/story?story=ID`` — one story: its toll per side, category, victims and claimant (current,
  first and highest values, reports, last change, the sentence), its articles with links to their
  histories, and links to the toll timeline and the chart.
* ``/-/desk/NAME`` — a redirect to the served database's table or canned query NAME.
* ``/-/history?article=ID`` — one article's versions in order: what changed, the figure changes as a
  small table (key, old → new, evidence sentence), and the body diff across the full width.

Pages read through the store's views (``latest_figures``, ``figure_timeline``, ``version_history``),
filtered by story or article id, which the views answer by index. Templates are in
``monitor/datasette/templates/``; they extend Datasette's ``base.html``.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

from datasette import hookimpl
from datasette.utils.asgi import Response

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
STORY_LIMIT = 200
SIDE_TEXT = {"armenia": "Armenian", "azerbaijan": "Azerbaijani", "both": "both sides", "unknown": "side unknown"}


def _desk():
    """The sibling plugin module (a plugins-dir file is not importable by package name)."""
    spec = importlib.util.spec_from_file_location("desk_render", Path(__file__).with_name("desk.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _db(datasette):
    name = next(n for n in datasette.databases if not n.startswith("_"))
    return name, datasette.get_database(name)


async def _page(datasette, request, template: str, context: dict[str, Any]) -> Response:
    tpl = datasette.jinja_env.from_string((TEMPLATES / template).read_text(encoding="utf-8"))
    return Response.html(await datasette.render_template(tpl, context, request=request))


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


STORIES_SQL = """
select st.id as story_id,
       coalesce(h.headline, st.title) as title,
       st.articles, st.first_seen_at, st.last_seen_at,
       (select group_concat(distinct a.source) from articles a where a.story_id = st.id) as outlets,
       (select group_concat(toll, '; ') from (
          select f.category || ' ' || f.side || ': ' || max(coalesce(f.count_high, f.count)) as toll
          from articles a join versions v on v.article_id = a.id and v.version = a.current_version
          join casualty_figures f on f.version_id = v.id and f.background = 0
          where a.story_id = st.id and f.side in ('armenia', 'azerbaijan', 'both')
            and f.category in ('killed', 'wounded', 'casualties')
            and f.claimed_by in ('unknown', f.side)
          group by f.category, f.side order by f.side, f.category)) as toll
from stories st left join articles h on h.id = st.first_article_id
where :q = '' or coalesce(h.headline, st.title) like '%' || :q || '%'
order by st.last_seen_at desc, st.id desc
limit :limit
"""


async def stories_page(datasette, request):
    name, db = _db(datasette)
    q = (request.args.get("q") or "").strip()
    rows = [dict(r) for r in (await db.execute(STORIES_SQL, {"q": q, "limit": STORY_LIMIT})).rows]
    return await _page(datasette, request, "stories.html", {
        "db_name": name, "stories": rows, "q": q, "limit": STORY_LIMIT, "side_text": SIDE_TEXT})


async def story_page(datasette, request):
    name, db = _db(datasette)
    story_id = _int(request.args.get("story"))
    head = None
    if story_id is not None:
        res = await db.execute("select story_id, story_headline from article_stories where story_id = ? limit 1",
                               [story_id])
        head = dict(res.rows[0]) if res.rows else None
    if head is None:
        return Response.html("<p>No such story. <a href='/-/stories'>All stories</a></p>", status=404)
    tolls = [dict(r) for r in (await db.execute(
        "select side, category, victims, claimed_by, value, first_value, highest_count, reports, reported_at,"
        " first_reported_at, source, article_id, sentence from latest_figures where story_id = ?"
        " order by side, category, victims, claimed_by", [story_id])).rows]
    articles = [dict(r) for r in (await db.execute(
        "select s.article_id, a.headline, a.source, s.outlets, s.copies, a.current_version as versions,"
        " a.first_seen_at, a.last_changed_at, a.canonical_url,"
        " (select group_concat(t.value || ' ' || t.category || ' (' || t.side || ')', '; ') from figure_timeline t"
        "   where t.article_id = s.article_id and t.is_current = 1 and t.background = 0) as figures"
        " from article_stories s join articles a on a.id = s.article_id where s.story_id = ?"
        " order by a.first_seen_at, a.id", [story_id])).rows]
    return await _page(datasette, request, "story.html", {
        "db_name": name, "story": head, "tolls": tolls, "articles": articles, "side_text": SIDE_TEXT})


def figure_change_rows(changes: str | None, sentences: dict[str, str]) -> list[dict[str, Any]]:
    """``versions.changes``' casualty_figures part as table rows: key, old, new, evidence sentence.

    >>> figure_change_rows('{"casualty_figures": {"added": [], "removed": [],'
    ...   ' "changed": [{"key": "killed|armenia|soldiers", "old": "49", "new": "105"}]}}',
    ...   {"killed|armenia|soldiers": "105 soldiers died."})
    [{'change': 'changed', 'key': 'killed|armenia|soldiers', 'old': '49', 'new': '105', 'sentence': '105 soldiers died.'}]
    """
    try:
        figures = (json.loads(changes or "{}") or {}).get("casualty_figures") or {}
    except ValueError:
        return []
    rows = []
    for change in ("changed", "added", "removed"):
        for c in figures.get(change) or []:
            rows.append({"change": change, "key": c.get("key"), "old": c.get("old"), "new": c.get("new"),
                         "sentence": sentences.get(c.get("key"), "")})
    return rows


async def history_page(datasette, request):
    name, db = _db(datasette)
    article_id = _int(request.args.get("article"))
    art = None
    if article_id is not None:
        res = await db.execute("select a.id, a.headline, a.source, a.canonical_url, a.first_seen_at, s.story_id,"
                               " s.story_headline from articles a join article_stories s on s.article_id = a.id"
                               " where a.id = ?", [article_id])
        art = dict(res.rows[0]) if res.rows else None
    if art is None:
        return Response.html("<p>No such article. <a href='/-/stories'>All stories</a></p>", status=404)
    versions = [dict(r) for r in (await db.execute(
        "select h.version, h.version_id, h.fetched_at, h.headline, h.changed, h.figures, h.body_diff, h.url,"
        " v.changes from version_history h join versions v on v.id = h.version_id where h.article_id = ?"
        " order by h.version", [article_id])).rows]
    sentences: dict[int, dict[str, str]] = {}
    for r in (await db.execute("select version_id, figure_key, sentence from figure_timeline where article_id = ?"
                               " order by position desc", [article_id])).rows:
        sentences.setdefault(r["version_id"], {})[r["figure_key"]] = r["sentence"]
    for v in versions:
        v["figure_rows"] = figure_change_rows(v.pop("changes"), sentences.get(v["version_id"], {}))
    diff_html = _desk().diff_html
    for v in versions:
        v["diff_html"] = diff_html(v["body_diff"]) if v["body_diff"] else ""
    return await _page(datasette, request, "history.html", {
        "db_name": name, "article": art, "versions": versions})


async def desk_redirect(datasette, request):
    """``/-/desk/NAME`` → the served database's table or canned query NAME (links that do not depend on
    the database's name, which is the file's stem)."""
    name, _ = _db(datasette)
    target = request.url_vars["target"]
    return Response.redirect(f"/{name}/{target}" + (f"?{request.query_string}" if request.query_string else ""))


@hookimpl
def register_routes():
    return [(r"^/-/stories$", stories_page), (r"^/-/story$", story_page), (r"^/-/history$", history_page),
            (r"^/-/desk/(?P<target>[A-Za-z0-9_]+)$", desk_redirect)]
