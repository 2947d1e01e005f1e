"""Periodic work after the interviews, run by Celery beat."""

from celery import shared_task


@shared_task(ignore_result=True)
def offers_lapse() -> int:
    """Offers unanswered past their deadline lapse; HR then offers the post down the reserve list."""
    from .services import offers_lapse as lapse

    return lapse()
