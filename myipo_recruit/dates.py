"""Dates and times as people in Malaysia read them: always in Malaysian time, in Malay or in English.

Malay names the part of the day instead of a.m./p.m. (Django's Malay catalogue prints every p.m. as
"malam", so 14:30 became "2:30 malam"). The parts used here:

- 00:00 to 00:59 is "tengah malam" (12:15 tengah malam; "12:15 pagi" is unusual and easily misread);
- 01:00 to 11:59 is "pagi" (9:00 pagi);
- 12:00 to 13:59 is "tengah hari" (12:30 tengah hari, 1:30 tengah hari);
- 14:00 to 18:59 is "petang" (2:30 petang);
- 19:00 to 23:59 is "malam" (8:00 malam).

The part-of-day words, like the English "am" and "pm", belong to the format of each language (as in
Django's own locale formats), not to the texts of the portal. Day and month names come from Django's
catalogues ("Selasa", "Disember").
"""

import datetime as dt
import zoneinfo

from django.utils import dateformat, timezone, translation

MALAYSIA = zoneinfo.ZoneInfo("Asia/Kuala_Lumpur")

MALAY_PARTS_OF_DAY = [  # (from hour, words), latest first
    (19, "malam"),
    (14, "petang"),
    (12, "tengah hari"),
    (1, "pagi"),
    (0, "tengah malam"),
]


def in_malaysia(value: dt.datetime) -> dt.datetime:
    """The moment in Malaysian time; a naive value is taken to be Malaysian time already."""
    if timezone.is_naive(value):
        return value.replace(tzinfo=MALAYSIA)
    return timezone.localtime(value, MALAYSIA)


def is_english() -> bool:
    return (translation.get_language() or "ms").startswith("en")


def clock(value: dt.datetime | dt.time) -> str:
    """The 12-hour clock without its part of the day: "2:30", "12:05"."""
    hour = value.hour % 12 or 12
    return f"{hour}:{value.minute:02d}"


def wall_clock(value: dt.datetime | dt.time) -> dt.datetime | dt.time:
    return in_malaysia(value) if isinstance(value, dt.datetime) else value


def malay_time(value: dt.datetime | dt.time) -> str:
    """In Malay: "2:30 petang", "9:00 pagi", "12:30 tengah hari", "8:00 malam", "12:15 tengah malam"."""
    value = wall_clock(value)
    words = next(words for start, words in MALAY_PARTS_OF_DAY if value.hour >= start)
    return f"{clock(value)} {words}"


def english_time(value: dt.datetime | dt.time) -> str:
    """In English: "2:30 pm", "9:00 am", "12:30 pm", "12:15 am"."""
    value = wall_clock(value)
    return f"{clock(value)} {'am' if value.hour < 12 else 'pm'}"


def day_of(value: dt.datetime | dt.date) -> dt.date:
    return in_malaysia(value).date() if isinstance(value, dt.datetime) else value


def malay_date(value: dt.datetime | dt.date) -> str:
    """In Malay: "Selasa, 15 Disember 2026"."""
    with translation.override("ms"):
        return dateformat.format(day_of(value), "l, j F Y")


def english_date(value: dt.datetime | dt.date) -> str:
    """In English: "Tuesday, 15 December 2026"."""
    with translation.override("en"):
        return dateformat.format(day_of(value), "l, j F Y")


def local_time(value) -> str:
    """The time in the active language (Malay unless English is active), in Malaysian time."""
    if value is None:
        return ""
    return english_time(value) if is_english() else malay_time(value)


def local_date(value) -> str:
    if value is None:
        return ""
    return english_date(value) if is_english() else malay_date(value)


def local_datetime(value: dt.datetime | None) -> str:
    """Date and time in the active language: "Selasa, 15 Disember 2026, 2:30 petang"."""
    if value is None:
        return ""
    return f"{local_date(value)}, {local_time(value)}"


def local_datetime_short(value: dt.datetime | None) -> str:
    """For tables: "15.12.2026, 2:30 petang" or "15.12.2026, 2:30 pm"."""
    if value is None:
        return ""
    return f"{in_malaysia(value):%d.%m.%Y}, {local_time(value)}"


def spreadsheet_timestamp(value: dt.datetime | None) -> str:
    """For CSV files: "2026-12-15 14:30", Malaysian time (UTC+08:00), which spreadsheets read as a date."""
    if value is None:
        return ""
    return f"{in_malaysia(value):%Y-%m-%d %H:%M}"


# How far from today a date HR types for an interview, a meeting or an offer may lie: a mistyped year (0001, 9999,
# 20266) is refused with a message rather than stored, printed on a letter, or overflowing the calendar.
REACH = dt.timedelta(days=2 * 366)


def within_reach(value: dt.datetime | dt.date | None, now: dt.datetime | None = None) -> bool:
    """Whether `value` lies within two years of now, before or after (None: nothing to check)."""
    if value is None:
        return True
    now = now or timezone.now()
    if isinstance(value, dt.datetime):
        return abs(value - now) <= REACH
    return abs(value - timezone.localdate(now)) <= REACH
