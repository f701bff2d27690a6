"""Deployment files: what can be checked without a Docker daemon or systemd (both absent on the build machine)."""

import re
import tomllib

import yaml

from conftest import REPO
from monitor.cli import build_parser


def _subcommands():
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return set(action.choices)


def test_compose_file_parses_and_runs_existing_commands():
    compose = yaml.safe_load((REPO / "docker-compose.yml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert {"redis", "writer", "worker", "serve"} <= set(services)
    commands = _subcommands()
    for name in ("writer", "worker", "serve"):
        command = services[name]["command"]
        assert command[0] in commands, (name, command)
        build_parser().parse_args(command)  # the arguments are valid too
    for name in ("writer", "worker"):
        assert services[name]["environment"]["MONITOR_REDIS_URL"].startswith("redis://redis:")
    assert set(services["writer"]["volumes"]) == set(services["serve"]["volumes"])  # one store


def test_dockerfile_copies_what_exists_and_enters_monitor():
    text = (REPO / "Dockerfile").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.startswith("COPY "):
            for part in line.split()[1:-1]:
                assert (REPO / part).exists(), part
    assert 'ENTRYPOINT ["monitor"]' in text


def test_systemd_units_run_existing_commands():
    commands = _subcommands()
    for unit in sorted((REPO / "deploy").glob("*.service")):
        text = unit.read_text(encoding="utf-8")
        exec_start = re.search(r"^ExecStart=(\S+) (\S+)", text, re.M)
        assert exec_start and exec_start.group(1).endswith("/monitor") and exec_start.group(2) in commands, unit
        assert "[Install]" in text and "Restart=" in text


def test_scrapyd_finds_the_settings_through_the_entry_point():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["entry-points"]["scrapy"] == {"settings": "monitor.settings"}
    from importlib.metadata import entry_points

    installed = [e for e in entry_points(group="scrapy") if e.name == "settings"]
    assert installed and installed[0].load().__name__ == "monitor.settings"
