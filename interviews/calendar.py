"""The calendar file (.ics, RFC 5545) of an interview slot, written with the icalendar library (line folding at
75 octets, escaping of commas and semicolons). Its UID is stable per slot and SEQUENCE counts the moves, so a
calendar that imported the invitation replaces the event when the slot is moved."""

import datetime as dt

from django.utils import timezone
from icalendar import Calendar, Event

PRODUCT = "-//MyIPO//Portal Pengambilan//MS"
UID_DOMAIN = "rekrut.myipo.gov.my"
CONTENT_TYPE = "text/calendar; charset=utf-8; method=PUBLISH"


def slot_uid(slot) -> str:
    return f"temuduga-slot-{slot.pk}@{UID_DOMAIN}"


def slot_calendar(*, slot, summary: str, description: str, url: str = "", now: dt.datetime | None = None) -> bytes:
    """One VEVENT in UTC: the slot's start and end, its place (venue or video link) and `summary` (translated)."""
    session = slot.session
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", slot_uid(slot))
    event.add("sequence", slot.changes.count())
    event.add("dtstamp", (now or timezone.now()).astimezone(dt.UTC))
    event.add("dtstart", slot.starts_at.astimezone(dt.UTC))
    event.add("dtend", slot.ends_at.astimezone(dt.UTC))
    event.add("summary", summary)
    event.add("location", session.venue or session.video_link)
    event.add("description", description)
    if url:
        event.add("url", url)
    calendar.add_component(event)
    return calendar.to_ical()


def slot_filename(slot) -> str:
    return f"temuduga-{slot.entry.application.reference or slot.pk}.ics".replace("/", "-")
