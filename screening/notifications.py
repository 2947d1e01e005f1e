"""E-mails to shortlisted candidates; the others are not contacted, as the advertisement says."""

import logging

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def invitation_email(entry) -> None:
    application, shortlist = entry.application, entry.shortlist
    send_mail(
        subject=_("MyIPO Recruitment: invitation to interview (%(reference)s)") % {"reference": application.reference},
        message=render_to_string(
            "screening/email/invitation.txt",
            {"entry": entry, "application": application, "shortlist": shortlist, "post": shortlist.post},
        ),
        from_email=None,
        recipient_list=[application.candidate.email],
    )
    logger.info("Interview invitation sent for application %s", application.pk)
