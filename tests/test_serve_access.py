"""Who may see the desk: beyond loopback a login is required (or an explicit --insecure-public with
a warning); operational tables are hidden; limits are explicit. Servers listen on 0.0.0.0 (beyond
loopback) or 127.0.0.x; the tests only ever connect to 127.0.0.x."""

import base64
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import REPO, free_port, run_monitor
from monitor.serve import DESK_SETTINGS, OPERATIONAL_TABLES, access_policy, datasette_command, load_metadata

pytestmark = pytest.mark.e2e


class Desk:
    """`monitor serve --host HOST` in a child process; requests go to ``connect`` (always 127.0.0.x)."""

    def __init__(self, db: Path, host: str, connect: str, *extra: str, env: dict | None = None):
        self.port = free_port()
        self.base = f"http://{connect}:{self.port}"
        self.log = open(Path(db).with_suffix(f".access-{self.port}.log"), "w+")
        self.proc = subprocess.Popen([sys.executable, "-m", "monitor", "serve", "--db", str(db), "--host", host,
                                      "--port", str(self.port), *extra], cwd=REPO,
                                     env=dict(os.environ, PYTHONUNBUFFERED="1", **(env or {})),
                                     stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while self.get("/-/versions.json")[0] is None:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"monitor serve did not start:\n{self.output()}")
            time.sleep(0.1)

    def get(self, path: str, auth: tuple[str, str] | None = None) -> tuple[int | None, str]:
        request = urllib.request.Request(self.base + path)
        if auth:
            request.add_header("Authorization", "Basic " + base64.b64encode(":".join(auth).encode()).decode())
        try:
            with urllib.request.urlopen(request, timeout=10) as resp:
                return resp.status, resp.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")
        except (urllib.error.URLError, ConnectionError):
            return None, ""

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


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    from storage import Store

    path = tmp_path_factory.mktemp("access") / "desk.db"
    Store.open(str(path)).close()
    return path


@pytest.fixture(scope="module")
def password_hash() -> str:
    from datasette_auth_passwords.utils import hash_password

    return hash_password("correct horse", iterations=1000)


def test_beyond_loopback_without_a_login_is_refused(store):
    for host in ("0.0.0.0", "::", "192.0.2.10"):
        result = run_monitor("serve", "--db", str(store), "--host", host, "-p", "0")
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert result.stderr.startswith(f"monitor: error: listening on {host} makes the desk reachable")
        assert "MONITOR_DESK_PASSWORD_HASH" in result.stderr and "--insecure-public" in result.stderr


def test_a_login_is_required_beyond_loopback(store, password_hash):
    desk = Desk(store, "0.0.0.0", "127.0.0.2", env={"MONITOR_DESK_PASSWORD_HASH": password_hash})
    try:
        for path in ("/", "/desk", "/desk/articles.json", "/desk.json?sql=select+1", "/-/metadata.json"):
            status, _ = desk.get(path)
            assert status in (401, 403), (path, status)  # anonymous: refused, every page
        assert desk.get("/desk", auth=("analyst", "wrong"))[0] == 401
        status, body = desk.get("/desk.json", auth=("analyst", "correct horse"))
        assert status == 200
        shown = [t["name"] for t in json.loads(body)["tables"] if not t["hidden"]]
        assert "articles" in shown and not set(OPERATIONAL_TABLES) & set(shown)
        for table in OPERATIONAL_TABLES:  # hidden and refused even to a logged-in analyst
            assert desk.get(f"/desk/{table}", auth=("analyst", "correct horse"))[0] == 403
        status, body = desk.get("/-/settings.json", auth=("analyst", "correct horse"))
        settings = json.loads(body)
        assert settings["sql_time_limit_ms"] == 3000 and settings["max_returned_rows"] == 1000
        assert settings["allow_download"] is False
    finally:
        desk.stop()


def test_insecure_public_serves_anyone_with_a_warning(store):
    desk = Desk(store, "0.0.0.0", "127.0.0.2", "--insecure-public")
    try:
        assert desk.get("/desk.json")[0] == 200
        assert "monitor: warning: serving on 0.0.0.0 WITHOUT authentication (--insecure-public)" in desk.output()
    finally:
        desk.stop()
    # on loopback there is nothing to warn about
    assert access_policy(load_metadata("desk"), "desk", host="127.0.0.2", insecure_public=True,
                         show_operational=False, environ={}) == []


def test_loopback_needs_no_login_and_operational_tables_can_be_shown(store):
    desk = Desk(store, "127.0.0.1", "127.0.0.1", "--show-operational")
    try:
        assert desk.get("/desk/alert_deliveries.json")[0] == 200
    finally:
        desk.stop()


def test_limits_are_passed_explicitly():
    args = datasette_command("x.db", "m.yml")
    for name, value in DESK_SETTINGS.items():
        i = args.index(name)
        assert args[i - 1] == "--setting" and args[i + 1] == value
