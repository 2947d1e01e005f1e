"""E-mails about a candidate's account and data."""

import datetime as dt
import logging

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def account_closed_email(*, email: str, name: str, kept: list) -> None:
    """Confirm the closure at the address the account had, with the applications kept and until when."""
    rows = [
        {"reference": reference, "post": post, "until": dt.date.fromisoformat(until)} for reference, post, until in kept
    ]
    send_mail(
        subject=_("MyIPO Recruitment: your account is closed"),
        message=render_to_string("privacy/email/account_closed.txt", {"name": name, "kept": rows}),
        from_email=None,
        recipient_list=[email],
    )
    logger.info("Account closure confirmed by e-mail")
