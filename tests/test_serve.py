"""`monitor serve` end to end: Datasette on a demo store on 127.0.0.1, its JSON API, its metadata,
and headless Chromium (Debian's package; tests/setup-chromium.sh installs it) on the canned-query
pages and the casualty chart."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import os
import shutil
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import REPO, free_port, run_monitor
from monitor.serve import METADATA, PLUGINS_DIR, load_metadata
from storage.views import VIEWS

pytestmark = pytest.mark.e2e

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="headless Chromium is not installed (run tests/setup-chromium.sh as root)")


# -- helpers shared with test_serve_concurrency.py ----------------------------------------------
class Server:
    """`python -m monitor serve` in a child process on a free port of 127.0.0.1."""

    def __init__(self, db: Path, *extra: str):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.name = Path(db).stem
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        self.log = open(Path(db).with_suffix(f".serve-{self.port}.log"), "w+")
        self.proc = subprocess.Popen([sys.executable, "-m", "monitor", "serve", "--db", str(db),
                                      "--port", str(self.port), *extra],
                                     cwd=REPO, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while True:
            try:
                self.get("/-/versions.json")
                return
            except (urllib.error.URLError, ConnectionError):
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"monitor serve did not start:\n{self.output()}")
                time.sleep(0.1)

    def get(self, path: str, timeout: float = 10) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.base + path, timeout=timeout) as resp:
                return resp.status, resp.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")

    def query(self, name: str, **params: str) -> dict:
        qs = urllib.parse.urlencode(dict(params, _shape="objects"))
        status, body = self.get(f"/{self.name}/{name}.json?{qs}")
        data = json.loads(body)
        assert status == 200 and data.get("ok", True), (name, status, body[:500])
        return data

    def output(self) -> str:
        self.log.flush()
        self.log.seek(0)
        return self.log.read()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def chromium(tmp: Path, url: str, *args: str, budget_ms: int = 0) -> str:
    """Run headless Chromium on ``url``; returns stdout (the DOM with --dump-dom)."""
    profile = tmp / f"chromium-profile-{os.getpid()}-{time.monotonic_ns()}"
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
           "--hide-scrollbars", f"--user-data-dir={profile}", "--window-size=1280,1000", *args]
    if budget_ms:
        cmd.append(f"--virtual-time-budget={budget_ms}")
    result = subprocess.run([*cmd, url], capture_output=True, text=True, timeout=90)
    shutil.rmtree(profile, ignore_errors=True)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


# -- fixtures --------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("desk")
    db = tmp / "demo.db"
    result = run_monitor("demo", "--db", str(db), "--pause", "0.2", cwd=tmp, timeout=170)
    assert result.returncode == 0, result.stderr[-3000:]
    return db


@pytest.fixture(scope="module")
def clashes(demo_db) -> str:
    """Id of the demo's updated wire article (49, then 105 Armenian soldiers killed)."""
    conn = demo_conn(demo_db)
    row = conn.execute("select id from articles where canonical_url like '%/wire/%border-clashes%'").fetchone()
    conn.close()
    return str(row[0])


@pytest.fixture(scope="module")
def story(demo_db, clashes) -> str:
    """Id of the story of the border fighting (the wire report, the ceasefire report, the toll of 71)."""
    conn = demo_conn(demo_db)
    row = conn.execute("select story_id from articles where id = ?", (clashes,)).fetchone()
    conn.close()
    return str(row[0])


@pytest.fixture(scope="module")
def server(demo_db):
    srv = Server(demo_db)
    yield srv
    srv.stop()


def demo_conn(db: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    return conn


# -- the command ----------------------------------------------------------------------------------
def test_serve_help_and_missing_file(tmp_path):
    result = run_monitor("serve", "--help")
    assert result.returncode == 0 and "usage: monitor serve" in result.stdout and "--port" in result.stdout
    missing = tmp_path / "nope.db"
    result = run_monitor("serve", "--db", str(missing))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip() == f"monitor: error: cannot serve {missing}: no such file " \
                                    "(run a crawl or `monitor demo` first)"
    assert not missing.exists()


def test_serve_passes_datasette_options_and_names_the_metadata(demo_db):
    # --get runs one request through the whole stack without a server, then exits
    result = run_monitor("serve", "--db", str(demo_db), "--", "--get", "/-/metadata.json")
    assert result.returncode == 0, result.stderr[-2000:]
    metadata = json.loads(result.stdout)
    assert metadata["title"] == "Karabakh monitor: the analyst's desk"
    assert "demo" in metadata["databases"] and "monitor" not in metadata["databases"]
    assert str(METADATA) in result.stderr and str(PLUGINS_DIR) in result.stderr


def test_metadata_renames_database_key_everywhere():
    metadata = load_metadata("demo")
    assert set(metadata["databases"]) == {"demo"}
    dashboard = metadata["plugins"]["datasette-dashboards"]["casualties"]
    dbs = {item["db"] for part in ("charts", "filters") for item in dashboard[part].values() if "db" in item}
    assert dbs == {"demo"}
    assert set(load_metadata()["databases"]) == {"monitor"}  # as shipped: plain `datasette monitor.db`


def test_metadata_describes_every_table_view_and_column(demo_db):
    tables = load_metadata("demo")["databases"]["demo"]["tables"]
    conn = demo_conn(demo_db)
    names = [r[0] for r in conn.execute(
        "select name from sqlite_master where type in ('table', 'view') and name not like 'sqlite_%' "
        "and name not like 'articles_fts_%'")]
    missing, stale = [], []
    for name in names:
        columns = [r[1] for r in conn.execute(f"pragma table_info([{name}])")]
        described = tables.get(name, {}).get("columns", {})
        if not (tables.get(name, {}).get("description") or tables.get(name, {}).get("description_html")):
            missing.append(name)
        missing += [f"{name}.{c}" for c in columns if not described.get(c)]
        if name in VIEWS:  # the desk's own views; tables may gain columns before their rows do
            stale += [f"{name}.{c}" for c in described if c not in columns]
    conn.close()
    assert not missing, f"undocumented in monitor/datasette/metadata.yml: {missing}"
    assert not stale, f"described but not in the store: {stale}"


# -- the JSON API ---------------------------------------------------------------------------------
CANNED = {
    "latest_figures_by_story": {"story": ""},
    "toll_over_time": {"story": ""},
    "last_24_hours": {"hours": ""},
    "all_alerts": {},
    "article_history": {"article": "CLASHES"},
    "search": {"q": "ceasefire"},
}


def test_every_canned_query_is_tested_and_returns_rows(server, clashes):
    shipped = set(load_metadata()["databases"]["monitor"]["queries"])
    assert shipped == set(CANNED)
    for name, params in CANNED.items():
        params = {k: v.replace("CLASHES", clashes) for k, v in params.items()}
        assert server.query(name, **params)["rows"], name


def test_latest_figures_per_story_and_side(server, story):
    rows = server.query("latest_figures_by_story", story=story)["rows"]
    key = lambda r: (r["side"], r["category"], r["victims"])  # noqa: E731
    armenia = [r for r in rows if key(r) == ("armenia", "killed", "soldiers")]
    assert len(armenia) == 1
    assert (armenia[0]["latest"], armenia[0]["first_value"], armenia[0]["highest_count"]) == ("105", "49", 105)
    azerbaijan = [r for r in rows if key(r) == ("azerbaijan", "killed", "soldiers")]
    assert (azerbaijan[0]["latest"], azerbaijan[0]["first_value"], azerbaijan[0]["highest_count"]) == ("71", "50", 71)
    assert {r["story_id"] for r in rows} == {int(story)}


def test_toll_over_time_and_last_24_hours(server, story):
    moves = [(r["change"], r["old_value"], r["new_value"]) for r in server.query("toll_over_time", story=story)["rows"]
             if (r["side"], r["category"]) == ("armenia", "killed")]
    assert moves == [("first reported", None, "49"), ("changed", "49", "105")]
    recent = server.query("last_24_hours")["rows"]
    assert {"new article", "new version", "figure changed", "duplicate", "alert: casualty_change"} <= \
        {r["kind"] for r in recent}
    assert any(r["detail"] == "killed armenia soldiers: 49 → 105" for r in recent)
    assert server.query("last_24_hours", hours="0.000001")["rows"] == []  # the demo ran seconds ago, not now


def test_alerts_and_article_history_by_url(server, demo_db, clashes):
    alerts = server.query("all_alerts")["rows"]
    assert any(a["old_value"] == "49" and a["new_value"] == "105" and a["delivered_at"] for a in alerts)
    conn = demo_conn(demo_db)
    url = conn.execute("select canonical_url from articles where id = ?", (clashes,)).fetchone()[0]
    dup_url, copied = conn.execute("select url, article_id from duplicates order by id").fetchone()
    conn.close()
    history = server.query("article_history", article=url)["rows"]
    assert [v["version"] for v in history] == [1, 2]
    assert history[1]["body_diff"].startswith("--- version 1") and "casualty_figures" in history[1]["changed"]
    assert "105 killed (armenia, soldiers" in history[1]["figures"]  # then ", claimed by …" when stated
    # a duplicate's URL leads to the article it copies
    assert server.query("article_history", article=dup_url)["rows"][0]["article_id"] == copied


def test_search_highlights_and_never_errors_on_odd_input(server):
    rows = server.query("search", q="ceasefire")["rows"]
    assert rows and all("<mark>" in r["snippet"] or "<mark>" in r["headline_match"] for r in rows)
    assert any("<mark>ceasefire</mark>" in r["headline_match"] for r in rows)
    assert server.query("search", q='Armenia-Azerbaijan "border')["rows"]  # raw FTS5 would be a syntax error
    assert server.query("search", q="ceasef* armenia")["rows"]  # prefix search
    assert server.query("search", q="")["rows"] == []
    assert server.query("search", q="zzzunknownword")["rows"] == []


def test_served_read_only(server, demo_db):
    before = hashlib.sha256(demo_db.read_bytes()).hexdigest()
    status, body = server.get(f"/{server.name}.json?" + urllib.parse.urlencode(
        {"sql": "update articles set headline = 'x'"}))
    assert status == 400 and "Statement must be a SELECT" in body
    for name, params in CANNED.items():
        server.query(name, **{k: v.replace("CLASHES", "1") for k, v in params.items()})
    assert hashlib.sha256(demo_db.read_bytes()).hexdigest() == before
    assert demo_conn(demo_db).execute("select count(*) from articles where headline = 'x'").fetchone()[0] == 0


def test_dashboard_page_is_served(server):
    status, html = server.get("/-/dashboards/casualties")
    assert status == 200
    assert "Casualty figures over time, per side and category" in html
    assert "/-/static-plugins/datasette_dashboards/vega.min.js" in html  # shipped with the plugin: no CDN
    assert "http://" not in html.split("<script")[-1] and "https://cdn" not in html


# -- the plugin, on hostile text ------------------------------------------------------------------
def _plugin():
    spec = importlib.util.spec_from_file_location("desk_plugin_under_test", PLUGINS_DIR / "desk.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_plugin_escapes_article_text_around_highlights():
    desk = _plugin()
    html = str(desk.render_cell('<img src=x onerror=alert(1)> 49 <mark>killed</mark>', "snippet"))
    assert html == "&lt;img src=x onerror=alert(1)&gt; 49 <mark>killed</mark>"
    diff = str(desk.render_cell("--- version 1\n+++ version 2\n-<script>x</script>\n+105 killed", "body_diff"))
    assert "<script>" not in diff and "&lt;script&gt;" in diff
    assert '<del style="background:#fdd;text-decoration:none">-&lt;script&gt;' in diff
    assert "<ins" in diff and "+105 killed</ins>" in diff
    assert desk.render_cell("<b>x</b>", "headline") is None  # other columns: Datasette escapes them itself


def test_plugin_fts_query_is_valid_for_any_input():
    desk = _plugin()
    conn = sqlite3.connect(":memory:")
    conn.execute("create virtual table t using fts5(body)")
    conn.execute("insert into t values ('Armenia-Azerbaijan border clashes: 49 soldiers killed')")
    for text in ['"', 'AND', 'NEAR(', '*', '-', 'body:x', '"border clashes', "armen* killed", "ÄÖ ' ; --"]:
        conn.execute("select * from t where t match ?", (desk.desk_fts_query(text),)).fetchall()
    hits = lambda text: len(conn.execute("select * from t where t match ?", (desk.desk_fts_query(text),)).fetchall())  # noqa: E731
    assert hits("armen* killed") == 1 and hits('"border clashes"') == 1 and hits('"clashes border"') == 0


# -- a real browser ---------------------------------------------------------------------------------
PAGES = {
    "latest_figures_by_story?story=STORY": ["Latest figures per story and side", "Azerbaijan raises military death toll"],
    "toll_over_time?story=STORY": ["toll moved over time", "first reported", "changed"],
    "last_24_hours": ["What changed in the last 24 hours", "figure changed", "49 → 105"],
    "all_alerts": ["All alerts", "Casualty figure changed"],
    "article_history?article=CLASHES": ["The full history of one article, with its diffs", "<del ", "<ins "],
    "search?q=ceasefire": ["Full-text search over headlines and bodies", "<mark>ceasefire</mark>"],
}


@needs_chromium
def test_browser_shows_canned_query_pages(server, tmp_path, clashes, story):
    urls = {path: f"{server.base}/{server.name}/{path.replace('CLASHES', clashes).replace('STORY', story)}"
            for path in PAGES}
    with ThreadPoolExecutor(max_workers=3) as pool:
        doms = dict(zip(urls, pool.map(lambda u: chromium(tmp_path, u, "--dump-dom"), urls.values())))
    for path, expected in PAGES.items():
        dom = doms[path]
        assert "<h1" in dom and "error" not in dom.split("<h1", 1)[1][:300].lower(), path
        for text in expected:
            assert text in dom, (path, text)
        assert "<table" in dom and "<td" in dom, path  # rows shown, not an empty result
    chromium(tmp_path, urls["latest_figures_by_story?story=STORY"], f"--screenshot={tmp_path / 'latest-figures.png'}")
    assert (tmp_path / "latest-figures.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    print(f"screenshots in {tmp_path}")


@needs_chromium
def test_browser_draws_casualty_chart(server, tmp_path):
    url = f"{server.base}/-/dashboards/casualties"
    dom = chromium(tmp_path, url, "--dump-dom", budget_ms=10000)
    assert 'class="marks"' in dom, "vega did not draw the chart"
    # each point is an SVG mark whose label carries its data: the 49 -> 105 move of Armenian losses
    for text in ("People (log scale): 49; Side (victims): armenia", "People (log scale): 105; Side (victims): armenia",
                 "People (log scale): 50; Side (victims): azerbaijan", "Symbol legend titled 'Side (victims)'",
                 "X-axis titled 'Reported (UTC)'"):
        assert text in dom, text
    shot = tmp_path / "casualty-chart.png"
    chromium(tmp_path, url, f"--screenshot={shot}", "--window-size=1280,1150", budget_ms=10000)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000  # a drawn page, not a blank one
    print(f"chart screenshot: {shot}")


# -- the desk's reading pages (issue 16) ----------------------------------------------------------
def test_story_list_story_page_and_history_answer(server, story, clashes):
    status, body = server.get("/-/stories")
    assert status == 200 and f'href="/-/story?story={story}"' in body
    status, body = server.get(f"/-/story?story={story}")
    assert status == 200 and f'href="/-/history?article={clashes}"' in body
    assert f"/toll_over_time?story={story}" in body
    assert server.get("/-/story?story=999999")[0] == 404 and server.get("/-/history?article=x")[0] == 404
    status, body = server.get(f"/-/stories?q=no+such+words+anywhere")
    assert status == 200 and "No story with" in body
    # article rows of canned queries link to the history page; story titles to the story page
    status, body = server.get(f"/{server.name}/toll_over_time?story={story}")
    assert f'href="/-/story?story={story}"' in body


def test_change_log_headline_is_always_the_articles(server, demo_db):
    conn = demo_conn(demo_db)
    rows = conn.execute("select c.kind, c.headline, a.headline as article_headline, c.version, v.headline as vh"
                        " from change_log c join articles a on a.id = c.article_id"
                        " left join versions v on v.article_id = c.article_id and v.version = c.version").fetchall()
    conn.close()
    assert rows
    for r in rows:
        expected = r["vh"] if r["kind"] == "new version" else r["article_headline"]
        assert r["headline"] == expected, dict(r)


@needs_chromium
def test_browser_reads_the_story_list_story_page_and_history(server, tmp_path, story, clashes):
    pages = {"stories": f"{server.base}/-/stories", "story": f"{server.base}/-/story?story={story}",
             "history": f"{server.base}/-/history?article={clashes}"}
    with ThreadPoolExecutor(max_workers=3) as pool:
        doms = dict(zip(pages, pool.map(lambda u: chromium(tmp_path, u, "--dump-dom", "--window-size=1280,1000"),
                                        pages.values())))
    # the story list: the border story by its title, with its toll
    stories = re.findall(r'<tr class="desk-story">(.*?)</tr>', doms["stories"], re.S)
    border = [s for s in stories if f"/-/story?story={story}" in s]
    # (its title is its first article's headline: the wire's or the Russian outlet's, whichever was stored first)
    assert border and ("Deadly clashes" in border[0] or "бои на границе" in border[0])
    assert "killed armenia: 105" in border[0]
    # the story page: current, first and highest per side, and the articles
    tolls = re.findall(r"<tr>(.*?)</tr>", doms["story"].split("desk-tolls", 1)[1].split("</table>", 1)[0], re.S)
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", t, re.S) for t in tolls]
    armenian = [c for c in cells if c and c[0] == "Armenian" and c[1] == "killed"]
    assert armenian and [re.sub("<[^>]+>", "", x) for x in armenian[0][4:7]] == ["105", "49", "105"]
    assert f'href="/-/history?article={clashes}"' in doms["story"]
    # the history: versions in order, the figure change as a row, the diff across the page
    history = doms["history"]
    assert history.index('id="v1"') < history.index('id="v2"')
    change = re.search(r'<table class="desk-figure-changes.*?</table>', history, re.S).group()
    assert "killed|armenia|soldiers" in change and "49 → 105" in change and "105 Armenian soldiers" in change
    widths = [int(w) for w in re.findall(r'data-rendered-width="(\d+)"', history)]
    assert widths and min(widths) >= 1100, widths  # of a 1280 px window: never a narrow column
    for name in ("story", "history"):
        shot = tmp_path / f"{name}.png"
        chromium(tmp_path, pages[name], f"--screenshot={shot}", "--window-size=1280,1100")
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@needs_chromium
def test_browser_chart_legend_decodes_every_mark(server, tmp_path):
    dom = chromium(tmp_path, f"{server.base}/-/dashboards/casualties", "--dump-dom", budget_ms=10000)
    assert "Symbol legend titled 'Marker: category · victims'" in dom
    assert "Symbol legend titled 'Side (victims)'" in dom
    # one marker shape per category · victims drawn, each named in the legend
    assert "killed · soldiers" in dom
    assert "Highest count stated (log scale)" in dom
    assert re.findall(r'<option value=""[^>]*>\(all\)</option>', dom)  # every filter offers "(all)"
