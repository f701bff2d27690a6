"""Date strings → timezone-aware ISO 8601 strings."""

from __future__ import annotations

import re
import warnings
from datetime import datetime, timedelta, timezone

from dateutil import parser as dateparser

_EPOCH = re.compile(r"^\d{10}(\d{3})?$")
_TZINFOS = {name: timezone(timedelta(hours=h)) for name, h in {
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
    "GMT": 0, "UTC": 0, "BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "MSK": 3,
    "AMT": 4, "AZT": 4, "TRT": 3, "IST": 5.5, "JST": 9}.items()}


def _parse_full_date(text: str) -> datetime | None:
    """dateutil's reading of ``text``, or ``None`` when it lacks a year, month or day.

    Parsed twice with different defaults: a field the string does not give takes the default,
    so the two readings differ in the date exactly when the string is missing part of it
    ("Sept 14", "10:30"). A missing time is fine (midnight).
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        one = dateparser.parse(text, default=datetime(2000, 1, 1), tzinfos=_TZINFOS)
        if one.year != 2000 and one.month != 1 and one.day != 1:
            return one  # no field took its default
        two = dateparser.parse(text, default=datetime(2001, 2, 2), tzinfos=_TZINFOS)
    return one if one.date() == two.date() else None


def normalize_date(value: object) -> str | None:
    """Return ``value`` as an ISO 8601 string with a UTC offset, or ``None``.

    Pages that give a naive time (no offset) are assumed to be in **UTC**: the result then
    carries ``+00:00``. A bare date becomes midnight UTC. Unparseable or implausible values
    (before 1990, more than a year in the future) give ``None``, and so does a string without
    a full date: no year or day is ever made up.

    >>> normalize_date("2022-09-15T08:10:00+04:00")
    '2022-09-15T08:10:00+04:00'
    >>> normalize_date("2022-09-15 08:10")
    '2022-09-15T08:10:00+00:00'
    >>> normalize_date("not a date") is None
    True
    >>> normalize_date("10:30") is None, normalize_date("Sept 14") is None
    (True, True)
    """
    if value is None:
        return None
    if isinstance(value, list):
        for item in value:
            out = normalize_date(item)
            if out:
                return out
        return None
    if isinstance(value, dict):
        return normalize_date(value.get("@value") or value.get("value"))
    text = str(value).strip()
    if not text or len(text) > 80:
        return None
    try:
        if _EPOCH.match(text):
            num = int(text)
            dt = datetime.fromtimestamp(num / 1000 if num > 10**11 else num, tz=timezone.utc)
        else:
            dt = _parse_full_date(text)
    except (ValueError, OverflowError, TypeError, dateparser.ParserError):
        return None
    if dt is None:
        return None
    if dt.tzinfo is None or dt.tzinfo.utcoffset(dt) is None:
        dt = dt.replace(tzinfo=timezone.utc)
    now = datetime.now(timezone.utc)
    try:
        if dt.year < 1990 or (dt - now).days > 366:
            return None
    except (OverflowError, ValueError):
        return None
    return dt.isoformat()


def page_date(tree: object, url: str | None, extensive: bool = True) -> str | None:
    """The publication date htmldate finds in the page (visible dates, URL, markup), or ``None``.

    ``tree`` is the parsed page (htmldate works on its own copy). The result is a day,
    returned as midnight UTC in ISO 8601. ``extensive`` lets htmldate search the page's
    free text too (slow on some pages: the caller asks for it only when the markup has no date).

    >>> from lxml import html
    >>> page_date(html.fromstring("<html><body><p>Posted 3 March 2021 by Ann</p></body></html>"),
    ...           "https://example.org/news/story")
    '2021-03-03T00:00:00+00:00'
    """
    from htmldate import find_date

    try:
        day = find_date(tree, url=url or None, original_date=True, extensive_search=extensive,
                        max_date=datetime.now(timezone.utc).strftime("%Y-%m-%d"))
        if extensive and day and day.endswith("-01-01"):
            # the extensive search turns a bare year ("© 2016") into 1 January: keep the
            # day only if the page's dated markup or URL give it too
            fast = find_date(tree, url=url or None, original_date=True, extensive_search=False)
            day = day if fast == day else None
    except Exception:
        return None
    return normalize_date(day) if day else None


def reconcile_dates(markup: str | None, page_day: str | None) -> str | None:
    """The markup's timestamp where htmldate's day agrees with it, else htmldate's day.

    htmldate weighs the page's own printed date, its URL and the original (not the updated)
    date; markup often carries a modified date, or a UTC time that falls on the next day.
    Where both name the same day the markup's time is kept.

    >>> reconcile_dates("2023-11-08T14:00:00-05:00", "2023-11-08T00:00:00+00:00")
    '2023-11-08T14:00:00-05:00'
    >>> reconcile_dates("2023-11-09T02:00:00+00:00", "2023-11-08T00:00:00+00:00")
    '2023-11-08T00:00:00+00:00'
    >>> reconcile_dates(None, None) is None
    True
    """
    if not page_day or (markup and markup[:10] == page_day[:10]):
        return markup or page_day
    return page_day
