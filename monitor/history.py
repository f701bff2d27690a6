"""``monitor history URL``: an article's versions with what changed, as data and as text."""

from __future__ import annotations

import json
from typing import Any

from monitor.claims import CLAIMANT_TEXT, claim_of, figure_key
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
                dict({k: f[k] for k in ("count", "count_high", "qualifier", "category", "side", "victims", "sentence")},
                     claimed_by=claim_of(f)[0], background=claim_of(f)[1])
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
        # the story-title rule of storage/views.py (article_stories.story_headline), as everywhere
        story = store._one("select st.id, s.story_headline as title, st.articles from stories st"
                           " join article_stories s on s.story_id = st.id and s.article_id = ?"
                           " where st.id = ?", (article["id"], article["story_id"]))
    return {
        "article": {k: article[k] for k in ("id", "canonical_url", "url", "source", "headline", "published_at",
                                            "modified_at", "first_seen_at", "last_checked_at", "current_version")},
        "versions": versions,
        "duplicates": duplicates,
        "alerts": alerts,
        "story": story,
    }


def claim_note(claimed_by: str | None, background: bool = False, old_claimed_by: str | None = None) -> str:
    """`` (claimed by Armenia)``, `` (background)``, `` (claimed by: Armenia → Azerbaijan)``; empty for an
    unknown claimant of a current figure.

    >>> claim_note("azerbaijan", True)
    ' (claimed by Azerbaijan, background)'
    """
    def text(c: str | None) -> str:
        return CLAIMANT_TEXT.get(c or "unknown", c or "unknown")

    notes = []
    if old_claimed_by is not None and old_claimed_by != claimed_by:
        notes.append(f"claimed by: {text(old_claimed_by)} → {text(claimed_by)}")
    elif claimed_by and claimed_by != "unknown":
        notes.append(f"claimed by {text(claimed_by)}")
    if background:
        notes.append("background")
    return f" ({', '.join(notes)})" if notes else ""


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
            note = claim_note(ch.get("new_claimed_by"), ch.get("background", False), ch.get("old_claimed_by"))
            lines.append(f"  figure {ch['key']}: " + c(RED, ch["old"]) + " → " + c(GREEN, ch["new"]) + note)
        for ch in figs.get("added", []):
            lines.append(c(GREEN, f"  figure added {ch['key']}: {ch['new']}"
                                  f"{claim_note(ch.get('claimed_by'), ch.get('background', False))}"))
        for ch in figs.get("removed", []):
            lines.append(c(RED, f"  figure removed {ch['key']}: {ch['old']}"
                                f"{claim_note(ch.get('claimed_by'), ch.get('background', False))}"))
        if v["version"] == 1:
            for f in v["casualty_figures"]:
                claimed, background = claim_of(f)
                lines.append(f"  figure {figure_key(f)}: {figure_value(f)}{claim_note(claimed, background)}")
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
