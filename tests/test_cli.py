"""The `monitor` command: help everywhere, one-line errors, extract and casualties interfaces."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, run_monitor

COMMANDS = ["crawl", "schedule", "demo", "extract", "casualties", "alerts", "history", "sources", "serve"]


@pytest.mark.parametrize("command", COMMANDS)
def test_help_everywhere(command):
    result = run_monitor(command, "--help")
    assert result.returncode == 0 and "usage: monitor " + command in result.stdout


def test_top_level_help_lists_every_command():
    out = run_monitor("--help").stdout
    for command in COMMANDS:
        assert command in out


def test_broken_sources_file_is_one_line_naming_file_and_key(tmp_path):
    bad = tmp_path / "sources.toml"
    bad.write_text('[[source]]\nname = "wire"\nkind = "rss"\nstart_urls = ["https://x.test/"]\n')
    for args in (["sources", "--sources", str(bad)], ["crawl", "--sources", str(bad), "--db", str(tmp_path / "m.db")]):
        result = run_monitor(*args)
        assert result.returncode == 1
        assert result.stderr.strip().count("\n") == 0, result.stderr
        assert str(bad) in result.stderr and "source 'wire'.kind" in result.stderr
        assert "Traceback" not in result.stderr


def test_sources_env_variable_is_used(tmp_path):
    bad = tmp_path / "env-sources.toml"
    bad.write_text("not = [valid")
    result = run_monitor("sources", env={"MONITOR_SOURCES": str(bad)})
    assert result.returncode == 1 and str(bad) in result.stderr and "not valid TOML" in result.stderr


def test_unwritable_db_is_one_line(tmp_path):
    for db in ("/proc/monitor.db", str(tmp_path / "missing-dir" / "m.db")):
        result = run_monitor("crawl", "--db", db)
        assert result.returncode == 1
        assert result.stderr.startswith("monitor: error: cannot open database") and "Traceback" not in result.stderr


def test_db_env_variable_is_used(tmp_path):
    result = run_monitor("alerts", env={"MONITOR_DB": str(tmp_path / "nope.db")})
    assert result.returncode == 1 and "nope.db" in result.stderr


def test_unknown_source_name(tmp_path):
    result = run_monitor("crawl", "no-such-source", "--db", str(tmp_path / "m.db"))
    assert result.returncode == 1 and "unknown source 'no-such-source'" in result.stderr


def test_casualties_jsonl_roundtrip():
    lines = [{"id": "a", "text": "Armenia's Defence Ministry said 49 Armenian soldiers were killed."},
             {"id": "b", "text": "The match ended 2-1."}]
    result = run_monitor("casualties", "--jsonl", stdin="\n".join(json.dumps(l) for l in lines) + "\n")
    assert result.returncode == 0, result.stderr
    out = [json.loads(l) for l in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", "b"]
    assert out[0]["figures"][0]["count"] == 49 and out[1]["figures"] == []


def test_casualties_bad_jsonl_line():
    result = run_monitor("casualties", "--jsonl", stdin='{"id": 1, "text": "ok"}\nnot json\n')
    assert result.returncode == 1 and "stdin line 2" in result.stderr


def test_casualties_plain_text():
    result = run_monitor("casualties", stdin="Azerbaijan said 50 of its servicemen had died.")
    figures = json.loads(result.stdout)
    assert figures[0]["count"] == 50 and figures[0]["side"] == "azerbaijan"


def test_extract_prints_one_object_per_file(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("""<html lang="en"><head><title>Armenia and Azerbaijan agree ceasefire</title></head><body>
    <nav><a href="/">Home</a></nav><article><h1>Armenia and Azerbaijan agree ceasefire</h1>
    <p>Pashinyan said 105 Armenian soldiers had been killed since Tuesday, and Azerbaijan said 50 of its soldiers
    were killed in the fighting along the border.</p><h2>Talks</h2>
    <p>Diplomats from several countries urged both sides to hold talks and to respect the truce.</p>
    <p>Read also: <a href="/russia-offers-talks">Russia offers to broker peace talks</a></p></article></body></html>""")
    empty = tmp_path / "empty.html"
    empty.write_text("")
    result = run_monitor("extract", str(page), str(empty), "--url", "https://news.test/ceasefire")
    assert result.returncode == 0, result.stderr
    first, second = [json.loads(l) for l in result.stdout.splitlines()]
    assert first["path"] == str(page) and first["headline"] == "Armenia and Azerbaijan agree ceasefire"
    assert {f["count"] for f in first["casualty_figures"]} >= {105, 50}
    for key in ("standfirst", "sections", "body_text", "related_links", "published_at", "modified_at", "authors"):
        assert key in first
    assert "error" in second and second["path"] == str(empty)


def test_extract_missing_file(tmp_path):
    result = run_monitor("extract", str(tmp_path / "nope.html"))
    assert result.returncode == 1 and "cannot read" in result.stderr


def test_scrapy_list_from_repository_root():
    result = subprocess.run([str(Path(sys.executable).parent / "scrapy"), "list"], cwd=REPO,
                            capture_output=True, text=True, timeout=60)
    if result.returncode != 0 and "No such file" in result.stderr:
        pytest.skip("scrapy script not beside this interpreter")
    assert result.returncode == 0, result.stderr
    assert "civilnet" in result.stdout.split()


@pytest.mark.parametrize("setting, message", [
    ("MONITOR_ALERT_RULES=casualty_chnage", "unknown alert rule 'casualty_chnage'"),
    ("MONITOR_ALERT_CHANNELS=webhok:http://127.0.0.1:9/x", "unknown alert channel 'webhok:"),
    ("MONITOR_ALERT_MIN_CHANGE=lots", "settings:"),
    ("MONITOR_ALERT_RETRY_DELAY=abc", "MONITOR_ALERT_RETRY_DELAY must be a number"),
    ("MONITOR_HEALTH_SILENT_RUNS=x", "MONITOR_HEALTH_SILENT_RUNS must be a number"),
    ("DOWNLOAD_TIMEOUT=-5", "DOWNLOAD_TIMEOUT cannot be negative"),
])
def test_bad_alert_settings_fail_before_crawling(tmp_path, setting, message):
    result = run_monitor("crawl", "--db", str(tmp_path / "m.db"), "-s", setting)
    assert result.returncode == 1 and message in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1


def test_set_needs_name_and_value(tmp_path):
    result = run_monitor("crawl", "--db", str(tmp_path / "m.db"), "-s", "NOEQUALS")
    assert result.returncode == 1 and "--set expects NAME=VALUE" in result.stderr


def test_deliver_needs_an_existing_database(tmp_path):
    result = run_monitor("alerts", "--deliver", "--db", str(tmp_path / "typo.db"))
    assert result.returncode == 1 and "no such file" in result.stderr
    assert not (tmp_path / "typo.db").exists()
