"""Slow work of applying, out of the request: e-mails with PDFs. Idempotent and retried with backoff."""

import logging
import smtplib

from celery import shared_task
from django.db import transaction
from django.utils import timezone, translation

from .models import Application

logger = logging.getLogger(__name__)
RETRY = {
    "autoretry_for": (smtplib.SMTPException, OSError),
    "retry_backoff": 30,
    "retry_backoff_max": 600,
    "max_retries": 6,
    "acks_late": True,
}


@shared_task(**RETRY)
def send_acknowledgement(application_id: int, language: str = "ms") -> bool:
    """E-mail the acknowledgement with its slip, once: a retry after a successful send does nothing."""
    from .notifications import acknowledgement_email

    with transaction.atomic():
        application = Application.objects.select_for_update().select_related("candidate", "post").get(pk=application_id)
        if application.acknowledged_at:
            return False
        with translation.override(language):
            acknowledgement_email(application)
        application.acknowledged_at = timezone.now()
        application.save(update_fields=["acknowledged_at"])
    return True


@shared_task(**RETRY)
def send_withdrawal_confirmation(application_id: int, language: str = "ms") -> None:
    """E-mail that the application was withdrawn (sending it twice on a retry is harmless)."""
    from .notifications import withdrawal_email

    application = Application.objects.select_related("candidate", "post__advertisement").get(pk=application_id)
    with translation.override(language):
        withdrawal_email(application)
