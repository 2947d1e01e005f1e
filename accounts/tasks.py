"""E-mails of accounts, out of the request; retried with backoff when the mail server fails."""

import smtplib

from celery import shared_task
from django.utils import translation


@shared_task(autoretry_for=(smtplib.SMTPException, OSError), retry_backoff=30, retry_backoff_max=600, max_retries=6)
def send_verification(user_id: int, link: str, language: str = "ms") -> None:
    """Sending the same link twice is harmless: a retry cannot do damage."""
    from .services import verification_email

    with translation.override(language):
        verification_email(user_id=user_id, link=link)


@shared_task(autoretry_for=(smtplib.SMTPException, OSError), retry_backoff=30, retry_backoff_max=600, max_retries=6)
def send_account_exists(email: str, links: dict, language: str = "ms") -> None:
    from .services import account_exists_email

    with translation.override(language):
        account_exists_email(email=email, links=links)


@shared_task(autoretry_for=(smtplib.SMTPException, OSError), retry_backoff=30, retry_backoff_max=600, max_retries=6)
def send_email_change(user_id: int, new_email: str, link: str, language: str = "ms") -> None:
    from .services import email_change_email

    with translation.override(language):
        email_change_email(user_id=user_id, new_email=new_email, link=link)


@shared_task(autoretry_for=(smtplib.SMTPException, OSError), retry_backoff=30, retry_backoff_max=600, max_retries=6)
def send_email_changed_notice(old_email: str, full_name: str, language: str = "ms") -> None:
    from .services import email_changed_notice

    with translation.override(language):
        email_changed_notice(old_email=old_email, full_name=full_name)
