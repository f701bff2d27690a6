"""The sources file: which outlets to crawl, how, and how often.

A sources file is TOML with one ``[[source]]`` table per outlet::

    [defaults]
    interval = "30m"
    revisit_days = 3

    [[source]]
    name = "civilnet"
    kind = "feed"                 # feed | sitemap | listing
    start_urls = ["https://www.civilnet.am/en/feed/"]
    allowed_domains = ["civilnet.am"]
    interval = "20m"              # or: cron = "*/20 * * * *"

Every problem is reported as :class:`SourcesError` naming the file and the key,
so a typo never turns into a silent default.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from datetime import timedelta
from importlib import resources
from pathlib import Path
from typing import Any

from monitor.language import normalise_language

KINDS = ("feed", "sitemap", "listing")
SELECTOR_KEYS = ("headline", "standfirst", "body", "published_at", "authors", "related")
_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_DURATION_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|d)\s*$")
_UNIT_SECONDS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "d": 86400}
_SOURCE_KEYS = {
    "name", "kind", "start_urls", "allowed_domains", "interval", "cron", "jitter",
    "article_pattern", "selectors", "revisit_days", "enabled", "language", "notes",
    "sitemap_from_robots",
    "allow_private_hosts",
}
_DEFAULT_KEYS = {"interval", "cron", "jitter", "revisit_days"}

DEFAULT_SOURCES_NAME = "sources.toml"

#: Sane bounds: a schedule beyond these is a typo (and "999999999d" overflowed the scheduler).
MAX_INTERVAL = timedelta(days=366)
MAX_JITTER = timedelta(days=1)
MAX_REVISIT_DAYS = 3660
MAX_DURATION_SECONDS = 100 * 366 * 86400.0
_HOST_RE = re.compile(r"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.?$")


class SourcesError(ValueError):
    """A sources file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Source:
    name: str
    kind: str
    start_urls: tuple[str, ...]
    allowed_domains: tuple[str, ...] = ()
    interval: timedelta | None = None
    cron: str | None = None
    jitter: timedelta = timedelta(0)
    article_pattern: str | None = None
    selectors: dict[str, str] = field(default_factory=dict)
    revisit_days: float = 3.0
    enabled: bool = True
    language: str | None = None          # "ru", "hy", "az", "en": the prior of language identification
    sitemap_from_robots: bool = False  # sitemap sources: also crawl the sitemaps robots.txt names
    # hosts besides its start-URL hosts this source may fetch from on private addresses (monitor.netguard)
    allow_private_hosts: tuple[str, ...] = ()

    @property
    def schedule_text(self) -> str:
        if self.cron:
            return f"cron {self.cron}"
        assert self.interval is not None
        return f"every {format_duration(self.interval)}"


def parse_duration(value: Any, where: str) -> timedelta:
    """``"90s"``, ``"30m"``, ``"2h"``, ``"1d"`` or a number of seconds."""
    if isinstance(value, bool):
        raise SourcesError(f"{where}: expected a duration like '30m', got {value!r}")
    if isinstance(value, (int, float)):
        seconds = float(value)
    else:
        match = _DURATION_RE.match(str(value))
        if not match:
            raise SourcesError(f"{where}: expected a duration like '45s', '30m', '2h' or '1d', got {value!r}")
        seconds = float(match.group(1)) * _UNIT_SECONDS[match.group(2)]
    if seconds < 0:
        raise SourcesError(f"{where}: a duration cannot be negative")
    if not seconds < MAX_DURATION_SECONDS:  # also inf and nan
        raise SourcesError(f"{where}: {value!r} is far too long (at most {format_duration(MAX_INTERVAL)})")
    return timedelta(seconds=seconds)


