"""The revisit policy: which known URLs to fetch again, and when.

An article is checked again when the time since its last check is at least a fraction
(``MONITOR_REVISIT_RATIO``) of its age, where age counts from when the monitor first saw
it; after ``revisit_days`` it is not fetched again. A fresh article is re-checked on every
run, an article a day old every few hours (diffengine's rule)::

    >>> from datetime import datetime, timedelta, timezone
    >>> now = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)
    >>> first_seen = now - timedelta(hours=10)
    >>> revisit_due(first_seen, now - timedelta(hours=1), now, ratio=0.2, max_age=timedelta(days=3))
    False
    >>> revisit_due(first_seen, now - timedelta(hours=2), now, ratio=0.2, max_age=timedelta(days=3))
    True
    >>> revisit_due(now - timedelta(days=4), now - timedelta(days=2), now, ratio=0.2, max_age=timedelta(days=3))
    False

New URLs are always fetched; this module only decides about URLs fetched before.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

DEFAULT_RATIO = 0.2


def parse_time(value: str | datetime | None) -> datetime | None:
    """An ISO 8601 time from the database (naive times are UTC); None when missing or unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        when = value
    else:
        try:
            when = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            return None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def revisit_due(first_seen: str | datetime | None, last_checked: str | datetime | None, now: datetime, *,
                ratio: float, max_age: timedelta) -> bool:
    """True when a URL first seen at ``first_seen`` and last checked at ``last_checked`` should be fetched now.

    ``(now - last_checked) >= ratio * (now - first_seen)``, and never once ``now - first_seen``
    exceeds ``max_age``. An unknown first-seen time counts as "now" (fresh); an unknown last
    check makes it due.
    """
    first = parse_time(first_seen) or now
    age = (now - first).total_seconds()
    if age > max_age.total_seconds():
        return False
    last = parse_time(last_checked)
    if last is None:
        return True
    since = (now - last).total_seconds()
    return since >= ratio * max(age, 0.0)


@dataclass(frozen=True)
class RevisitPolicy:
    """The policy of one source: ratio, horizon and whether revisits happen at all."""

    ratio: float = DEFAULT_RATIO
    max_age: timedelta = timedelta(days=3)
    enabled: bool = True

    def due(self, first_seen: str | datetime | None, last_checked: str | datetime | None,
            now: datetime | None = None) -> bool:
        if not self.enabled or self.max_age.total_seconds() <= 0:
            return False
        return revisit_due(first_seen, last_checked, now or datetime.now(timezone.utc),
                           ratio=self.ratio, max_age=self.max_age)
