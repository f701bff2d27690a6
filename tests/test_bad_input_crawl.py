"""A crawl against misbehaving sources: each failure is logged clearly, the others go on, nothing is lost."""

import sqlite3
import textwrap

import pytest

from conftest import free_port, run_monitor

pytestmark = pytest.mark.e2e

ARTICLE = """<!doctype html><html lang="en"><head><meta charset="{charset}"><title>{title}</title></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>{title}</h1>
<p>Armenia and Azerbaijan accused each other of shelling positions along the border on Tuesday, officials in Yerevan and Baku said.</p>
<p>Armenia's Defence Ministry said 12 Armenian soldiers had been killed in the fighting near the town of Jermuk.</p>
<p>The European Union called on both sides to return to talks and to respect the ceasefire.</p>
</article><footer>© News Test</footer></body></html>"""


CYRILLIC = """<!doctype html><html lang="en"><head><meta charset="windows-1251">
<title>Armenia Azerbaijan border: Ереван и Баку</title></head><body><article>
<h1>Armenia Azerbaijan border: Ереван и Баку</h1>
<p>Officials in Yerevan and Baku traded accusations on Wednesday over a shooting near the village of Sotk, the third such incident this month.</p>
<p>A spokesman for Armenia's border guards said the situation had calmed by the evening and that talks between the two sides would continue.</p>
<p>Местные жители сообщили о перестрелке. The European Union monitoring mission said it was in contact with both governments.</p>
</article></body></html>"""


def rss(base, *paths):
    items = "".join(f"<item><title>x</title><link>{base}{p}</link></item>" for p in paths)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'.encode()


@pytest.fixture
def crawl(tmp_path, static_site):
    site = static_site({})
    b = site.base
    cyr = CYRILLIC.encode("cp1251")
    site.pages.update({
        "/good/rss.xml": ("application/rss+xml", rss(b, "/good/article.html", "/good/binary", "/good/report.pdf",
                                                     "/good/data.json", "/good/truncated.html", "/good/cp1251.html",
                                                     "/good/missing.html")),
        "/good/article.html": ("text/html; charset=utf-8",
                               ARTICLE.format(charset="utf-8", title="Armenia says 12 soldiers killed").encode()),
        "/good/binary": ("application/octet-stream", bytes(range(256)) * 40),
        "/good/report.pdf": ("application/pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n"),
        "/good/data.json": ("application/json", b'{"headline": "Armenia"}'),
        "/good/truncated.html": ("text/html; charset=utf-8",
                                 ARTICLE.format(charset="utf-8", title="Armenia truncated").encode()[:420]),
        "/good/cp1251.html": ("text/html; charset=windows-1251", cyr),
        "/empty/rss.xml": ("application/rss+xml", b'<?xml version="1.0"?><rss version="2.0"><channel><title>e</title></channel></rss>'),
        "/broken/rss.xml": ("application/rss+xml", b'<?xml version="1.0"?><rss version="2.0"><chan'),
        "/notxml/rss.xml": ("text/html", b"<html><body>Service unavailable</body></html>"),
        "/slow/rss.xml": ("application/rss+xml", rss(b, "/slow/article.html")),
        "/slow/article.html": ("text/html; charset=utf-8",
                               ARTICLE.format(charset="utf-8", title="Armenia slow page").encode()),
    })
    site.delays["/slow/article.html"] = 6.0  # longer than DOWNLOAD_TIMEOUT below
    dead = f"http://127.0.0.1:{free_port()}"
    sources = tmp_path / "sources.toml"
    sources.write_text(textwrap.dedent(f"""
        [[source]]
        name = "good"
        kind = "feed"
        start_urls = ["{b}/good/rss.xml"]
        [[source]]
        name = "empty"
        kind = "feed"
        start_urls = ["{b}/empty/rss.xml"]
        [[source]]
        name = "broken"
        kind = "feed"
        start_urls = ["{b}/broken/rss.xml"]
        [[source]]
        name = "notxml"
        kind = "feed"
        start_urls = ["{b}/notxml/rss.xml"]
        [[source]]
        name = "slow"
        kind = "feed"
        start_urls = ["{b}/slow/rss.xml"]
        [[source]]
        name = "unreachable"
        kind = "feed"
        start_urls = ["{dead}/rss.xml"]
    """))
    db = tmp_path / "bad.db"
    result = run_monitor("crawl", "--db", str(db), "--sources", str(sources), "-s", "AUTOTHROTTLE_ENABLED=0",
                         "-s", "RETRY_TIMES=0", "-s", "ROBOTSTXT_OBEY=0", "-s", "MONITOR_ALERT_CHANNELS=log",
                         "-s", "DOWNLOAD_TIMEOUT=2",
                         cwd=tmp_path, timeout=120)
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    yield result, conn
    conn.close()


