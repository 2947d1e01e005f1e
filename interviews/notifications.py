"""E-mails to candidates after the shortlist, in the candidate's language, rendered by the outbox when sent: the
interview slot (with its calendar file) and its changes, then the offer of appointment (with its letter)."""

import dataclasses
import logging

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outbox.kinds import NotOwed, Rendered, register
from outbox.models import Email
from screening.models import ShortlistEntry
from screening.notifications import candidate_rendered

from .calendar import CONTENT_TYPE, slot_calendar, slot_filename
from .models import Offer, Slot, SlotChange
from .services import respond_deadline

logger = logging.getLogger(__name__)


def slot_for(slot_id: int) -> Slot:
    slot = (
        Slot.objects.select_related("session", "entry__shortlist__post__advertisement", "entry__application__candidate")
        .filter(pk=slot_id)
        .first()
    )
    if slot is None or slot.entry.removed_at or not slot.entry.application.candidate.is_active:
        raise NotOwed  # the slot was freed, the candidate removed or the account closed
    return slot


def calendar_summary(slot: Slot) -> str:
    return _("Interview: %(post)s (MyIPO)") % {"post": slot.entry.shortlist.post.full_title}


def slot_links(slot: Slot, base_url: str) -> dict:
    application = slot.entry.application
    page = reverse("applications:detail", kwargs={"pk": application.pk})
    return {
        "page": f"{base_url}{page}#interview",
        "calendar": base_url + reverse("interviews:calendar", kwargs={"pk": application.pk}),
    }


def slot_rendered(slot: Slot, *, subject: str, template: str, base_url: str, extra: dict | None = None) -> Rendered:
    application, post = slot.entry.application, slot.entry.shortlist.post
    links = slot_links(slot, base_url)
    rendered = candidate_rendered(
        application,
        subject=subject % {"reference": application.reference},
        template=template,
        context={
            "slot": slot,
            "session": slot.session,
            "post": post,
            "respond_by": respond_deadline(slot),
            "links": links,
            **(extra or {}),
        },
    )
    description = _("%(post)s. Application %(reference)s. Bring your MyKad and the originals of your certificates.") % {
        "post": post.full_title,
        "reference": application.reference,
    }
    ics = slot_calendar(slot=slot, summary=calendar_summary(slot), description=description, url=links["page"])
    return dataclasses.replace(rendered, attachments=((slot_filename(slot), ics, CONTENT_TYPE),))


def slot_invitation_sent(context: dict, sent_at) -> None:
    Slot.objects.filter(pk=context["slot_id"], invitation_sent_at__isnull=True).update(invitation_sent_at=sent_at)
    # The shortlist's own record: a later removal tells the candidate the invitation is withdrawn.
    ShortlistEntry.objects.filter(slot__pk=context["slot_id"], invitation_sent_at__isnull=True).update(
        invitation_sent_at=sent_at
    )


@register("slot_invitation", label=gettext_lazy("Invitation to interview, with the slot"), sent=slot_invitation_sent)
def slot_invitation_render(context: dict) -> Rendered:
    slot = slot_for(context["slot_id"])
    if not slot.entry.invited_at:
        raise NotOwed
    return slot_rendered(
        slot,
        subject=_("MyIPO Recruitment: invitation to interview (%(reference)s)"),
        template="interviews/email/slot_invitation.txt",
        base_url=context.get("base_url", ""),
    )


def slot_invitation_went_out(slot: Slot) -> bool:
    """Whether the slot's invitation is sent (or being sent now): only then is a move told separately."""
    key = f"slot_invitation:{slot.pk}"
    status = Email.objects.filter(key=key).values_list("status", flat=True).first()
    if status is None:
        return slot.invitation_sent_at is not None or slot.entry.invitation_sent_at is not None
    if status == Email.Status.PENDING:
        return Email.objects.select_for_update(skip_locked=True).filter(key=key, status=status).first() is None
    return status == Email.Status.SENT


@register("slot_change", label=gettext_lazy("Interview slot moved"))
def slot_change_render(context: dict) -> Rendered:
    change = SlotChange.objects.filter(pk=context["change_id"]).first()
    if change is None:
        raise NotOwed
    slot = slot_for(change.slot_id)
    if not slot.entry.invited_at or not slot_invitation_went_out(slot):
        raise NotOwed  # the invitation still waiting in the outbox will carry the new slot
    return slot_rendered(
        slot,
        subject=_("MyIPO Recruitment: your interview slot has changed (%(reference)s)"),
        template="interviews/email/slot_change.txt",
        base_url=context.get("base_url", ""),
        extra={"change": change},
    )


logger = logging.getLogger(__name__)


@register("offer", label=gettext_lazy("Offer of appointment"))
def offer_render(context: dict) -> Rendered:
    """The offer letter (PDF, in Malay) attached, with the deadline and a link to answer in the account."""
    from .pdf import offer_letter_render

    offer = (
        Offer.objects.select_related(
            "selection_entry__selection__post__grade", "selection_entry__slot__entry__application__candidate"
        )
        .filter(pk=context["offer_id"])
        .first()
    )
    if offer is None or offer.status == Offer.Status.WITHDRAWN:
        raise NotOwed
    application = offer.selection_entry.slot.entry.application
    if application.anonymised_at or not application.candidate.is_active:
        raise NotOwed
    filename, content_type, content = offer_letter_render(offer)
    rendered = candidate_rendered(
        application,
        subject=_("MyIPO Recruitment: offer of appointment %(reference)s") % {"reference": offer.reference},
        template="interviews/email/offer.txt",
        context={
            "offer": offer,
            "post": offer.selection_entry.selection.post,
            "link": context.get("base_url", "") + reverse("applications:detail", args=[application.pk]),
        },
    )
    return dataclasses.replace(rendered, attachments=((filename, content, content_type),))
