"""Alert messages from Jinja2 templates: one default per rule and channel kind, overridable.

A channel asks :meth:`Renderer.render` for an alert's ``title`` and ``body`` in its kind:

* ``log`` — one line (the log channel);
* ``text`` — a title and a few lines for people (Apprise: mail, chat, Telegram);
* ``webhook`` — the one-line ``text`` field added to the JSON documents of ``webhook`` and ``jsonl``;
* ``digest`` — one line per alert inside a digest (:mod:`monitor.digest`).

Rules are the alert kinds (``casualty_change``, ``story_toll``, ``headline_change``, health kinds
such as ``source_silent``); a kind without its own template uses the ``default`` one. Overrides
come from ``MONITOR_ALERT_TEMPLATES``, the path of a TOML file::

    [casualty_change.text]
    title = "{{ what }}: {{ old }} → {{ new }}"
    body = "{{ difference_text }} ({{ claimant }}) {{ url }}"

    [default.log]
    body = "ALERT {{ kind }}: {{ message }}"

Every template sees the alert's stored columns (``kind``, ``figure_key``, ``old_value``,
``new_value``, ``message``, ``url``, ``story_id``, …) and: ``what`` (the figure in words), ``old``,
``new``, ``difference`` (an int, or None when a value is not a number), ``difference_text``
(``+21``, ``-3``), ``claimant`` (``claimed by Armenia``), ``evidence`` (list of sentences),
``history_url`` and ``story_url`` (links into the desk when ``MONITOR_DESK_URL`` is set — the database's
page, e.g. ``http://desk.example:8001/monitor`` — else None). Templates are sandboxed (Jinja2's ``SandboxedEnvironment``) and autoescape nothing: the
output is plain text.
"""

from __future__ import annotations

import json
import re
import tomllib
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

KINDS = ("log", "text", "webhook", "digest")

_EVIDENCE = '{% if evidence %} Evidence: "{{ evidence[0] }}"{% endif %}'
_LINKS = "{% if history_url %}\nHistory: {{ history_url }}{% endif %}{% if story_url %}\nStory: {{ story_url }}{% endif %}"

#: (rule, kind) -> {"title": ..., "body": ...}; ("default", kind) covers every other rule.
DEFAULTS: dict[tuple[str, str], dict[str, str]] = {
    ("casualty_change", "log"): {"body": "ALERT [casualty_change] {{ message }}"},
    ("casualty_change", "text"): {
        "title": "[monitor] {{ what }}: {{ old }} → {{ new }}",
        "body": "Casualty figure changed: {{ what }} {{ old }} → {{ new }} ({{ difference_text }}), {{ claimant }}.\n"
                "{{ url }}{% for s in evidence %}\n> {{ s }}{% endfor %}" + _LINKS},
    ("casualty_change", "webhook"): {"body": "{{ what }} {{ old }} → {{ new }} ({{ difference_text }}),"
                                             " {{ claimant }}" + _EVIDENCE},
    ("casualty_change", "digest"): {"body": "{{ what }} {{ old }} → {{ new }} ({{ difference_text }}),"
                                            " {{ claimant }} <{{ url }}>"},
    ("story_toll", "log"): {"body": "ALERT [story_toll] {{ message }}"},
    ("story_toll", "text"): {
        "title": "[monitor] story toll rose: {{ what }} {{ old }} → {{ new }}",
        "body": "Story toll rose: {{ what }} {{ old }} → {{ new }} ({{ difference_text }}), {{ claimant }}.\n"
                "{{ url }}{% for s in evidence %}\n> {{ s }}{% endfor %}" + _LINKS},
    ("story_toll", "webhook"): {"body": "story toll rose: {{ what }} {{ old }} → {{ new }} ({{ difference_text }}),"
                                        " {{ claimant }}" + _EVIDENCE},
    ("story_toll", "digest"): {"body": "story toll rose: {{ what }} {{ old }} → {{ new }}"
                                       " ({{ difference_text }}), {{ claimant }} <{{ url }}>"},
    ("default", "log"): {"body": "ALERT [{{ kind }}] {{ message }}"},
    ("default", "text"): {"title": "[monitor] {{ kind | replace('_', ' ') }}", "body": "{{ message }}" + _LINKS},
    ("default", "webhook"): {"body": "{{ message }}"},
    ("default", "digest"): {"body": "{{ kind | replace('_', ' ') }}: {{ message }}"},
}

_NUMBER = re.compile(r"-?\d[\d,]*")


@dataclass(frozen=True)
class Rendered:
    title: str
    body: str


def _count(value: Any) -> int | None:
    """The leading number of a value as people read it: ``at least 49`` → 49, ``100-120`` → 100."""
    match = _NUMBER.search(str(value or ""))
    return int(match.group().replace(",", "")) if match else None


