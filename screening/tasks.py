"""Slow work of HR, out of the request: screening a whole advertisement and large PDFs.

What each task did is recorded in the database (the run, the export job), never in a result backend; a
message the broker lost is queued again by `background_resume`.
"""

import datetime as dt
import logging

from celery import shared_task
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from myipo_recruit.background import task_dispatch

from .models import ExportJob, ScreeningRun

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, ignore_result=True)
def screen_advertisement(run_id: int) -> None:
    """Screen the whole advertisement of a queued run; running it twice does nothing more."""
    from .services import advertisement_screening_do

    advertisement_screening_do(run_id=run_id)


@shared_task(acks_late=True, ignore_result=True)
def export_shortlist_pdf(job_id: int) -> str | None:
    """Build a shortlist PDF into the job; a failure is kept on the job with its reason.

    The job's row is locked while it is built (a second delivery of the message skips it); no other row is.
    """
    from .pdf import shortlist_render

    with transaction.atomic():
        job = (
            ExportJob.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("shortlist", "requested_by")
            .filter(pk=job_id, status=ExportJob.Status.PENDING)
            .first()
        )
        if job is None:
            return None
        try:
            with transaction.atomic():
                filename, _content_type, content = shortlist_render(job.shortlist, generated_by=job.requested_by)
                job.file.save(filename, ContentFile(content), save=False)
            job.status, job.error = ExportJob.Status.DONE, ""
        except Exception as error:  # the job records the failure for HR instead of vanishing
            logger.exception("Export %s failed", job_id)
            job.status, job.error = ExportJob.Status.FAILED, str(error)[:300]
        job.finished_at = timezone.now()
        job.save()
    return job.status


@shared_task(ignore_result=True)
def background_resume() -> int:
    """Queue again the screening runs and exports still waiting after 2 x BACKGROUND_RESUME_SECONDS (10 minutes):
    their message was lost (a broker restarted without persistence, or refusing work when they were asked)."""
    stale = timezone.now() - dt.timedelta(seconds=2 * settings.BACKGROUND_RESUME_SECONDS)
    runs = ScreeningRun.objects.filter(status=ScreeningRun.Status.QUEUED, started_at__lt=stale)
    jobs = ExportJob.objects.filter(status=ExportJob.Status.PENDING, requested_at__lt=stale)
    resumed = 0
    for run_id in runs.values_list("pk", flat=True):
        resumed += task_dispatch(screen_advertisement, run_id)
    for job_id in jobs.values_list("pk", flat=True):
        resumed += task_dispatch(export_shortlist_pdf, job_id)
    return resumed
