"""Reads: a candidate's own slot, and HR's counts of answers per session."""

from django.db.models import Count, Q

from .models import Session, Slot
from .services import error_messages, slots_to_assign


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


def publication_slots(shortlist, summarize):
    """Screening's publication summary of `shortlist` (by `summarize`), told about interview sessions: with them,
    the shortlist's own date and venue are not needed, and every candidate needs a slot before publishing."""
    sessions = Session.objects.filter(shortlist=shortlist).count()
    summary = summarize(shortlist, interview_details_needed=not sessions)
    summary.session_count = sessions
    summary.unslotted = slots_to_assign(shortlist).count() if sessions else 0
    summary.slot_refusals = [error_messages["unslotted"] % {"count": summary.unslotted}] if summary.unslotted else []
    return summary