def context(alert: Mapping[str, Any], desk_url: str | None = None) -> dict[str, Any]:
    """What a template sees (see the module doc)."""
    from monitor.alerts import claimant_phrase, describe_key

    ctx = {k: v for k, v in alert.items()}
    key = alert.get("figure_key") or ""
    ctx["what"] = describe_key(key) if key.count("|") >= 2 else key
    ctx["old"], ctx["new"] = alert.get("old_value") or "", alert.get("new_value") or ""
    old, new = _count(ctx["old"]), _count(ctx["new"])
    ctx["difference"] = new - old if old is not None and new is not None else None
    ctx["difference_text"] = ("n/a" if ctx["difference"] is None else f"{ctx['difference']:+d}")
    ctx["claimant"] = claimant_phrase(alert.get("figure_claimed_by") or "unknown")
    evidence = alert.get("evidence")
    ctx["evidence"] = json.loads(evidence) if isinstance(evidence, str) and evidence else list(evidence or [])
    ctx["history_url"] = ctx["story_url"] = None
    if desk_url:
        base = desk_url.rstrip("/")
        if alert.get("article_id") is not None:
            ctx["history_url"] = f"{base}/article_history?article={quote(alert['article_id'])}"
        if alert.get("story_id") is not None:
            ctx["story_url"] = f"{base}/story?story={quote(alert['story_id'])}"
    return ctx


@dataclass
class Renderer:
    """Renders alerts with the defaults, then the ``overrides`` ((rule, kind) -> title/body)."""

    overrides: Mapping[tuple[str, str], Mapping[str, str]] = field(default_factory=dict)
    desk_url: str | None = None

    def __post_init__(self) -> None:
        self._env = SandboxedEnvironment(autoescape=False, undefined=StrictUndefined, keep_trailing_newline=False)
        self._compiled: dict[tuple[str, str, str], Any] = {}
        for (rule, kind), parts in self.overrides.items():  # fail at start-up, not on the first alert
            if kind not in KINDS:
                raise ValueError(f"alert template [{rule}.{kind}]: unknown channel kind (use {', '.join(KINDS)})")
            for part, source in parts.items():
                if part not in ("title", "body"):
                    raise ValueError(f"alert template [{rule}.{kind}]: unknown part {part!r} (title, body)")
                try:
                    self._compiled[(rule, kind, part)] = self._env.from_string(source)
                except TemplateError as exc:
                    raise ValueError(f"alert template [{rule}.{kind}].{part}: {exc}") from None

    @classmethod
    def from_settings(cls, settings: Any) -> "Renderer":
        path = settings.get("MONITOR_ALERT_TEMPLATES") or ""
        return cls(load_overrides(path) if path else {}, desk_url=settings.get("MONITOR_DESK_URL") or None)

    def _template(self, rule: str, kind: str, part: str) -> Any | None:
        for r in (rule, "default"):
            if (r, kind, part) in self._compiled:
                return self._compiled[(r, kind, part)]
            source = (self.overrides.get((r, kind)) or {}).get(part) or DEFAULTS.get((r, kind), {}).get(part)
            if source:
                return self._compiled.setdefault((r, kind, part), self._env.from_string(source))
        return None

    def render(self, alert: Mapping[str, Any], kind: str) -> Rendered:
        if kind not in KINDS:
            raise ValueError(f"unknown channel kind {kind!r}")
        ctx = context(alert, self.desk_url)
        rule = str(alert.get("kind") or "default")
        title = self._template(rule, kind, "title")
        body = self._template(rule, kind, "body")
        return Rendered(title=title.render(ctx).strip() if title else "",
                        body=body.render(ctx).strip() if body else str(alert.get("message") or ""))


def load_overrides(path: str | Path) -> dict[tuple[str, str], dict[str, str]]:
    """``[rule.kind]`` tables with ``title``/``body`` strings from a TOML file."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValueError(f"cannot read MONITOR_ALERT_TEMPLATES {path}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"MONITOR_ALERT_TEMPLATES {path}: {exc}") from None
    out: dict[tuple[str, str], dict[str, str]] = {}
    for rule, kinds in data.items():
        if not isinstance(kinds, dict):
            raise ValueError(f"MONITOR_ALERT_TEMPLATES {path}: [{rule}] must hold [{rule}.KIND] tables")
        for kind, parts in kinds.items():
            if not isinstance(parts, dict) or not all(isinstance(v, str) for v in parts.values()):
                raise ValueError(f"MONITOR_ALERT_TEMPLATES {path}: [{rule}.{kind}] needs title/body strings")
            out[(rule, kind)] = dict(parts)
    return out


DEFAULT_RENDERER = Renderer()


def quote(value: Any) -> str:
    return urllib.parse.quote(str(value), safe="")
