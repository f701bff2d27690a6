"""Dates in English, Russian, Armenian and Azerbaijani: never a guessed year, month or day."""

from datetime import datetime, timedelta, timezone

import pytest

from monitor.dates import find_date_in_text, parse_date_text, parse_datetime

UTC = timezone.utc


@pytest.mark.parametrize("text, langs, expected", [
    ("14 сентября 2022, 12:05", ["ru"], datetime(2022, 9, 14, 12, 5, tzinfo=UTC)),
    ("3 марта 2021 г.", None, datetime(2021, 3, 3, tzinfo=UTC)),
    ("14 сентября 2022 года в 12:05 (МСК)", ["ru"], datetime(2022, 9, 14, 12, 5, tzinfo=timezone(timedelta(hours=3)))),
    ("14 Sentyabr 2022", ["az"], datetime(2022, 9, 14, tzinfo=UTC)),
    ("2 oktyabr 2020, 18:40", None, datetime(2020, 10, 2, 18, 40, tzinfo=UTC)),
    ("14 սեպտեմբերի 2022 թ.", ["hy"], datetime(2022, 9, 14, tzinfo=UTC)),
    ("Հոկտեմբերի 2, 2020", ["hy"], datetime(2020, 10, 2, tzinfo=UTC)),
    ("September 14, 2022 12:05", ["en"], datetime(2022, 9, 14, 12, 5, tzinfo=UTC)),
])
def test_text_dates(text, langs, expected):
    assert parse_date_text(text, langs) == expected


@pytest.mark.parametrize("text", ["14 сентября", "сентябрь 2022", "вчера", "2 часа назад", "14 Sentyabr",
                                  "Sep 14", "2022-09", "", None])
def test_incomplete_or_relative_dates_give_none(text):
    assert parse_datetime(text, ["ru", "az", "en"]) is None


def test_machine_formats_keep_their_offset():
    assert parse_datetime("2022-09-14T08:00:00+04:00").utcoffset() == timedelta(hours=4)
    assert parse_datetime("Ср, 14 сен 2022 12:05:00 +0300", ["ru"]) == datetime(2022, 9, 14, 9, 5, tzinfo=UTC)


def test_date_inside_a_line_of_page_text():
    assert find_date_in_text("Опубликовано: 14 сентября 2022, 12:05 | Просмотры: 1200", ["ru"]) == \
        datetime(2022, 9, 14, 12, 5, tzinfo=UTC)
    assert find_date_in_text("Yenilənib 5 Noyabr 2023, 09:30", ["az"]) == datetime(2023, 11, 5, 9, 30, tzinfo=UTC)
    assert find_date_in_text("Фото: 12 штук, 2022 кадра", ["ru"]) is None
