"""Reads after the shortlist: a candidate's own slot and HR's counts of answers per session; vacancies waiting for the
reserve list, and where a candidate stands after the interview."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from .models import Offer, Selection, SelectionEntry, Session, Slot


def candidate_slot(application) -> Slot | None:
    """The slot the candidate of `application` has been given (only once invited, and while on the shortlist)."""
    return (
        Slot.objects.select_related("session", "entry__shortlist__post")
        .filter(entry__application=application, entry__removed_at__isnull=True, entry__invited_at__isnull=False)
        .first()
    )


def sessions_with_counts(sessions=None):
    """Sessions with the number of slots and of answers (confirmed, asked to change, no answer), in one query."""
    live = Q(slots__entry__removed_at__isnull=True)
    return (sessions if sessions is not None else Session.objects.all()).annotate(
        slot_count=Count("slots", filter=live),
        confirmed_count=Count("slots", filter=live & Q(slots__response=Slot.Response.CONFIRMED)),
        change_count=Count("slots", filter=live & Q(slots__response=Slot.Response.CHANGE)),
        pending_count=Count("slots", filter=live & Q(slots__response=Slot.Response.PENDING)),
    )


ENDED = [Offer.Status.DECLINED, Offer.Status.LAPSED]


# A ranked candidate HR took off the shortlist afterwards (found ineligible, say) is out of the running.
REMOVED = Q(slot__entry__removed_at__isnull=False)


def dropped_out():
    """An Exists() true for a ranked candidate who declined an offer or let it lapse."""
    return Exists(Offer.objects.filter(selection_entry=OuterRef("pk"), status__in=ENDED))


def open_vacancies(selection: Selection) -> int:
    """Vacancies with nobody selected for them any more (a decline, a lapse or a removal from the shortlist): to
    offer down the reserve list."""
    standing = (
        selection.entries.filter(final=SelectionEntry.Category.SELECTED)
        .exclude(REMOVED)
        .annotate(out=dropped_out())
        .filter(out=False)
    )
    return selection.vacancies - standing.count()


def reserve_next(selection: Selection) -> SelectionEntry | None:
    return (
        selection.entries.filter(final=SelectionEntry.Category.RESERVE)
        .exclude(REMOVED)
        .select_related("slot__entry__application")
        .order_by("final_reserve_position", "rank")
        .first()
    )


@dataclass
class Refill:
    selection: Selection
    open: int
    next_entry: SelectionEntry | None
    reserve_left: int


def selections_to_refill() -> list[Refill]:
    """Decided, open posts where a decline or a lapse left a vacancy, with the next on the reserve list (3 queries)."""
    selections = list(
        Selection.objects.exclude(decision="")
        .filter(closed_at__isnull=True)
        .select_related("post__advertisement")
        .annotate(
            standing=Count(
                "entries",
                filter=Q(entries__final=SelectionEntry.Category.SELECTED)
                & Q(entries__slot__entry__removed_at__isnull=True)
                & ~Q(entries__pk__in=Offer.objects.filter(status__in=ENDED).values("selection_entry_id")),
                distinct=True,
            ),
            reserve_left=Count(
                "entries",
                filter=Q(entries__final=SelectionEntry.Category.RESERVE, entries__slot__entry__removed_at__isnull=True),
                distinct=True,
            ),
        )
        .order_by("post__advertisement_id", "post__number")
    )
    waiting = [selection for selection in selections if selection.vacancies > selection.standing]
    reserves = (
        SelectionEntry.objects.filter(selection__in=waiting, final=SelectionEntry.Category.RESERVE)
        .exclude(REMOVED)
        .select_related("slot__entry__application")
        .order_by("selection_id", "-final_reserve_position", "-rank")
    )
    first = {entry.selection_id: entry for entry in reserves}  # the last written per post is the first in order
    return [
        Refill(
            selection=selection,
            open=selection.vacancies - selection.standing,
            next_entry=first.get(selection.pk),
            reserve_left=selection.reserve_left,
        )
        for selection in waiting
    ]


def offers_entries(selection: Selection):
    """The candidates the meeting selected, with their offers (2 queries)."""
    return (
        selection.entries.filter(final=SelectionEntry.Category.SELECTED)
        .select_related("slot__entry__application")
        .prefetch_related(Prefetch("offers", queryset=Offer.objects.order_by("-sent_at", "-pk")))
        .order_by("rank")
    )


@dataclass
class Later:
    """Where one shortlisted candidate stands after the interview, as the candidate reads it."""

    slot: Slot | None
    entry: SelectionEntry | None
    offer: Offer | None
    closed: bool

    @property
    def state(self) -> str:
        """invited, attended, absent, offered, accepted, declined, lapsed, not_successful or waiting."""
        if self.offer is not None and self.offer.status != Offer.Status.WITHDRAWN:
            return "offered" if self.offer.status == Offer.Status.SENT else self.offer.status
        if self.closed:
            return "not_successful"
        if self.slot is None:
            return "invited"
        if self.slot.attendance == Slot.Attendance.ABSENT:
            return "absent"
        if self.slot.attendance == Slot.Attendance.ATTENDED:
            return "attended"
        return "invited"

    def answerable(self, now: dt.datetime | None = None) -> bool:
        return (
            self.offer is not None
            and self.offer.status == Offer.Status.SENT
            and (now or timezone.now()) <= self.offer.respond_by
        )


def later_for(applications) -> dict[int, Later]:
    """Per application id, the later stages of the shortlisted among `applications` (2 queries, whatever their
    number): the slot, the ranking, the latest offer and whether the post is closed."""
    slots = (
        Slot.objects.filter(entry__application__in=applications, entry__removed_at__isnull=True)
        .select_related("session", "entry", "selection_entry__selection")
        .prefetch_related(Prefetch("selection_entry__offers", queryset=Offer.objects.order_by("-sent_at", "-pk")))
    )
    result = {}
    for slot in slots:
        entry = getattr(slot, "selection_entry", None)
        offers = list(entry.offers.all()) if entry is not None else []
        closed = entry is not None and entry.selection.closed_at is not None
        result[slot.entry.application_id] = Later(
            slot=slot, entry=entry, offer=offers[0] if offers else None, closed=closed
        )
    return result


def closed_posts_of(applications) -> set[int]:
    """The posts among `applications` whose recruitment HR closed (1 query)."""
    return set(
        Selection.objects.filter(post__applications__in=applications, closed_at__isnull=False).values_list(
            "post_id", flat=True
        )
    )
