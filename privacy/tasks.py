"""E-mails about accounts and data, out of the request; retried with backoff when the mail server fails."""

import smtplib

from celery import shared_task
from django.utils import translation


@shared_task(autoretry_for=(smtplib.SMTPException, OSError), retry_backoff=30, retry_backoff_max=600, max_retries=6)
def send_account_closed(email: str, name: str, kept: list, language: str = "ms") -> None:
    from .notifications import account_closed_email

    with translation.override(language):
        account_closed_email(email=email, name=name, kept=kept)