def format_duration(delta: timedelta) -> str:
    seconds = delta.total_seconds()
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{int(seconds // size)}{unit}"
    return f"{seconds:g}s"


def _check_cron(expr: Any, where: str) -> str:
    from apscheduler.triggers.cron import CronTrigger

    if not isinstance(expr, str):
        raise SourcesError(f"{where}: expected a cron expression string, got {expr!r}")
    try:
        trigger = CronTrigger.from_crontab(expr, timezone="UTC")
    except (ValueError, TypeError) as exc:
        raise SourcesError(f"{where}: invalid cron expression {expr!r} ({exc})") from None
    from datetime import datetime, timezone

    if trigger.get_next_fire_time(None, datetime.now(timezone.utc)) is None:
        raise SourcesError(f"{where}: cron expression {expr!r} never fires")
    return expr


def _check_url(url: str, where: str) -> None:
    """An absolute http(s) URL with a valid host and port and no spaces or control characters."""
    from urllib.parse import urlsplit

    bad = next((c for c in url if c.isspace() or ord(c) < 32 or ord(c) == 127), None)
    if bad is not None:
        raise SourcesError(f"{where}: {url!r} contains {'a space' if bad == ' ' else repr(bad)}; "
                           "percent-encode it (%20) or remove it")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise SourcesError(f"{where}: not a valid URL: {url!r} ({exc})") from None
    if parts.scheme not in ("http", "https"):
        raise SourcesError(f"{where}: not an http(s) URL: {url!r}")
    host = parts.hostname or ""
    if not host:
        raise SourcesError(f"{where}: no host in {url!r}")
    if not (_HOST_RE.match(host) or _is_ip(host)):
        raise SourcesError(f"{where}: invalid host {host!r} in {url!r}")
    if port == 0:
        raise SourcesError(f"{where}: invalid port 0 in {url!r}")


def _is_ip(host: str) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _check_bound(value: timedelta, limit: timedelta, where: str, raw: Any) -> None:
    if value > limit:
        raise SourcesError(f"{where}: at most {format_duration(limit)}, got {raw!r}")


def require_enabled(sources: list[Source], path: str | None, names: Any = None) -> None:
    """``crawl`` and ``schedule`` with nothing to do are an error, in one line."""
    if not sources:
        where = path or f"<default {DEFAULT_SOURCES_NAME}>"
        raise SourcesError(f"{where}: no enabled sources (set enabled = true on one, or name sources to run)")


def _str_list(value: Any, where: str, *, required: bool) -> tuple[str, ...]:
    if value is None:
        if required:
            raise SourcesError(f"{where}: missing (a list of strings)")
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise SourcesError(f"{where}: expected a list of non-empty strings, got {value!r}")
    if required and not value:
        raise SourcesError(f"{where}: must list at least one URL")
    return tuple(v.strip() for v in value)


def _build_source(raw: Any, index: int, defaults: dict[str, Any], path: str) -> Source:
    where = f"{path}: source[{index}]"
    if not isinstance(raw, dict):
        raise SourcesError(f"{where}: expected a table")
    name = raw.get("name")
    if not isinstance(name, str) or not _NAME_RE.match(name):
        raise SourcesError(f"{where}.name: expected a lower-case name of letters, digits, '-' or '_', got {name!r}")
    where = f"{path}: source '{name}'"
    unknown = sorted(set(raw) - _SOURCE_KEYS)
    if unknown:
        raise SourcesError(f"{where}: unknown key {unknown[0]!r} (known: {', '.join(sorted(_SOURCE_KEYS))})")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise SourcesError(f"{where}.kind: expected one of {', '.join(KINDS)}, got {kind!r}")
    start_urls = _str_list(raw.get("start_urls"), f"{where}.start_urls", required=True)
    for url in start_urls:
        _check_url(url, f"{where}.start_urls")
    allowed = _str_list(raw.get("allowed_domains"), f"{where}.allowed_domains", required=False)
    for domain in allowed:
        if not re.match(r"^[A-Za-z0-9.-]+$", domain) or domain.startswith(".") or ".." in domain:
            raise SourcesError(f"{where}.allowed_domains: expected a bare domain like 'example.com' "
                               f"(no scheme, path or port), got {domain!r}")

    merged = {k: defaults[k] for k in _DEFAULT_KEYS if k in defaults}
    if "interval" in raw or "cron" in raw:
        merged.pop("interval", None)
        merged.pop("cron", None)
    merged.update({k: raw[k] for k in _DEFAULT_KEYS if k in raw})
    if "interval" in merged and "cron" in merged:
        raise SourcesError(f"{where}: give either 'interval' or 'cron', not both")
    interval = cron = None
    if "cron" in merged:
        cron = _check_cron(merged["cron"], f"{where}.cron")
    else:
        interval = parse_duration(merged.get("interval", "30m"), f"{where}.interval")
        if interval.total_seconds() < 1:
            raise SourcesError(f"{where}.interval: must be at least 1 second")
        _check_bound(interval, MAX_INTERVAL, f"{where}.interval", merged.get("interval"))
    jitter = parse_duration(merged.get("jitter", 0), f"{where}.jitter")
    _check_bound(jitter, MAX_JITTER, f"{where}.jitter", merged.get("jitter"))
    revisit = merged.get("revisit_days", 3)
    if isinstance(revisit, bool) or not isinstance(revisit, (int, float)) or revisit < 0:
        raise SourcesError(f"{where}.revisit_days: expected a non-negative number, got {revisit!r}")
    if revisit > MAX_REVISIT_DAYS:
        raise SourcesError(f"{where}.revisit_days: at most {MAX_REVISIT_DAYS}, got {revisit!r}")

    pattern = raw.get("article_pattern")
    if pattern is not None:
        if not isinstance(pattern, str):
            raise SourcesError(f"{where}.article_pattern: expected a regular expression string")
        try:
            re.compile(pattern)
        except re.error as exc:
            raise SourcesError(f"{where}.article_pattern: invalid regular expression ({exc})") from None
    if kind == "listing" and not pattern:
        raise SourcesError(f"{where}.article_pattern: required for kind 'listing'")

    selectors = raw.get("selectors", {})
    if not isinstance(selectors, dict):
        raise SourcesError(f"{where}.selectors: expected a table of CSS selectors")
    for key, css in selectors.items():
        if key not in SELECTOR_KEYS:
            raise SourcesError(f"{where}.selectors.{key}: unknown selector (known: {', '.join(SELECTOR_KEYS)})")
        if not isinstance(css, str) or not css.strip():
            raise SourcesError(f"{where}.selectors.{key}: expected a CSS selector string")
        _check_css(css, f"{where}.selectors.{key}")
    enabled = raw.get("enabled", True)
    if not isinstance(enabled, bool):
        raise SourcesError(f"{where}.enabled: expected true or false")
    language = raw.get("language")
    if language is not None and normalise_language(language) is None:
        raise SourcesError(f"{where}.language: expected a language code such as 'ru' or 'hy-AM', got {language!r}")
    from_robots = raw.get("sitemap_from_robots", False)
    if not isinstance(from_robots, bool):
        raise SourcesError(f"{where}.sitemap_from_robots: expected true or false")
    if from_robots and kind != "sitemap":
        raise SourcesError(f"{where}.sitemap_from_robots: only for kind 'sitemap', not {kind!r}")
    return Source(
        name=name, kind=kind, start_urls=start_urls, allowed_domains=allowed,
        interval=interval, cron=cron, jitter=jitter, article_pattern=pattern,
        selectors=dict(selectors), revisit_days=float(revisit), enabled=enabled,
        language=normalise_language(language),
        sitemap_from_robots=from_robots,
        allow_private_hosts=_private_hosts(raw, where),
    )


def _private_hosts(raw: dict[str, Any], where: str) -> tuple[str, ...]:
    hosts = _str_list(raw.get("allow_private_hosts"), f"{where}.allow_private_hosts", required=False)
    for host in hosts:
        if not re.match(r"^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.:-]+)$", host) or "/" in host:
            raise SourcesError(f"{where}.allow_private_hosts: expected a bare host name or IP address like "
                               f"'intranet.example' or '10.0.0.5' (no scheme, path or port), got {host!r}")
    return tuple(h.strip("[]").lower() for h in hosts)


def _check_css(css: str, where: str) -> None:
    from parsel import Selector

    try:
        Selector(text="<html></html>").css(css)
    except Exception as exc:  # cssselect raises several error types
        raise SourcesError(f"{where}: invalid CSS selector {css!r} ({exc})") from None


def parse_sources(text: str, path: str = "<sources>") -> list[Source]:
    """Parse and validate the TOML text of a sources file."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SourcesError(f"{path}: not valid TOML ({exc})") from None
    unknown = sorted(set(data) - {"source", "defaults"})
    if unknown:
        raise SourcesError(f"{path}: unknown top-level key {unknown[0]!r} (expected [[source]] tables and [defaults])")
    defaults = data.get("defaults", {})
    if not isinstance(defaults, dict):
        raise SourcesError(f"{path}: defaults: expected a table")
    bad = sorted(set(defaults) - _DEFAULT_KEYS)
    if bad:
        raise SourcesError(f"{path}: defaults.{bad[0]}: unknown key (known: {', '.join(sorted(_DEFAULT_KEYS))})")
    raw_sources = data.get("source")
    if not isinstance(raw_sources, list) or not raw_sources:
        raise SourcesError(f"{path}: source: no [[source]] tables found")
    sources = [_build_source(raw, i, defaults, path) for i, raw in enumerate(raw_sources)]
    seen: set[str] = set()
    for src in sources:
        if src.name in seen:
            raise SourcesError(f"{path}: source '{src.name}'.name: defined twice")
        seen.add(src.name)
    return sources


def default_sources_text() -> str:
    return resources.files("monitor").joinpath(DEFAULT_SOURCES_NAME).read_text(encoding="utf-8")


def resolve_sources_path(explicit: str | os.PathLike[str] | None = None) -> str | None:
    """The user's sources file: ``--sources``, else ``$MONITOR_SOURCES``, else None (the packaged default)."""
    if explicit:
        return os.fspath(explicit)
    return os.environ.get("MONITOR_SOURCES") or None


def load_sources(path: str | os.PathLike[str] | None = None) -> list[Source]:
    """Load the sources file at ``path`` (or the packaged default when None)."""
    if path is None:
        return parse_sources(default_sources_text(), f"<default {DEFAULT_SOURCES_NAME}>")
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SourcesError(f"{p}: sources file not found") from None
    except UnicodeDecodeError as exc:
        raise SourcesError(f"{p}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise SourcesError(f"{p}: cannot read sources file ({exc.strerror})") from None
    return parse_sources(text, str(p))


def select_sources(sources: list[Source], names: list[str] | tuple[str, ...] | None) -> list[Source]:
    """The enabled sources, or the named ones (unknown names are an error)."""
    if not names:
        return [s for s in sources if s.enabled]
    by_name = {s.name: s for s in sources}
    missing = [n for n in names if n not in by_name]
    if missing:
        raise SourcesError(f"unknown source {missing[0]!r} (known: {', '.join(by_name)})")
    return [by_name[n] for n in names]
