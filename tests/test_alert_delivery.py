"""Alert delivery against a real local webhook receiver that fails, then accepts.

Every alert must arrive exactly once — through retries, backoff and process restarts.
"""

import json
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import REPO, made_by, run_monitor
from monitor.channels import JsonlChannel, LogChannel, WebhookChannel
from monitor.delivery import backoff, deliver_pending
from storage import Store, VersionRecord


class Receiver:
    """A webhook receiver on 127.0.0.1: answers 500 to the first ``fail_first`` POSTs, then 200.

    Like a careful real receiver, it keeps the ``Idempotency-Key`` of what it accepted, so a repeat
    (possible only if a sender dies between our 200 and its own bookkeeping) is visible to the test.
    """

    def __init__(self, fail_first: int = 0, delay_on: int | None = None, delay: float = 0.0):
        self.fail_first = fail_first
        self.delay_on, self.delay = delay_on, delay
        self.posts: list[tuple[int, str, dict]] = []  # (status, key, body)
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                key = self.headers.get("Idempotency-Key")
                with receiver.lock:
                    n = len(receiver.posts)
                    status = 500 if n < receiver.fail_first else 200
                    receiver.posts.append((status, key, body))
                if receiver.delay_on is not None and n == receiver.delay_on:
                    time.sleep(receiver.delay)
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def accepted(self) -> list[str]:
        return [key for status, key, _ in self.posts if status == 200]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver_factory():
    yield from made_by(Receiver)


def queue_alerts(path: str, n: int = 3) -> list[str]:
    """A store with one article whose version raised ``n`` alerts; returns their keys."""
    store = Store.open(path)
    alerts = [{"alert_key": f"casualty_change:{{article_id}}:{{version}}:k{i}", "kind": "casualty_change",
               "audience": "content", "figure_key": f"k{i}", "old_value": "49", "new_value": str(100 + i),
               "message": f"changed {i}", "evidence": "[]", "url": "http://x/a", "created_at": "t"}
              for i in range(n)]
    record = VersionRecord(
        article={"canonical_url": "http://x/a", "url": "http://x/a", "source": "s", "first_seen_at": "t"},
        version={"fetched_at": "t", "content_hash": "h"}, alerts=alerts)
    store.save_version(record, None)
    keys = [a["alert_key"] for a in store.alerts()]
    store.close()
    return keys


def test_failing_webhook_gets_every_alert_exactly_once_with_backoff(db_path, receiver_factory):
    keys = queue_alerts(db_path)
    receiver = receiver_factory(fail_first=4)
    channels = {"content": [WebhookChannel(receiver.url, timeout=5)]}
    t = datetime(2026, 1, 1, tzinfo=timezone.utc)
    passes = []
    with Store.open(db_path) as store:
        for _ in range(12):
            passes.append(deliver_pending(store, channels, now=t))
            if not store.alerts(undelivered=True):
                break
            t += timedelta(hours=1)
        rows = store.alerts()
        deliveries = list(store.iter_rows("select * from alert_deliveries"))
    assert sorted(receiver.accepted()) == sorted(keys)  # each exactly once
    assert len(receiver.posts) == 4 + 3  # four refused attempts, then one accepted post per alert
    assert all(r["delivered_at"] for r in rows)
    # bookkept under the destination's id, never its URL
    assert {d["channel"] for d in deliveries} == {channels["content"][0].name}
    assert all(receiver.url not in str(d) for d in deliveries) and channels["content"][0].name.startswith("webhook-")
    assert passes[0] == (0, 3) and sum(p[0] for p in passes) == 3
    # the JSON body carries what changed and where
    body = next(b for s, _, b in receiver.posts if s == 200)
    assert {"alert_key", "kind", "old_value", "new_value", "message", "url", "evidence"} <= set(body)


