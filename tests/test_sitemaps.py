"""Sitemaps as news sites serve them, and as hostile sites could: gzip, robots.txt, limits."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from conftest import run_monitor
from monitor.sources import SourcesError, parse_sources
from newsroom import Newsroom

pytestmark = pytest.mark.e2e

FAST = ["-s", "AUTOTHROTTLE_ENABLED=0", "-s", "ROBOTSTXT_OBEY=0", "-s", "MONITOR_HEALTH_ENABLED=0",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=4", "-s", "RETRY_TIMES=0"]


def urlset(*urls: str) -> bytes:
    body = "".join(f"<url><loc>{u}</loc></url>" for u in urls)
    return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</urlset>'.encode()


def sitemapindex(*urls: str) -> bytes:
    body = "".join(f"<sitemap><loc>{u}</loc></sitemap>" for u in urls)
    return (f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}'
            f"</sitemapindex>").encode()


def crawl(tmp_path: Path, start: str, *extra: str, robots: bool = False) -> tuple[str, dict, int]:
    sources = tmp_path / "s.toml"
    sources.write_text(f'[[source]]\nname = "maps"\nkind = "sitemap"\nstart_urls = ["{start}"]\n'
                       f'allowed_domains = ["127.0.0.1"]\ninterval = "1h"\n'
                       + ("sitemap_from_robots = true\n" if robots else ""), encoding="utf-8")
    db = tmp_path / "m.db"
    result = run_monitor("crawl", "--db", str(db), "--sources", str(sources), *FAST, *extra)
    assert result.returncode == 0, result.stderr[-3000:]
    with sqlite3.connect(db) as conn:
        stats = json.loads(conn.execute("select stats from crawl_runs order by id desc").fetchone()[0])
        stored = conn.execute("select count(*) from articles").fetchone()[0]
    return result.stderr, stats, stored


def test_a_chain_of_sitemap_indexes_ends_within_the_depth_limit(tmp_path):
    with Newsroom(300) as site:
        for i in range(200):  # each index names a new one, and one article
            site.add(f"/sm/{i}.xml", sitemapindex(f"{site.base}/sm/{i + 1}.xml", f"{site.base}/leaf/{i}.xml"))
            site.add(f"/leaf/{i}.xml", urlset(f"{site.base}/a/{i + 1}.html"))
        log, stats, stored = crawl(tmp_path, f"{site.base}/sm/0.xml")
        fetched = sorted(int(p[4:-4]) for p in site.hits if p.startswith("/sm/"))
    assert fetched == [0, 1, 2, 3]  # the start index and three levels below it (MONITOR_SITEMAP_MAX_DEPTH)
    assert stats["monitor/limits/sitemap_depth"] == 2  # the next index and the leaf below the last level
    assert log.count("limit reached: sitemap index nested deeper than 3") == 1
    assert stored == 3  # the leaves named by indexes 0-2; the children of index 3 are beyond the limit


def test_total_sitemaps_per_run_and_links_per_index_are_limited(tmp_path):
    with Newsroom(300) as site:
        site.add("/wide.xml", sitemapindex(*(f"{site.base}/part/{i}.xml" for i in range(40))))
        for i in range(40):
            site.add(f"/part/{i}.xml", urlset(*(f"{site.base}/a/{i * 7 + j + 1}.html" for j in range(7))))
        log, stats, stored = crawl(tmp_path, f"{site.base}/wide.xml", "-s", "MONITOR_SITEMAP_MAX_FILES=10",
                                   "-s", "MONITOR_INDEX_MAX_LINKS=5")
        parts = [p for p in site.hits if p.startswith("/part/")]
        articles = [p for p in site.hits if p.startswith("/a/")]
    # links per index: the index lists 40 sitemaps, 5 are taken; files per run: 10 would be allowed
    assert len(parts) == 5 and stats["monitor/limits/index_links"] == 35 + 5 * 2
    assert len(articles) == 25 and stored == 25
    assert log.count("limit reached:") == 1  # logged once per limit and run
    with Newsroom(300) as site:
        site.add("/wide.xml", sitemapindex(*(f"{site.base}/part/{i}.xml" for i in range(40))))
        for i in range(40):
            site.add(f"/part/{i}.xml", urlset(f"{site.base}/a/{i + 1}.html"))
        log, stats, stored = crawl(tmp_path, f"{site.base}/wide.xml", "-s", "MONITOR_SITEMAP_MAX_FILES=10")
        parts = [p for p in site.hits if p.startswith("/part/")]
    assert len(parts) == 9  # the index itself is the tenth file
    assert stats["monitor/limits/sitemap_files"] == 31
    assert log.count("limit reached: 10 sitemap files in one run") == 1


def test_gzipped_sitemaps_and_indexes_are_crawled(tmp_path):
    with Newsroom(10) as site:
        # a .xml.gz file (gzip bytes, no Content-Encoding) naming a sitemap sent with Content-Encoding: gzip
        site.add("/sitemap-index.xml.gz", sitemapindex(f"{site.base}/news.xml", f"{site.base}/more.xml.gz"),
                 "application/x-gzip", gzipped=True)
        site.add("/news.xml", urlset(*(f"{site.base}/a/{i}.html" for i in (1, 2, 3))), encoding=True)
        site.add("/more.xml.gz", urlset(f"{site.base}/a/4.html"), "application/gzip", gzipped=True)
        log, stats, stored = crawl(tmp_path, f"{site.base}/sitemap-index.xml.gz")
    assert stored == 4, log[-3000:]
    assert "lists no articles" not in log


def test_a_gzip_bomb_sitemap_is_refused_and_counted(tmp_path):
    with Newsroom(10) as site:
        site.add("/bomb.xml.gz", b"<urlset>" + b" " * (3 * 1024 * 1024) + b"</urlset>", "application/x-gzip",
                 gzipped=True)
        log, stats, stored = crawl(tmp_path, f"{site.base}/bomb.xml.gz", "-s", "DOWNLOAD_MAXSIZE=1000000")
    assert stored == 0
    assert stats["monitor/errors/too_large"] == 1 and "too large once unpacked" in log


def test_sitemaps_named_in_robots_txt_are_crawled(tmp_path):
    with Newsroom(10) as site:
        site.add("/robots.txt", f"User-agent: *\nDisallow: /private/\nSitemap: {site.base}/news.xml.gz\n"
                                f"sitemap: /other.xml\n".encode(), "text/plain")
        site.add("/news.xml.gz", urlset(f"{site.base}/a/1.html", f"{site.base}/a/2.html"), "application/x-gzip",
                 gzipped=True)
        site.add("/other.xml", urlset(f"{site.base}/a/3.html"))
        log, stats, stored = crawl(tmp_path, f"{site.base}/", robots=True)
        assert "/" not in site.hits  # a site root only names the site
    assert stored == 3, log[-3000:]
    assert stats["monitor/robots_sitemaps"] == 2


def test_sitemap_from_robots_is_validated():
    base = '[[source]]\nname = "x"\nkind = "{kind}"\nstart_urls = ["https://x.example/"]\n'
    assert parse_sources(base.format(kind="sitemap") + "sitemap_from_robots = true\n")[0].sitemap_from_robots
    assert not parse_sources(base.format(kind="sitemap"))[0].sitemap_from_robots
    with pytest.raises(SourcesError, match=r"source 'x'.sitemap_from_robots: only for kind 'sitemap'"):
        parse_sources(base.format(kind="feed") + "sitemap_from_robots = true\n")
    with pytest.raises(SourcesError, match=r"sitemap_from_robots: expected true or false"):
        parse_sources(base.format(kind="sitemap") + 'sitemap_from_robots = "yes"\n')
