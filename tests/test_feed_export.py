"""Items hold only article fields: `scrapy crawl SOURCE -O items.jsonl` (and Scrapyd's item feeds) work."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

pytestmark = pytest.mark.e2e


def test_scrapy_crawl_writes_items_jsonl(tmp_path, demo_site):
    from monitor.demo.site import demo_sources_toml

    scrapy = Path(sys.executable).parent / "scrapy"
    if not scrapy.exists():
        pytest.skip("scrapy script not beside this interpreter")
    sources = tmp_path / "sources.toml"
    sources.write_text(demo_sources_toml(demo_site.base_url), encoding="utf-8")
    out = tmp_path / "items.jsonl"
    env = dict(os.environ, MONITOR_DB=str(tmp_path / "m.db"))
    # the sources file chosen per job, as Scrapyd passes settings (-s) to `scrapy crawl`
    result = subprocess.run(
        [str(scrapy), "crawl", "caucasus-wire", "-O", str(out), "-s", f"MONITOR_SOURCES={sources}",
         "-s", "MONITOR_SITEMAP_RECENT_ONLY=False", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=WARNING"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "not JSON serializable" not in result.stderr
    items = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert items, result.stderr[-3000:]
    for item in items:
        assert "state" not in item
        assert item["source"] == "caucasus-wire" and item["headline"] and item["content_hash"]


def test_per_job_source_spider_for_scrapyd(tmp_path, demo_site):
    """Scrapyd lists the default sources only; `spider=source -a source=NAME -a sources=PATH` crawls another file's."""
    from monitor.demo.site import demo_sources_toml

    scrapy = Path(sys.executable).parent / "scrapy"
    if not scrapy.exists():
        pytest.skip("scrapy script not beside this interpreter")
    listed = subprocess.run([str(scrapy), "list"], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert "source" in listed.stdout.split()
    sources = tmp_path / "sources.toml"
    sources.write_text(demo_sources_toml(demo_site.base_url), encoding="utf-8")
    out, db = tmp_path / "items.jsonl", tmp_path / "m.db"
    result = subprocess.run(
        [str(scrapy), "crawl", "source", "-a", "source=caucasus-wire", "-a", f"sources={sources}", "-O", str(out),
         "-s", f"MONITOR_DB={db}", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=WARNING"],
        cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    items = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert items and {item["source"] for item in items} == {"caucasus-wire"}
    import sqlite3

    conn = sqlite3.connect(db)
    assert conn.execute("select distinct source from crawl_runs").fetchall() == [("caucasus-wire",)]
    conn.close()
    missing = subprocess.run([str(scrapy), "crawl", "source", "-a", f"sources={sources}", "-s", f"MONITOR_DB={db}"],
                             cwd=REPO, capture_output=True, text=True, timeout=120)
    assert "needs -a source=NAME" in missing.stderr
