"""Alert messages from templates, MONITOR_ALERT_DIRECTION, the digest channel and signed webhooks.

Webhooks post to a real receiver on 127.0.0.1 that checks the signature the way the README tells
a receiver to (raw body, HMAC-SHA256, constant-time compare).
"""

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from scrapy.settings import Settings

from monitor import signing
from monitor.alerts import AlertPolicy, casualty_change_alerts, story_toll_alerts
from monitor.channels import WebhookChannel, build_channel, build_channels, channel_options
from monitor.digest import DigestChannel, parse_interval
from monitor.templates import Renderer, load_overrides

SECRET = "correct horse battery staple"

ALERT = {"id": 7, "alert_key": "casualty_change:3:2:killed|armenia|soldiers", "kind": "casualty_change",
         "audience": "content", "article_id": 3, "version_id": 9, "story_id": 2,
         "figure_key": "killed|armenia|soldiers|by:azerbaijan", "old_value": "49", "new_value": "at least 71",
         "message": "Casualty figure changed: …", "figure_claimed_by": "azerbaijan",
         "evidence": json.dumps(["The ministry said at least 71 soldiers died near the pass."]),
         "url": "https://outlet.example/a/3", "created_at": "2026-01-01T10:00:00Z"}


class SigningReceiver:
    """Accepts a POST only when its X-Monitor-Signature checks out under ``secret``; 401 otherwise."""

    def __init__(self, secret: str):
        self.posts: list[tuple[int, dict, dict]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                raw = self.rfile.read(int(self.headers["Content-Length"]))
                expected = "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
                ok = hmac.compare_digest(expected, self.headers.get("X-Monitor-Signature", ""))
                status = 200 if ok else 401
                receiver.posts.append((status, dict(self.headers), json.loads(raw)))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    r = SigningReceiver(SECRET)
    yield r
    r.close()


# -- templates ------------------------------------------------------------------------------

def test_default_templates_carry_values_difference_claimant_evidence_and_links():
    text = Renderer(desk_url="http://desk.example:8001/monitor").render(ALERT, "text")
    assert text.title == "[monitor] soldiers killed (Armenian, as claimed by Azerbaijan): 49 → at least 71"
    assert "(+22)" in text.body and "claimed by Azerbaijan" in text.body
    assert "> The ministry said at least 71 soldiers died near the pass." in text.body
    assert "History: http://desk.example:8001/monitor/article_history?article=3" in text.body
    assert "Story: http://desk.example:8001/monitor/story?story=2" in text.body
    hook = Renderer().render(ALERT, "webhook").body
    assert "49 → at least 71 (+22)" in hook and "History:" not in hook  # no desk URL: no links


def test_every_rule_and_kind_has_a_default():
    r = Renderer()
    for kind in ("log", "text", "webhook", "digest"):
        for rule in ("casualty_change", "story_toll", "headline_change", "source_silent"):
            assert r.render(dict(ALERT, kind=rule), kind).body


def test_overrides_from_a_file_replace_one_rule_and_kind(tmp_path):
    path = tmp_path / "templates.toml"
    path.write_text('[casualty_change.text]\ntitle = "{{ new }} ({{ difference_text }})"\n'
                    '[default.log]\nbody = "LOG {{ kind }} {{ old }}>{{ new }}"\n', encoding="utf-8")
    r = Renderer.from_settings(Settings({"MONITOR_ALERT_TEMPLATES": str(path)}))
    assert r.render(ALERT, "text").title == "at least 71 (+22)"
    assert "Casualty figure changed" in r.render(ALERT, "text").body      # body: still the default
    assert r.render(dict(ALERT, kind="source_silent"), "log").body == "LOG source_silent 49>at least 71"
    assert r.render(ALERT, "log").body.startswith("ALERT [casualty_change]")  # a rule's own default wins


@pytest.mark.parametrize("content, error", [
    ('[casualty_change.sms]\nbody = "x"\n', "unknown channel kind"),
    ('[casualty_change.text]\nbody = "{{ new "\n', "casualty_change.text"),
    ('casualty_change = 3\n', "must hold"),
])
def test_bad_template_files_fail_at_start_up_with_one_line(tmp_path, content, error):
    path = tmp_path / "t.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=error):
        Renderer(load_overrides(path))


def test_an_unknown_variable_is_an_error_not_an_empty_string():
    r = Renderer({("casualty_change", "log"): {"body": "{{ nonsense }}"}})
    with pytest.raises(Exception):
        r.render(ALERT, "log")


# -- direction ------------------------------------------------------------------------------

def _change(old: int, new: int) -> dict:
    return {"casualty_figures": {"changed": [{"key": "killed|armenia|soldiers", "old": str(old), "new": str(new),
                                              "old_count": old, "new_count": new}]}}


@pytest.mark.parametrize("direction, rise, fall", [("any", 1, 1), ("up", 1, 0), ("down", 0, 1)])
def test_direction_keeps_rises_or_falls(direction, rise, fall):
    policy = AlertPolicy(direction=direction)
    assert len(casualty_change_alerts(url="u", headline="h", changes=_change(49, 71), new_figures=[],
                                      policy=policy)) == rise
    assert len(casualty_change_alerts(url="u", headline="h", changes=_change(71, 49), new_figures=[],
                                      policy=policy)) == fall


def test_direction_down_never_raises_a_story_toll_alert_and_bad_values_are_refused():
    fig = {"count": 90, "qualifier": "exact", "category": "killed", "side": "armenia", "victims": "soldiers"}
    peaks = {"killed|armenia|soldiers": {"peak": 50, "url": "u0"}}
    assert story_toll_alerts(url="u", headline="h", new_figures=[fig], peaks=peaks, policy=AlertPolicy())
    assert not story_toll_alerts(url="u", headline="h", new_figures=[fig], peaks=peaks,
                                 policy=AlertPolicy(direction="down"))
    assert AlertPolicy.from_settings(Settings({"MONITOR_ALERT_DIRECTION": "UP"})).direction == "up"
    with pytest.raises(ValueError, match="MONITOR_ALERT_DIRECTION"):
        AlertPolicy.from_settings(Settings({"MONITOR_ALERT_DIRECTION": "sideways"}))


# -- signing --------------------------------------------------------------------------------

def test_signed_webhook_is_accepted_by_a_checking_receiver(receiver):
    WebhookChannel(receiver.url, secret=SECRET, timeout=5).send(ALERT)
    status, headers, body = receiver.posts[0]
    assert status == 200 and headers["X-Monitor-Signature"].startswith("sha256=")
    assert body["text"].startswith("soldiers killed (Armenian, as claimed by Azerbaijan) 49 → at least 71")


def test_unsigned_or_wrongly_signed_posts_are_refused(receiver):
    with pytest.raises(RuntimeError, match="401"):
        WebhookChannel(receiver.url, timeout=5).send(ALERT)
    with pytest.raises(RuntimeError, match="401"):
        WebhookChannel(receiver.url, secret="another secret", timeout=5).send(ALERT)
    assert [p[0] for p in receiver.posts] == [401, 401]


def test_secret_from_settings_reaches_the_webhook_and_a_digest_inside(receiver, tmp_path):
    options = channel_options(Settings({"MONITOR_WEBHOOK_SECRET": SECRET, "MONITOR_DIGEST_DIR": str(tmp_path)}))
    [hook, digest] = build_channels([f"webhook:{receiver.url}", f"digest:10m:webhook:{receiver.url}"], **options)
    hook.send(ALERT)
    digest.send(ALERT)
    digest.flush(force=True)
    assert [p[0] for p in receiver.posts] == [200, 200]
    assert signing.verify(b"abc", signing.sign(b"abc", SECRET), SECRET)
    assert not signing.verify(b"abd", signing.sign(b"abc", SECRET), SECRET)


# -- digest ---------------------------------------------------------------------------------

class Clock:
    def __init__(self):
        self.t = 1_767_261_600.0

    def __call__(self):
        return self.t


def _alert(i: int) -> dict:
    return dict(ALERT, alert_key=f"casualty_change:3:{i}:k", new_value=str(50 + i))


def test_digest_sends_one_message_per_window_with_every_alert(receiver, tmp_path):
    clock = Clock()
    inner = WebhookChannel(receiver.url, secret=SECRET, timeout=5)
    digest = DigestChannel(900, inner, tmp_path / "d.jsonl", clock=clock, timer=False)
    for i in range(3):
        digest.send(_alert(i))
        clock.t += 60
    assert receiver.posts == []                       # window not over: nothing sent yet
    clock.t += 900
    digest.send(_alert(3))                            # closes the window: one digest with all four
    assert len(receiver.posts) == 1
    body = receiver.posts[0][2]
    assert body["kind"] == "digest" and body["message"].startswith("4 alert(s) since")
    assert [line for line in body["message"].splitlines() if line.startswith("- ")][3].endswith(
        "49 → 53 (+4), claimed by Azerbaijan <https://outlet.example/a/3>")
    assert not digest.flush(force=True)              # spool empty


def test_digest_keeps_its_spool_when_the_channel_fails_and_never_doubles(tmp_path, receiver):
    clock = Clock()
    failing = WebhookChannel(receiver.url, secret="wrong", timeout=5)
    digest = DigestChannel(60, failing, tmp_path / "d.jsonl", clock=clock, timer=False)
    digest.send(_alert(1))
    clock.t += 120
    digest.send(_alert(2))                           # due, but the receiver refuses: both stay spooled
    digest.send(_alert(2))                           # a repeat of a taken alert is not spooled twice
    assert [p[0] for p in receiver.posts] == [401]
    assert len((tmp_path / "d.jsonl").read_text().splitlines()) == 2
    again = DigestChannel(60, WebhookChannel(receiver.url, secret=SECRET, timeout=5), tmp_path / "d.jsonl",
                          clock=clock, timer=False)  # a restart: the spool is on disk
    assert again.flush()
    assert receiver.posts[-1][0] == 200 and receiver.posts[-1][2]["message"].startswith("2 alert(s)")


def test_digest_timer_closes_a_window_without_further_alerts(tmp_path, receiver):
    digest = build_channel(f"digest:1s:webhook:{receiver.url}", webhook_secret=SECRET, digest_dir=str(tmp_path))
    digest.send(ALERT)
    for _ in range(100):
        if receiver.posts:
            break
        threading.Event().wait(0.05)
    digest.close()
    assert [p[0] for p in receiver.posts] == [200]


@pytest.mark.parametrize("text, seconds", [("15m", 900), ("30s", 30), ("2h", 7200), ("5", 300)])
def test_intervals(text, seconds):
    assert parse_interval(text) == seconds
    with pytest.raises(ValueError):
        parse_interval("soon")
