"""Times read right: Malaysian time, with the Malay part of the day (pagi, tengah hari, petang, malam)."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import formats, translation

from myipo_recruit.dates import (
    english_date,
    english_time,
    local_datetime,
    local_datetime_short,
    malay_date,
    malay_time,
    spreadsheet_timestamp,
)


def malaysian(hour, minute):
    return dt.datetime(2026, 12, 15, hour, minute, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.mark.parametrize(
    ("hour", "minute", "malay", "english"),
    [
        (0, 0, "12:00 tengah malam", "12:00 am"),
        (0, 15, "12:15 tengah malam", "12:15 am"),
        (1, 0, "1:00 pagi", "1:00 am"),
        (9, 0, "9:00 pagi", "9:00 am"),
        (11, 59, "11:59 pagi", "11:59 am"),
        (12, 0, "12:00 tengah hari", "12:00 pm"),
        (13, 59, "1:59 tengah hari", "1:59 pm"),
        (14, 0, "2:00 petang", "2:00 pm"),
        (14, 30, "2:30 petang", "2:30 pm"),
        (18, 59, "6:59 petang", "6:59 pm"),
        (19, 0, "7:00 malam", "7:00 pm"),
        (23, 59, "11:59 malam", "11:59 pm"),
    ],
)
def test_each_part_of_the_day_is_named_at_its_boundaries(hour, minute, malay, english):
    assert malay_time(malaysian(hour, minute)) == malay
    assert english_time(malaysian(hour, minute)) == english


def test_a_moment_in_utc_is_read_in_malaysian_time():
    moment = dt.datetime(2026, 12, 15, 6, 30, tzinfo=dt.UTC)  # 14:30 in Kuala Lumpur
    assert malay_time(moment) == "2:30 petang"
    late = dt.datetime(2026, 12, 15, 16, 30, tzinfo=dt.UTC)  # 00:30 the next day in Kuala Lumpur
    assert malay_date(late) == "Rabu, 16 Disember 2026"
    assert malay_time(late) == "12:30 tengah malam"
    assert spreadsheet_timestamp(late) == "2026-12-16 00:30"


def test_dates_name_the_day_and_month_in_each_language():
    assert malay_date(dt.date(2026, 12, 15)) == "Selasa, 15 Disember 2026"
    assert malay_date(dt.date(2026, 3, 1)) == "Ahad, 1 Mac 2026"
    assert english_date(dt.date(2026, 12, 15)) == "Tuesday, 15 December 2026"


def test_the_active_language_chooses_the_form():
    moment = dt.datetime(2026, 12, 15, 6, 30, tzinfo=dt.UTC)
    with translation.override("ms"):
        assert local_datetime(moment) == "Selasa, 15 Disember 2026, 2:30 petang"
        assert local_datetime_short(moment) == "15.12.2026, 2:30 petang"
    with translation.override("en"):
        assert local_datetime(moment) == "Tuesday, 15 December 2026, 2:30 pm"
        assert local_datetime_short(moment) == "15.12.2026, 2:30 pm"
    assert local_datetime(None) == ""


def test_the_template_filters_format_in_malaysian_time():
    moment = dt.datetime(2026, 12, 15, 11, 29, tzinfo=dt.UTC)
    template = Template("{% load dates %}{{ at|local_datetime }} / {{ at|local_time }} / {{ at|local_date }}")
    with translation.override("ms"):
        assert template.render(Context({"at": moment})) == "Selasa, 15 Disember 2026, 7:29 malam / 7:29 malam / " + (
            "Selasa, 15 Disember 2026"
        )


def test_what_django_formats_itself_never_calls_the_afternoon_night():
    """Admin columns and read-only dates: Django's Malay "P" printed 14:30 as "2:30 malam"."""
    with translation.override("ms"):
        shown = formats.date_format(malaysian(14, 30), "DATETIME_FORMAT")
    assert shown == "15 Dis 2026, 14:30"
    assert "malam" not in shown.lower()


@pytest.mark.parametrize("name", ["local_time", "local_date", "local_datetime", "local_datetime_short"])
def test_a_filter_given_a_variable_that_does_not_resolve_shows_nothing(name):
    rendered = Template("{% load dates %}[{{ offer.respond_by|" + name + " }}]").render(Context({"offer": ""}))
    assert rendered == "[]"
