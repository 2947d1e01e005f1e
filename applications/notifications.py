"""E-mails to candidates about their applications, rendered by the outbox when they are sent."""

import logging

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outbox.kinds import NotOwed, Rendered, register

from .models import Application

logger = logging.getLogger(__name__)


def acknowledgement_sent(context: dict, sent_at) -> None:
    Application.objects.filter(pk=context["application_id"], acknowledged_at__isnull=True).update(
        acknowledged_at=sent_at
    )


@register("acknowledgement", label=gettext_lazy("Acknowledgement of an application"), sent=acknowledgement_sent)
def acknowledgement_render(context: dict) -> Rendered:
    """Confirm a submission; the slip is attached so the candidate has it even offline (made now, in the worker)."""
    from .pdf import slip_render

    application = (
        Application.objects.select_related("candidate", "post__advertisement")
        .filter(pk=context["application_id"], reference__isnull=False)
        .first()
    )
    if application is None or application.anonymised_at:
        raise NotOwed
    filename, content_type, content = slip_render(application)
    return Rendered(
        subject=_("MyIPO Recruitment: application %(reference)s received") % {"reference": application.reference},
        body=render_to_string("applications/email/acknowledgement.txt", {"application": application}),
        attachments=((filename, content, content_type),),
    )


@register("application_withdrawn", label=gettext_lazy("Withdrawal of an application"))
def withdrawal_render(context: dict) -> Rendered:
    """Confirm a withdrawal, so that one made by mistake (or by someone else) does not go unnoticed."""
    application = (
        Application.objects.select_related("candidate", "post__advertisement")
        .filter(pk=context["application_id"])
        .first()
    )
    if application is None or application.anonymised_at or not application.candidate.is_active:
        raise NotOwed
    return Rendered(
        subject=_("MyIPO Recruitment: application %(reference)s withdrawn") % {"reference": application.reference},
        body=render_to_string("applications/email/withdrawn.txt", {"application": application}),
    )
