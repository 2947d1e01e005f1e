"""E-mails to shortlisted candidates; the others are not contacted, as the advertisement says.

Each is written in the candidate's own language (the one they applied in), comes from MyIPO by its
Malay name, and says whom to call or write to.
"""

import logging
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

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


def candidate_send(application, *, subject: str, template: str, context: dict) -> None:
    """Send one e-mail to the candidate of `application`; call it with the candidate's language active."""
    contact = recruitment_contact()
    EmailMessage(
        subject=subject,
        body=render_to_string(template, {**context, "application": application, "contact": contact}),
        from_email=recruitment_sender(),
        to=[application.candidate.email],
        reply_to=[contact["email"]] if contact["email"] else None,
    ).send()


def invitation_email(entry) -> None:
    application, shortlist = entry.application, entry.shortlist
    with translation.override(application.language):
        candidate_send(
            application,
            subject=_("MyIPO Recruitment: invitation to interview (%(reference)s)")
            % {"reference": application.reference},
            template="screening/email/invitation.txt",
            context={"entry": entry, "shortlist": shortlist, "post": shortlist.post},
        )
    logger.info("Interview invitation sent for application %s", application.pk)


def interview_change_email(entry, change) -> None:
    application, shortlist = entry.application, entry.shortlist
    with translation.override(application.language):
        candidate_send(
            application,
            subject=_("MyIPO Recruitment: your interview has changed (%(reference)s)")
            % {"reference": application.reference},
            template="screening/email/interview_change.txt",
            context={"entry": entry, "shortlist": shortlist, "post": shortlist.post, "change": change},
        )
    logger.info("Change of interview details %s sent for application %s", change.pk, application.pk)


def withdrawal_email(entry) -> None:
    application, shortlist = entry.application, entry.shortlist
    with translation.override(application.language):
        candidate_send(
            application,
            subject=_("MyIPO Recruitment: interview invitation withdrawn (%(reference)s)")
            % {"reference": application.reference},
            template="screening/email/withdrawal.txt",
            context={"entry": entry, "shortlist": shortlist, "post": shortlist.post},
        )
    logger.info("Withdrawal of the invitation sent for application %s", application.pk)
