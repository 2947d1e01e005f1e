"""E-mails to shortlisted candidates; the others are not contacted, as the advertisement says.

Each is written in the candidate's own language (the one they applied in), comes from MyIPO by its
Malay name, and says whom to call or write to. They are owed through the outbox and rendered when they
are sent, so an invitation carries the interview details as they are then.
"""

import logging
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outbox.kinds import NotOwed, Rendered, register
from outbox.models import Email

from .models import InterviewChangeNotice, ShortlistEntry

logger = logging.getLogger(__name__)


def recruitment_sender() -> str:
    """The sender: MyIPO's Malay name (RECRUITMENT_FROM_NAME) at the address of DEFAULT_FROM_EMAIL."""
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or settings.DEFAULT_FROM_EMAIL
    return formataddr((settings.RECRUITMENT_FROM_NAME, address))


def recruitment_contact() -> dict:
    return {
        "name": settings.RECRUITMENT_CONTACT_NAME,
        "phone": settings.RECRUITMENT_CONTACT_PHONE,
        "email": settings.RECRUITMENT_CONTACT_EMAIL,
    }


def candidate_rendered(application, *, subject: str, template: str, context: dict) -> Rendered:
    """One e-mail to the candidate of `application` (the outbox has the candidate's language active)."""
    contact = recruitment_contact()
    return Rendered(
        subject=subject,
        body=render_to_string(template, {**context, "application": application, "contact": contact}),
        from_email=recruitment_sender(),
        reply_to=(contact["email"],) if contact["email"] else (),
    )


def entry_for(entry_id: int) -> ShortlistEntry:
    entry = (
        ShortlistEntry.objects.select_related("shortlist__post__advertisement", "application__candidate")
        .filter(pk=entry_id)
        .first()
    )
    if entry is None or not entry.application.candidate.is_active:
        raise NotOwed  # the application or the account is gone
    return entry


def invitation_went_out(entry: ShortlistEntry) -> bool:
    """Whether the candidate has the invitation, or may be getting it this very moment.

    A notice about the invitation (new details, a withdrawal) is owed only then: an invitation still waiting
    in the outbox is written when it is sent, with the details as they are then, or not at all once removed.
    """
    key = f"invitation:{entry.pk}"
    status = Email.objects.filter(key=key).values_list("status", flat=True).first()
    if status is None:  # sent before the outbox kept e-mails, or its record is past OUTBOX_KEEP_DAYS
        return entry.invitation_sent_at is not None
    if status == Email.Status.PENDING:
        # Locked by a sender: it may have been written with the old details, so the notice goes too.
        return Email.objects.select_for_update(skip_locked=True).filter(key=key, status=status).first() is None
    return status == Email.Status.SENT


def invitation_sent(context: dict, sent_at) -> None:
    ShortlistEntry.objects.filter(pk=context["entry_id"], invitation_sent_at__isnull=True).update(
        invitation_sent_at=sent_at
    )


@register("invitation", label=gettext_lazy("Invitation to interview"), sent=invitation_sent)
def invitation_render(context: dict) -> Rendered:
    entry = entry_for(context["entry_id"])
    if entry.removed_at:
        raise NotOwed  # removed before the invitation went out: nothing is sent, not even a withdrawal
    application, shortlist = entry.application, entry.shortlist
    return candidate_rendered(
        application,
        subject=_("MyIPO Recruitment: invitation to interview (%(reference)s)") % {"reference": application.reference},
        template="screening/email/invitation.txt",
        context={"entry": entry, "shortlist": shortlist, "post": shortlist.post},
    )


def interview_change_sent(context: dict, sent_at) -> None:
    InterviewChangeNotice.objects.filter(pk=context["notice_id"], sent_at__isnull=True).update(sent_at=sent_at)


@register("interview_change", label=gettext_lazy("Change of interview details"), sent=interview_change_sent)
def interview_change_render(context: dict) -> Rendered:
    """The new details, to an invited candidate still on the list whose invitation has gone out."""
    notice = InterviewChangeNotice.objects.select_related("change").filter(pk=context["notice_id"]).first()
    if notice is None:
        raise NotOwed
    entry = entry_for(notice.entry_id)
    if entry.removed_at or not invitation_went_out(entry):
        raise NotOwed
    application, shortlist = entry.application, entry.shortlist
    return candidate_rendered(
        application,
        subject=_("MyIPO Recruitment: your interview has changed (%(reference)s)")
        % {"reference": application.reference},
        template="screening/email/interview_change.txt",
        context={"entry": entry, "shortlist": shortlist, "post": shortlist.post, "change": notice.change},
    )


def withdrawal_sent(context: dict, sent_at) -> None:
    ShortlistEntry.objects.filter(pk=context["entry_id"], withdrawal_sent_at__isnull=True).update(
        withdrawal_sent_at=sent_at
    )


@register("withdrawal", label=gettext_lazy("Invitation withdrawn"), sent=withdrawal_sent)
def withdrawal_render(context: dict) -> Rendered:
    """Told to a candidate removed from the shortlist, only when the invitation itself went out."""
    entry = entry_for(context["entry_id"])
    if not entry.removed_at or not invitation_went_out(entry):
        raise NotOwed
    application, shortlist = entry.application, entry.shortlist
    return candidate_rendered(
        application,
        subject=_("MyIPO Recruitment: interview invitation withdrawn (%(reference)s)")
        % {"reference": application.reference},
        template="screening/email/withdrawal.txt",
        context={"entry": entry, "shortlist": shortlist, "post": shortlist.post},
    )
