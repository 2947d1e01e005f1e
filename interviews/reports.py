"""The dashboard's later stages per post: invited, confirmed, attended, selected, offered, accepted, and the days
from the closing date to the first offer and to the first acceptance; counted by the database (2 queries)."""

import csv
import datetime as dt
import io

from django.db.models import Count, Min, Q

from myipo_recruit.dates import day_of
from screening.models import ShortlistEntry

from .models import Offer, SelectionEntry, Slot

LATER_COLUMNS = ["invited", "confirmed", "attended", "selected", "offered", "accepted"]


def later_stages_report(advertisement) -> list[dict]:
    """One row per post of the advertisement with a shortlist, in the posts' order."""
    rows = (
        ShortlistEntry.objects.filter(shortlist__post__advertisement=advertisement, removed_at__isnull=True)
        .values("shortlist__post_id", "shortlist__post__number", "shortlist__post__title_ms")
        .annotate(
            invited=Count("pk", filter=Q(invited_at__isnull=False)),
            confirmed=Count("pk", filter=Q(slot__response=Slot.Response.CONFIRMED)),
            attended=Count("pk", filter=Q(slot__attendance=Slot.Attendance.ATTENDED)),
            selected=Count("pk", filter=Q(slot__selection_entry__final=SelectionEntry.Category.SELECTED)),
        )
        .order_by("shortlist__post__number")
    )
    offers = (
        Offer.objects.filter(selection_entry__selection__post__advertisement=advertisement)
        .values("selection_entry__selection__post_id")
        .annotate(
            offered=Count("selection_entry", filter=~Q(status=Offer.Status.WITHDRAWN), distinct=True),
            accepted=Count("pk", filter=Q(status=Offer.Status.ACCEPTED)),
            first_offer=Min("sent_at"),
            first_acceptance=Min("responded_at", filter=Q(status=Offer.Status.ACCEPTED)),
        )
    )
    by_post = {row["selection_entry__selection__post_id"]: row for row in offers}
    closes_on = advertisement.closes_on
    report = []
    for row in rows:
        offer = by_post.get(row["shortlist__post_id"], {})
        report.append(
            {
                "post": f"{row['shortlist__post__number']}. {row['shortlist__post__title_ms']}",
                **{name: row[name] for name in ("invited", "confirmed", "attended", "selected")},
                "offered": offer.get("offered", 0),
                "accepted": offer.get("accepted", 0),
                "days_to_offer": days_after(closes_on, offer.get("first_offer")),
                "days_to_acceptance": days_after(closes_on, offer.get("first_acceptance")),
            }
        )
    return report


def days_after(closes_on: dt.date, moment: dt.datetime | None) -> int | None:
    return None if moment is None else (day_of(moment) - closes_on).days


def later_stages_csv(rows: list[dict]) -> str:
    """The later stages as rows of the dashboard's CSV (section, item, count, blank)."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        for name in [*LATER_COLUMNS, "days_to_offer", "days_to_acceptance"]:
            value = row[name]
            writer.writerow([f"later_{name}", row["post"], "" if value is None else value, ""])
    return out.getvalue()
