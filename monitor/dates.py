"""Date parsing for feeds, sitemaps and visible page dates: always timezone-aware, UTC when unsaid,
never a guessed year, month or day.

Machine formats (ISO 8601, RFC 822) go through python-dateutil; text dates in English, Russian,
Armenian and Azerbaijani ("14 сентября 2022, 12:05", "14 Sentyabr 2022", "14 սեպտեմբերի 2022 թ.")
through dateparser with only the absolute-date parsers (no "вчера", no "2 hours ago").
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from dateutil import parser as _parser

#: the languages tried when none is given
DATE_LANGUAGES = ("en", "ru", "hy", "az")
_DATEPARSER_SETTINGS = {
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
    "PREFER_DAY_OF_MONTH": "first",
}
# words around a date that are not part of it: "года", "г.", "թ.", "թվականի", "-ci il", "в 12:05"
_NOISE_RE = re.compile(
    r"\((?:мск|msk)\)|\b(?:года|год|г\.)|թ\.|թվականի|թվական|\b(?:il|ili|ildə)\b|-(?:ci|cı|cu|cü)\b"
    r"|(?<=\d)\s+(?:в|at|saat|ժամը)\s+(?=\d{1,2}:\d\d)", re.IGNORECASE)
_MOSCOW_RE = re.compile(r"\b(?:мск|msk)\b", re.IGNORECASE)
_YEAR_RE = re.compile(r"(?<!\d)\d{4}(?!\d)")
# a date inside a longer line: "Опубликовано: 14 сентября 2022, 12:05"
_DATE_IN_TEXT_RE = re.compile(
    r"(?<!\d)(?:\d{1,2}[./-]\d{1,2}[./-]\d{4}|\d{1,2}(?:-?[^\W\d_]{0,3})?\s+[^\W\d_]{3,12}[.,]?\s+\d{4}"
    r"|[^\W\d_]{3,12}\s+\d{1,2},?\s+\d{4})(?:\s*(?:года|г\.|թ\.)?[,\s]*(?:в|at|saat|ժամը)?\s*\d{1,2}:\d\d)?")


def _dateutil(value: str) -> datetime | None:
    """dateutil's reading of ``value`` when it states year, month and day itself, else None."""
    try:
        a = _parser.parse(value, default=datetime(2000, 1, 1))
        b = _parser.parse(value, default=datetime(2001, 2, 2))
    except (ValueError, OverflowError, TypeError):
        return None
    if (a.year, a.month, a.day) != (b.year, b.month, b.day):
        return None                      # dateutil filled in a part the text does not give
    return a if a.tzinfo else a.replace(tzinfo=timezone.utc)


def parse_date_text(value: str | None, languages: list[str] | tuple[str, ...] | str | None = None) -> datetime | None:
    """A date written in words or numbers in ``languages`` (codes; default: en, ru, hy, az).

    >>> parse_date_text("14 сентября 2022, 12:05", ["ru"]).isoformat()
    '2022-09-14T12:05:00+00:00'
    >>> parse_date_text("14 Sentyabr 2022", "az").isoformat()
    '2022-09-14T00:00:00+00:00'
    >>> parse_date_text("14 сентября") is None   # no year: never guessed
    True
    """
    if not isinstance(value, str) or not value.strip() or not _YEAR_RE.search(value):
        return None
    import dateparser

    if isinstance(languages, str):
        languages = [languages]
    langs = [lang for lang in (languages or DATE_LANGUAGES) if lang] or list(DATE_LANGUAGES)
    moscow = bool(_MOSCOW_RE.search(value))
    cleaned = re.sub(r"\s+", " ", _NOISE_RE.sub(" ", value)).strip(" ,")
    parsed = dateparser.parse(cleaned, languages=langs, settings=_DATEPARSER_SETTINGS)
    if parsed is None:
        return None
    if moscow and parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone(timedelta(hours=3)))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def find_date_in_text(text: str | None, languages=None) -> datetime | None:
    """The first full date in a line of page text ("Опубликовано: 14 сентября 2022, 12:05"),
    for the page extractor's visible dates; None when the line holds no complete date."""
    for m in _DATE_IN_TEXT_RE.finditer(text or ""):
        parsed = parse_date_text(m.group(), languages)
        if parsed is not None:
            return parsed
    return None


def parse_datetime(value: str | None, languages=None) -> datetime | None:
    """Parse ISO 8601 / RFC 822 text, else a text date in ``languages``; ``None`` when it cannot be
    read or lacks a year, month or day.

    >>> parse_datetime("2022-09-14T08:00:00+04:00").isoformat()
    '2022-09-14T08:00:00+04:00'
    >>> parse_datetime("Wed, 14 Sep 2022 04:00:00 GMT").isoformat()
    '2022-09-14T04:00:00+00:00'
    >>> parse_datetime("2022-09-14").isoformat()
    '2022-09-14T00:00:00+00:00'
    >>> parse_datetime("Ср, 14 сен 2022 12:05:00 +0300", ["ru"]).isoformat()
    '2022-09-14T12:05:00+03:00'
    >>> parse_datetime("not a date") is None
    True
    """
    if not value or not value.strip():
        return None
    value = value.strip()
    if value.isascii():
        parsed = _dateutil(value)
        if parsed is not None:
            return parsed
    return parse_date_text(value, languages)