def test_backoff_waits_before_retrying(db_path, receiver_factory):
    queue_alerts(db_path, n=1)
    receiver = receiver_factory(fail_first=1)
    channels = {"content": [WebhookChannel(receiver.url, timeout=5)]}
    t = datetime(2026, 1, 1, tzinfo=timezone.utc)
    with Store.open(db_path) as store:
        assert deliver_pending(store, channels, now=t) == (0, 1)
        assert deliver_pending(store, channels, now=t + timedelta(seconds=5)) == (0, 0)  # not due yet
        assert len(receiver.posts) == 1
        assert deliver_pending(store, channels, now=t + backoff(1) + timedelta(seconds=1)) == (1, 0)
    assert backoff(1) < backoff(2) < backoff(3) and backoff(50) == backoff(60)


def test_a_channel_that_took_an_alert_never_gets_it_again(db_path, receiver_factory, tmp_path):
    queue_alerts(db_path, n=2)
    receiver = receiver_factory(fail_first=2)
    jsonl = tmp_path / "alerts.jsonl"
    channels = {"content": [JsonlChannel(jsonl), WebhookChannel(receiver.url, timeout=5)]}
    t = datetime(2026, 1, 1, tzinfo=timezone.utc)
    with Store.open(db_path) as store:
        assert deliver_pending(store, channels, now=t) == (0, 2)  # file took both, webhook refused
        assert deliver_pending(store, channels, now=t + timedelta(hours=1)) == (2, 0)
    assert len(jsonl.read_text().splitlines()) == 2  # not re-written on the retry
    assert len(receiver.accepted()) == 2


def test_unreachable_webhook_is_a_failure_not_a_crash(db_path):
    from conftest import free_port

    queue_alerts(db_path, n=1)
    channels = {"content": [WebhookChannel(f"http://127.0.0.1:{free_port()}/hook", timeout=2), LogChannel()]}
    with Store.open(db_path) as store:
        assert deliver_pending(store, channels) == (0, 1)
        [row] = store.alerts()
        assert "unreachable" in row["last_error"] and row["next_attempt_at"]


def test_exactly_once_across_process_restarts(db_path, receiver_factory):
    keys = queue_alerts(db_path)
    receiver = receiver_factory(fail_first=3)
    deliver = ["alerts", "--deliver", "--db", db_path, "--channel", f"webhook:{receiver.url}"]
    first = run_monitor(*deliver)
    assert first.returncode == 1 and "0 delivered, 3 failed; 3 still queued" in first.stdout
    waiting = run_monitor(*deliver)  # a restart inside the backoff window sends nothing
    assert "0 delivered, 0 failed; 3 still queued" in waiting.stdout and len(receiver.posts) == 3
    forced = run_monitor(*deliver, "--force")
    assert forced.returncode == 0 and "3 delivered, 0 failed; 0 still queued" in forced.stdout
    again = run_monitor(*deliver, "--force")
    assert "0 delivered, 0 failed; 0 still queued" in again.stdout
    assert sorted(receiver.accepted()) == sorted(keys) and len(receiver.posts) == 6


def test_killed_mid_delivery_loses_nothing(db_path, receiver_factory):
    keys = queue_alerts(db_path)
    receiver = receiver_factory(delay_on=1, delay=4.0)  # the second POST hangs for a while
    env = dict(os.environ)
    env.pop("MONITOR_DB", None)
    proc = subprocess.Popen([sys.executable, "-m", "monitor", "alerts", "--deliver", "--db", db_path,
                             "--channel", f"webhook:{receiver.url}", "-s", "MONITOR_ALERT_CLAIM_SECONDS=1"],
                            cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 30
    while len(receiver.posts) < 2 and time.time() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)  # dies waiting for the answer to alert 2
    proc.wait(timeout=10)
    with Store.open(db_path) as store:
        assert store.db.execute("pragma integrity_check").fetchone()[0] == "ok"
        assert len(store.alerts(undelivered=True)) == 2  # only the first one was recorded as delivered
    receiver.delay_on = None
    time.sleep(1.5)  # the dead delivery's claim on alert 2 runs out (a live one would be respected)
    rerun = run_monitor("alerts", "--deliver", "--force", "--db", db_path, "--channel", f"webhook:{receiver.url}")
    assert rerun.returncode == 0 and "0 still queued" in rerun.stdout
    # alert 1 was never sent again; alert 2 may have reached the receiver before the kill, and is then
    # repeated with the same Idempotency-Key, which is how a receiver drops it
    sent = [key for _, key, _ in receiver.posts]
    assert sent.count(keys[0]) == 1 and sent.count(keys[2]) == 1 and 1 <= sent.count(keys[1]) <= 2
    assert sorted(set(receiver.accepted())) == sorted(keys)


