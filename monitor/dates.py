"""Date parsing for feeds and sitemaps (python-dateutil): always timezone-aware, UTC when unsaid."""

from __future__ import annotations

from datetime import datetime, timezone

from dateutil import parser as _parser


def parse_datetime(value: str | None) -> datetime | None:
    """Parse ISO 8601 / RFC 822 text to an aware datetime; ``None`` when it cannot be read.

    >>> parse_datetime("2022-09-14T08:00:00+04:00").isoformat()
    '2022-09-14T08:00:00+04:00'
    >>> parse_datetime("Wed, 14 Sep 2022 04:00:00 GMT").isoformat()
    '2022-09-14T04:00:00+00:00'
    >>> parse_datetime("2022-09-14").isoformat()
    '2022-09-14T00:00:00+00:00'
    >>> parse_datetime("not a date") is None
    True
    """
    if not value or not value.strip():
        return None
    try:
        parsed = _parser.parse(value.strip())
    except (ValueError, OverflowError, TypeError):
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed
