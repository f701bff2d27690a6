"""The JSON messages of the distributed mode (plain JSON: no Python objects cross Redis).

A **request** (writer → workers, stream ``PREFIX:requests``)::

    {"id", "url", "source", "role": "index"|"article", "kind": "feed"|"sitemap"|"listing",
     "revisit": bool, "etag", "last_modified",          # the validators the store holds
     "pattern", "selectors", "horizon"}                  # what parsing needs of the source

A **result** (workers → writer, stream ``PREFIX:results``)::

    {"type": "index"|"article"|"not_modified"|"skipped"|"error", "request": {...}, "url", "status",
     "etag", "last_modified", "links": [...], "children": [...], "article": {...}, "error": str}

``article`` is exactly what :func:`monitor.parsing.parse_article_page` returns.
"""

from __future__ import annotations

import json
import uuid
from typing import Any, Mapping

FIELD = "m"  # each stream entry has one field holding the JSON text


def encode(message: Mapping[str, Any]) -> dict[str, str]:
    return {FIELD: json.dumps(message, ensure_ascii=False, separators=(",", ":"))}


def decode(fields: Mapping[str, Any]) -> dict[str, Any]:
    raw = fields.get(FIELD)
    if raw is None:
        raise ValueError("stream entry without a message")
    value = json.loads(raw)
    if not isinstance(value, dict):
        raise ValueError("message is not a JSON object")
    return value


def allowed_hosts_of(source: Any) -> set[str]:
    from monitor.netguard import allowed_hosts_of as hosts

    return hosts(source)


def request_message(url: str, source: Any, role: str, *, revisit: bool = False,
                    validators: Mapping[str, Any] | None = None, horizon: str | None = None) -> dict[str, Any]:
    """A request for ``url`` of ``source`` (a :class:`monitor.sources.Source`)."""
    validators = validators or {}
    return {
        "id": uuid.uuid4().hex, "url": url, "source": source.name, "role": role, "kind": source.kind,
        "revisit": bool(revisit), "etag": validators.get("etag"), "last_modified": validators.get("last_modified"),
        "pattern": source.article_pattern, "selectors": dict(source.selectors) if source.selectors else None,
        "horizon": horizon,
        # the hosts this source may fetch from on private addresses (monitor.netguard): a worker has no
        # sources file, so the writer says which
        "private_hosts": sorted(allowed_hosts_of(source)),
    }


def result_message(kind: str, request: Mapping[str, Any], **fields: Any) -> dict[str, Any]:
    return {"type": kind, "request": dict(request), **fields}
