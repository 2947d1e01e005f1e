"""E-mails to candidates about their applications."""

import logging

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .models import Application

logger = logging.getLogger(__name__)


def acknowledgement_email(application: Application) -> None:
    """Confirm a submission; the slip is attached so the candidate has it even offline."""
    from .pdf import slip_render

    filename, content_type, content = slip_render(application)
    message = EmailMessage(
        subject=_("MyIPO Recruitment: application %(reference)s received") % {"reference": application.reference},
        body=render_to_string("applications/email/acknowledgement.txt", {"application": application}),
        to=[application.candidate.email],
    )
    message.attach(filename, content, content_type)
    message.send()
    logger.info("Acknowledgement sent for application %s", application.pk)


def withdrawal_email(application: Application) -> None:
    """Confirm a withdrawal, so that one made by mistake (or by someone else) does not go unnoticed."""
    message = EmailMessage(
        subject=_("MyIPO Recruitment: application %(reference)s withdrawn") % {"reference": application.reference},
        body=render_to_string("applications/email/withdrawn.txt", {"application": application}),
        to=[application.candidate.email],
    )
    message.send()
    logger.info("Withdrawal confirmed for application %s", application.pk)