def test_apprise_url_delivers_to_a_local_json_endpoint(db_path, receiver_factory):
    from monitor.channels import AppriseChannel, build_channel

    queue_alerts(db_path, n=1)
    receiver = receiver_factory(fail_first=1)
    host_port = receiver.url.split("://", 1)[1].split("/", 1)[0]
    channel = build_channel(f"apprise:json://{host_port}/hook")
    assert isinstance(channel, AppriseChannel) and channel.name.startswith("apprise-")
    t = datetime(2026, 1, 1, tzinfo=timezone.utc)
    with Store.open(db_path) as store:
        assert deliver_pending(store, {"content": [channel]}, now=t) == (0, 1)  # refused: stays queued
        assert deliver_pending(store, {"content": [channel]}, now=t + timedelta(hours=1)) == (1, 0)
    status, _, body = receiver.posts[-1]
    # title and body come from the casualty_change "text" templates (monitor.templates)
    assert status == 200 and body["title"] == "[monitor] k0: 49 → 100"
    assert body["message"].startswith("Casualty figure changed: k0 49 → 100 (+51), claimant not stated.")


def test_bad_apprise_url_is_a_clear_error():
    from monitor.channels import build_channel

    with pytest.raises(ValueError, match="not a valid Apprise URL"):
        build_channel("apprise:nosuchservice://x")


def test_overlapping_deliveries_never_send_an_alert_twice(db_path):
    import asyncio

    from monitor.delivery import adeliver_pending

    keys = queue_alerts(db_path, n=3)
    sent: list[str] = []

    class Slow:
        name = "slow"

        def send(self, alert):
            sent.append(alert["alert_key"])

    async def slow_send(channel, alert):
        await asyncio.sleep(0.05)  # like a webhook call running in a thread
        channel.send(alert)

    async def both():
        with Store.open(db_path) as a, Store.open(db_path) as b:  # two crawlers, two connections
            return await asyncio.gather(adeliver_pending(a, {"content": [Slow()]}, send=slow_send),
                                        adeliver_pending(b, {"content": [Slow()]}, send=slow_send))

    results = asyncio.run(both())
    assert sorted(sent) == sorted(keys) and sum(r[0] for r in results) == 3


def test_no_channel_configured_leaves_alerts_queued(db_path):
    queue_alerts(db_path, n=1)
    with Store.open(db_path) as store:
        assert deliver_pending(store, {"content": []}) == (0, 0)
        [row] = store.alerts()
        assert row["delivered_at"] is None and row["claimed_until"] is None


def test_forced_delivery_never_takes_an_alert_another_delivery_holds(db_path):
    keys = queue_alerts(db_path, n=2)
    sent = []

    class Recorder:
        name = "rec"

        def send(self, alert):
            sent.append(alert["alert_key"])

    with Store.open(db_path) as store:
        first = store.alerts()[0]
        now = datetime.now(timezone.utc)
        assert store.claim_alert(first["id"], now.isoformat(), (now + timedelta(minutes=5)).isoformat())
        assert deliver_pending(store, {"content": [Recorder()]}, ignore_schedule=True) == (1, 0)
    assert sent == [keys[1]]  # the held one was left to its holder
