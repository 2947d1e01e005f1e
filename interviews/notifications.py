"""E-mails to candidates after the interview, in the candidate's language, rendered by the outbox when sent."""

import dataclasses
import logging

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outbox.kinds import NotOwed, Rendered, register
from screening.notifications import candidate_rendered

from .models import Offer

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
