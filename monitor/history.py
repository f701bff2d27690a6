"""``monitor history URL``: an article's versions with what changed, as data and as text."""

from __future__ import annotations

import json
from typing import Any

from monitor.diffing import figure_value
from monitor.urls import canonical_url

RESET, BOLD, RED, GREEN, CYAN, DIM = "\x1b[0m", "\x1b[1m", "\x1b[31m", "\x1b[32m", "\x1b[36m", "\x1b[2m"


def article_history(store: Any, url: str) -> dict[str, Any] | None:
    """The article stored under ``url`` (any URL that canonicalises to it, or a known duplicate) and its versions."""
    key = canonical_url(url)
    article = store.article_by_canonical(key)
    if article is None:
        dup = store.duplicate_by_canonical(key)
        if dup is None:
            return None
        article = store.article_by_id(dup["article_id"])
        if article is None:
            return None
    versions = []
    for row in store.versions_of(article["id"]):
        figures = store.version_figures(row["id"])
        versions.append({
            "version": row["version"], "fetched_at": row["fetched_at"], "url": row["url"],
            "headline": row["headline"], "content_hash": row["content_hash"],
            "extractor_version": row["extractor_version"],
            "changed_fields": json.loads(row["changed_fields"] or "[]"),
            "changes": json.loads(row["changes"] or "{}"),
            "body_diff": row["body_diff"] or "",
            "casualty_figures": [
                {k: f[k] for k in ("count", "count_high", "qualifier", "category", "side", "victims", "sentence")}
                for f in figures],
        })
    duplicates = list(store.iter_rows(
        "select url, source, reason, similarity, first_seen_at from duplicates where article_id = ? order by id",
        (article["id"],)))
    alerts = list(store.iter_rows(
        "select a.kind, a.figure_key, a.old_value, a.new_value, a.created_at, a.delivered_at, v.version "
        "from alerts a left join versions v on v.id = a.version_id where a.article_id = ? order by a.id",
        (article["id"],)))
    story = None
    if article.get("story_id") is not None:
        story = store._one("select id, title, articles from stories where id = ?", (article["story_id"],))
    return {
        "article": {k: article[k] for k in ("id", "canonical_url", "url", "source", "headline", "published_at",
                                            "modified_at", "first_seen_at", "last_checked_at", "current_version")},
        "versions": versions,
        "duplicates": duplicates,
        "alerts": alerts,
        "story": story,
    }


def render_history(history: dict[str, Any], *, color: bool = False) -> str:
    def c(code: str, text: str) -> str:
        return f"{code}{text}{RESET}" if color else text

    art = history["article"]
    lines = [c(BOLD, art["headline"] or art["url"]), f"{art['canonical_url']}  (source {art['source']}, "
             f"{len(history['versions'])} version(s), first seen {art['first_seen_at']})"]
    if history.get("story"):
        st = history["story"]
        lines.append(f"story #{st['id']}: {st['title']} ({st['articles']} article(s))")
    for dup in history["duplicates"]:
        lines.append(c(DIM, f"  duplicate: {dup['url']} ({dup['source']}, {dup['reason']})"))
    for v in history["versions"]:
        lines.append("")
        lines.append(c(CYAN, f"version {v['version']}  fetched {v['fetched_at']}  changed: {', '.join(v['changed_fields'])}"))
        changes = v["changes"]
        for name in ("headline", "standfirst", "published_at", "modified_at"):
            if name in changes:
                lines.append(f"  {name}: " + c(RED, f"{changes[name]['old']}") + " → " + c(GREEN, f"{changes[name]['new']}"))
        figs = changes.get("casualty_figures") or {}
        for ch in figs.get("changed", []):
            lines.append(f"  figure {ch['key']}: " + c(RED, ch["old"]) + " → " + c(GREEN, ch["new"]))
        for ch in figs.get("added", []):
            lines.append(c(GREEN, f"  figure added {ch['key']}: {ch['new']}"))
        for ch in figs.get("removed", []):
            lines.append(c(RED, f"  figure removed {ch['key']}: {ch['old']}"))
        if v["version"] == 1:
            for f in v["casualty_figures"]:
                lines.append(f"  figure {f['category']}|{f['side']}|{f['victims']}: {figure_value(f)}")
        for alert in [a for a in history.get("alerts", []) if a["version"] == v["version"]]:
            state = "delivered" if alert["delivered_at"] else "queued"
            lines.append(c(BOLD, f"  alert {alert['kind']} {alert['figure_key']}: {alert['old_value']} → "
                                 f"{alert['new_value']} ({state})"))
        for line in v["body_diff"].splitlines():
            if line.startswith(("---", "+++")):
                lines.append(c(BOLD, "  " + line))
            elif line.startswith("+"):
                lines.append(c(GREEN, "  " + line))
            elif line.startswith("-"):
                lines.append(c(RED, "  " + line))
            elif line.startswith("@@"):
                lines.append(c(CYAN, "  " + line))
            else:
                lines.append("  " + line)
    return "\n".join(lines) + "\n"