def test_crawl_finishes_and_reports_every_source(crawl):
    result, conn = crawl
    assert result.returncode == 0, result.stderr[-3000:]
    runs = {r["source"]: dict(r) for r in conn.execute("select * from crawl_runs")}
    assert set(runs) == {"good", "empty", "broken", "notxml", "slow", "unreachable"}
    assert all(r["finished_at"] for r in runs.values())
    assert runs["unreachable"]["errors"] >= 1
    assert "source unreachable: could not fetch" in result.stderr
    assert "Connection was refused" in result.stderr or "refused" in result.stderr.lower()


def test_good_articles_stored_despite_neighbours(crawl):
    result, conn = crawl
    urls = sorted(r["url"] for r in conn.execute("select url from articles"))
    assert any(u.endswith("/good/article.html") for u in urls)
    cyr = conn.execute("select headline from articles where url like '%cp1251%'").fetchone()
    assert cyr is not None and "Ереван и Баку" in cyr["headline"]
    figures = conn.execute("select count, side from casualty_figures f join articles a on a.id = f.article_id "
                           "where a.url like '%/good/article.html'").fetchall()
    assert (12, "armenia") in [tuple(f) for f in figures]


def test_non_html_responses_skipped_with_a_clear_message(crawl):
    result, conn = crawl
    assert not conn.execute("select 1 from articles where url like '%binary' or url like '%.pdf' "
                            "or url like '%.json'").fetchall()
    assert "not an HTML page" in result.stderr
    stats = conn.execute("select stats from crawl_runs where source = 'good'").fetchone()["stats"]
    assert '"monitor/not_html": 3' in stats


def test_empty_and_broken_feeds_are_logged(crawl):
    result, _ = crawl
    assert "source empty: feed" in result.stderr and "lists no articles" in result.stderr
    assert "source broken: feed" in result.stderr
    assert "source notxml: feed" in result.stderr


def test_database_is_consistent(crawl):
    _, conn = crawl
    assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    assert conn.execute("select count(*) from versions").fetchone()[0] == conn.execute(
        "select count(*) from articles").fetchone()[0]


def test_a_page_that_times_out_is_logged_and_skipped(crawl):
    result, conn = crawl
    assert "source slow: could not fetch" in result.stderr and "slow/article.html" in result.stderr
    assert "took longer than 2" in result.stderr or "timeout" in result.stderr.lower()
    run = conn.execute("select errors, finish_reason from crawl_runs where source = 'slow'").fetchone()
    assert run["errors"] >= 1 and run["finish_reason"] == "finished"
    assert not conn.execute("select 1 from articles where source = 'slow'").fetchall()


def test_locked_database_loses_nothing(tmp_path, static_site):
    from storage import Store

    site = static_site({})
    site.pages.update({
        "/rss.xml": ("application/rss+xml", rss(site.base, "/article.html")),
        "/article.html": ("text/html; charset=utf-8",
                          ARTICLE.format(charset="utf-8", title="Armenia says 12 soldiers killed").encode()),
    })
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[source]]\nname = "wire"\nkind = "feed"\nstart_urls = ["{site.base}/rss.xml"]\n')
    db = tmp_path / "locked.db"
    Store.open(str(db)).close()
    args = ["crawl", "--db", str(db), "--sources", str(sources), "-s", "ROBOTSTXT_OBEY=0",
            "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "MONITOR_DB_BUSY_TIMEOUT=1"]
    holder = sqlite3.connect(db)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the database for the whole first crawl
    try:
        first = run_monitor(*args, cwd=tmp_path)
    finally:
        holder.rollback()
        holder.close()
    assert "database is locked" in first.stderr
    conn = sqlite3.connect(db)
    assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    assert conn.execute("select count(*) from versions").fetchone()[0] == 0  # nothing half-written
    conn.close()
    second = run_monitor(*args, cwd=tmp_path)  # the lock is gone: the article is fetched in full and stored
    assert second.returncode == 0, second.stderr[-2000:]
    conn = sqlite3.connect(db)
    assert conn.execute("select count(*) from articles").fetchone()[0] == 1
    assert conn.execute("select count(*) from versions").fetchone()[0] == 1
    conn.close()
