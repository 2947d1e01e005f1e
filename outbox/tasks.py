"""Sending e-mails in workers: one as soon as its act is committed, and a sweep of whatever is still owed."""

from celery import shared_task

from .services import email_send, outbox_sweep


@shared_task(acks_late=True, ignore_result=True)
def send_email(email_id: int) -> bool:
    """Send one owed e-mail; a failure is recorded on it and the sweep tries again later."""
    return email_send(email_id=email_id)


@shared_task(ignore_result=True)
def sweep() -> int:
    """Send every e-mail still owed and due (run by celery beat every OUTBOX_SWEEP_SECONDS)."""
    return outbox_sweep()
