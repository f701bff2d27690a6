"""No credential of an alert destination ever lands in the store, the log, the CLI's output or the desk.

A crawl whose destinations carry secrets (a webhook token in its path, an Apprise password and path),
from the environment and from an owner-only destinations file, with a receiver that fails and then
refuses for good; then every byte of the store, the whole log and every page of the desk are searched.
"""

import os
import re
import urllib.request
from pathlib import Path

import pytest

from alert_receivers import Receiver
from conftest import run_monitor
from test_destinations import two_crawls

pytestmark = pytest.mark.e2e

SECRETS = ["SECRETTOKEN123", "SECRETPASS99", "SECRETPATH77"]


def assert_clean(text: str, where: str) -> None:
    found = [text[max(0, text.index(s) - 200):text.index(s) + 40] for s in SECRETS if s in text]
    assert not found, f"secret in {where}: {found}"


@pytest.fixture
def secret_run(tmp_path, static_site):
    hook, json_rx = Receiver(status=500), Receiver(status=503)
    destinations = tmp_path / "destinations.toml"
    destinations.write_text(f'[content]\nops = "webhook:http://{hook.hostport}/services/T000/B000/SECRETTOKEN123"\n')
    destinations.chmod(0o600)
    env = {"MONITOR_ALERT_CHANNELS": f"log,apprise:json://deskuser:SECRETPASS99@{json_rx.hostport}/SECRETPATH77",
           "MONITOR_HEALTH_CHANNELS": "log", "MONITOR_DESTINATIONS_FILE": str(destinations)}
    db, log = two_crawls(tmp_path, static_site, env, "--log-level", "DEBUG")
    hook.status = 410  # the webhook is gone: its alerts are dead-lettered, with a health alert
    outputs = {"deliver": run_monitor("alerts", "--deliver", "--force", "--db", db, env=env)}
    for name, args in {"list": [], "json": ["--json"], "dead": ["--dead"], "destinations": ["--destinations"]}.items():
        outputs[name] = run_monitor("alerts", "--db", db, *args, env=env)
    yield db, log, outputs, env, hook, json_rx
    hook.close()
    json_rx.close()


def test_no_secret_in_store_log_or_cli(secret_run):
    db, log, outputs, env, hook, json_rx = secret_run
    assert hook.posts and json_rx.posts  # both destinations were really tried with their secrets
    assert any(p["path"].endswith("SECRETTOKEN123") for p in hook.posts)
    assert "not delivered to" in log or "dead-lettered" in log  # failures were logged ...
    assert_clean(log, "the crawl's DEBUG log")  # ... without the URLs
    for name, result in outputs.items():
        assert_clean(result.stdout + result.stderr, f"monitor alerts ({name})")
    assert "webhook:http://127.0.0.1:" in outputs["destinations"].stdout and "/***" in outputs["destinations"].stdout
    assert "ops" in outputs["dead"].stdout and "410" in outputs["dead"].stdout
    for path in Path(db).parent.glob(Path(db).name + "*"):  # the store, and its -wal/-shm if any
        data = path.read_bytes()
        found = [s for s in SECRETS if s.encode() in data]
        assert not found, f"secret {found} in {path.name}"


def test_no_secret_on_any_desk_page(secret_run):
    from test_serve import Server

    db, *_ = secret_run
    server = Server(Path(db), "--show-operational")  # operational tables too: every page
    try:
        status, index = server.get(f"/{server.name}.json")
        assert status == 200
        names = [t["name"] for t in __import__("json").loads(index)["tables"]]
        pages = ["/", f"/{server.name}", "/-/metadata.json", "/-/dashboards/casualties"]
        for name in names + ["all_alerts", "last_24_hours"]:
            pages += [f"/{server.name}/{name}", f"/{server.name}/{name}.json?_shape=array&_size=max"]
        pages += [f"/{server.name}/alerts/{i}" for i in range(1, 5)]
        assert "alert_deliveries" in names
        for page in pages:
            status, body = server.get(page)
            assert status in (200, 404), (page, status)
            assert_clean(body, page)
        _, deliveries = server.get(f"/{server.name}/alert_deliveries.json?_shape=array")
        assert re.search(r'"channel": "(ops|apprise-[0-9a-f]{8})"', deliveries)
    finally:
        server.stop()


def test_a_destinations_file_others_can_read_is_refused(tmp_path):
    destinations = tmp_path / "destinations.toml"
    destinations.write_text('[content]\nops = "webhook:http://127.0.0.1:9/SECRETTOKEN123"\n')
    destinations.chmod(0o644)
    sources = tmp_path / "sources.toml"
    sources.write_text('[[source]]\nname = "wire"\nkind = "feed"\nstart_urls = ["http://127.0.0.1:9/rss.xml"]\n')
    result = run_monitor("crawl", "--db", str(tmp_path / "x.db"), "--sources", str(sources),
                         env={"MONITOR_DESTINATIONS_FILE": str(destinations)})
    assert result.returncode == 1
    assert result.stderr.strip() == (f"monitor: error: settings: destinations file {destinations} can be read or "
                                     f"written by others (mode 0644): run chmod 600 {destinations}")
    assert_clean(result.stderr, "the refusal")


def test_monitor_sources_masks_a_password_in_a_start_url(tmp_path):
    sources = tmp_path / "sources.toml"
    sources.write_text('[[source]]\nname = "wire"\nkind = "feed"\n'
                       'start_urls = ["https://reader:SECRETPASS99@127.0.0.1/rss?token=SECRETTOKEN123"]\n')
    result = run_monitor("sources", "--sources", str(sources))
    assert result.returncode == 0 and "https://reader:***@127.0.0.1/rss?token=***" in result.stdout
    assert_clean(result.stdout + result.stderr, "monitor sources")


def test_a_token_in_the_host_position_is_scrubbed_too():
    from monitor.channels import scrub, secret_parts

    text = "could not post to tgram://123456:SECRETTOKEN123/987654 (bot 123456:SECRETTOKEN123)"
    assert "SECRETTOKEN123" not in scrub(text, secret_parts("tgram://123456:SECRETTOKEN123/987654"))


def test_log_records_of_any_library_are_scrubbed(caplog):
    import logging

    from monitor.channels import build_channels

    build_channels(["webhook:http://127.0.0.1:9/services/T000/B000/SECRETTOKEN123"])
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("urllib3.connectionpool").debug('"POST %s HTTP/1.1" 500', "/services/T000/B000/SECRETTOKEN123")
        logging.getLogger("somewhere.else").warning("failed: http://127.0.0.1:9/services/T000/B000/SECRETTOKEN123")
    assert "SECRETTOKEN123" not in caplog.text and caplog.text.count("***") == 2


@pytest.mark.parametrize("url, shown", [
    ("slack://T000AAAA/B000BBBB/SECRETTOKEN123", "slack://***"),  # the netloc of most services is a token
    ("tgram://123456:SECRETTOKEN123/987654", "tgram://***"),
    ("discord://SECRETTOKEN123@12345", "discord://***"),
    ("mailto://ops:SECRETPASS99@mail.example?to=a@b.example", "mailto://***@mail.example/***"),
    ("https://hooks.example/services/SECRETTOKEN123", "https://hooks.example/***"),
    ("json://127.0.0.1:8080/SECRETPATH77?x=1", "json://127.0.0.1:8080/***"),
])
def test_redacted_urls_keep_scheme_and_host_only(url, shown):
    from monitor.channels import redact_url

    assert redact_url(url) == shown
