"""Politeness by default: robots.txt, AutoThrottle, per-domain concurrency, honest User-Agent, size limit."""

from __future__ import annotations

import os
import sqlite3

from conftest import run_monitor

ARTICLE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body><article><h1>{title}</h1>
<p>Armenia and Azerbaijan accused each other of shelling positions along the border on Tuesday, officials in Yerevan and Baku said.</p>
<p>Armenia's Defence Ministry said 12 Armenian soldiers had been killed in the fighting near the town of Jermuk.</p>
<p>The European Union called on both sides to return to talks and to respect the ceasefire.</p>
{padding}</article></body></html>"""


def test_politeness_defaults():
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "monitor.settings")
    from scrapy.utils.project import get_project_settings

    s = get_project_settings()
    assert s.getbool("ROBOTSTXT_OBEY") and s.getbool("AUTOTHROTTLE_ENABLED")
    assert s.getint("CONCURRENT_REQUESTS_PER_DOMAIN") <= 2
    assert 0 < s.getint("DOWNLOAD_MAXSIZE") <= 16 * 2**20 and s.getint("DOWNLOAD_TIMEOUT") <= 60
    assert not s.getbool("COOKIES_ENABLED")
    assert s.get("USER_AGENT").startswith("karabakh-monitor/") and "Scrapy" not in s.get("USER_AGENT")
    assert not s.getint("MEMUSAGE_LIMIT_MB")  # peak RSS never falls: no use in a daemon


def test_robots_user_agent_and_size_limit_in_a_real_crawl(tmp_path, static_site):
    site = static_site({})
    base, pages = site.base, site.pages
    items = "".join(f"<item><title>x</title><link>{base}{p}</link></item>"
                    for p in ("/news/a.html", "/private/b.html", "/news/big.html"))
    pages.update({
        "/robots.txt": ("text/plain", b"User-agent: *\nDisallow: /private/\n"),
        "/rss.xml": ("application/rss+xml",
                     f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'.encode()),
        "/news/a.html": ("text/html; charset=utf-8", ARTICLE.format(title="Armenia says 12 soldiers killed",
                                                                    padding="").encode()),
        "/private/b.html": ("text/html; charset=utf-8", ARTICLE.format(title="Armenia private", padding="").encode()),
        "/news/big.html": ("text/html; charset=utf-8", ARTICLE.format(
            title="Azerbaijan big page", padding="<p>" + "Baku Yerevan " * 20000 + "</p>").encode()),
    })
    sources = tmp_path / "s.toml"
    sources.write_text(f'[[source]]\nname = "polite"\nkind = "feed"\nstart_urls = ["{base}/rss.xml"]\n')
    db = tmp_path / "m.db"
    result = run_monitor("crawl", "--db", str(db), "--sources", str(sources), "-s", "AUTOTHROTTLE_ENABLED=0",
                         "-s", "RETRY_TIMES=0", "-s", "DOWNLOAD_MAXSIZE=100000", "-s", "MONITOR_ALERT_CHANNELS=log",
                         env={"MONITOR_CONTACT": "ops@example.org"}, cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    paths = site.hits
    assert paths[0] == "/robots.txt"
    assert "/private/b.html" not in paths  # disallowed by robots.txt
    assert all(ua.startswith("karabakh-monitor/") and "contact: ops@example.org" in ua
               for ua in site.user_agents), site.user_agents
    conn = sqlite3.connect(db)
    try:
        urls = [u for (u,) in conn.execute("select url from articles")]
        assert urls == [f"{base}/news/a.html"]  # the 260 KB page was cut off at the size limit, not stored
        finished, = conn.execute("select finish_reason from crawl_runs").fetchone()
        assert finished == "finished"
    finally:
        conn.close()
    assert "big.html" in result.stderr and ("maxsize" in result.stderr.lower() or "larger than" in result.stderr)
