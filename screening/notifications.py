"""E-mails to shortlisted candidates (the others are not contacted, as the advertisement says); rendered by the
outbox when they are sent, with the interview details as they are then."""

import logging

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outbox.kinds import NotOwed, Rendered, register

from .models import ShortlistEntry

logger = logging.getLogger(__name__)


def entry_owed(context: dict) -> ShortlistEntry:
    """The shortlisted candidate, still on the list and with an open account; otherwise nothing is owed."""
    entry = (
        ShortlistEntry.objects.select_related("shortlist__post__advertisement", "application__candidate")
        .filter(pk=context["entry_id"], removed_at__isnull=True)
        .first()
    )
    if entry is None or not entry.application.candidate.is_active:
        raise NotOwed
    return entry


def entry_context(entry: ShortlistEntry) -> dict:
    shortlist = entry.shortlist
    return {"entry": entry, "application": entry.application, "shortlist": shortlist, "post": shortlist.post}


def invitation_sent(context: dict, sent_at) -> None:
    ShortlistEntry.objects.filter(pk=context["entry_id"], invitation_sent_at__isnull=True).update(
        invitation_sent_at=sent_at
    )


@register("invitation", label=gettext_lazy("Invitation to interview"), sent=invitation_sent)
def invitation_render(context: dict) -> Rendered:
    entry = entry_owed(context)
    return Rendered(
        subject=_("MyIPO Recruitment: invitation to interview (%(reference)s)")
        % {"reference": entry.application.reference},
        body=render_to_string("screening/email/invitation.txt", entry_context(entry)),
    )


@register("interview_changed", label=gettext_lazy("Change of interview details"))
def interview_changed_render(context: dict) -> Rendered:
    entry = entry_owed(context)
    return Rendered(
        subject=_("MyIPO Recruitment: interview details changed (%(reference)s)")
        % {"reference": entry.application.reference},
        body=render_to_string("screening/email/interview_changed.txt", entry_context(entry)),
    )
