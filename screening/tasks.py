"""Slow work of HR, out of the request: screening a whole advertisement and large PDFs.

What each task did is recorded in the database (the run, the export job), never in a result backend; a
message the broker lost is queued again by `background_resume`. E-mails go through the outbox.
"""

import datetime as dt
import logging

from celery import shared_task
from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import Q
from django.utils import timezone

from myipo_recruit.background import task_dispatch

from .models import ExportJob, ScreeningRun

logger = logging.getLogger(__name__)
ABANDONED_AFTER = dt.timedelta(hours=1)  # an export started this long ago whose worker died is taken again


@shared_task(acks_late=True, ignore_result=True)
def screen_advertisement(run_id: int) -> None:
    """Screen the whole advertisement of a queued run; running it twice does nothing more."""
    from .services import advertisement_screening_do

    advertisement_screening_do(run_id=run_id)


@shared_task(acks_late=True, ignore_result=True)
def export_shortlist_pdf(job_id: int) -> str | None:
    """Build an export's PDF (the shortlist, or the panel pack of BORANGs) into the job, with its progress;
    a failure (S3 down included) is kept on the job with its reason, for HR to ask again.

    The job is claimed first (`started_at`): a second delivery of the message, or a resumed one, does nothing
    while a worker is on it; a job whose worker died is taken again after an hour.
    """
    from .pdf import panel_pack_render, shortlist_render

    now = timezone.now()
    claimed = (
        ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.PENDING)
        .filter(Q(started_at__isnull=True) | Q(started_at__lt=now - ABANDONED_AFTER))
        .update(started_at=now)
    )
    if not claimed:
        return None
    job = ExportJob.objects.select_related("shortlist__post__advertisement", "requested_by").get(pk=job_id)

    def progress(done: int, total: int) -> None:
        if done == total or done % 5 == 0:
            ExportJob.objects.filter(pk=job.pk).update(progress_done=done, progress_total=total)

    try:
        if job.kind == ExportJob.Kind.PANEL_PACK:
            filename, _content_type, content = panel_pack_render(
                job.shortlist, generated_by=job.requested_by, progress=progress
            )
        else:
            filename, _content_type, content = shortlist_render(job.shortlist, generated_by=job.requested_by)
        job.refresh_from_db(fields=["progress_done", "progress_total"])
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
    now = timezone.now()
    stale = now - dt.timedelta(seconds=2 * settings.BACKGROUND_RESUME_SECONDS)
    runs = ScreeningRun.objects.filter(status=ScreeningRun.Status.QUEUED, started_at__lt=stale)
    jobs = ExportJob.objects.filter(status=ExportJob.Status.PENDING, requested_at__lt=stale).filter(
        Q(started_at__isnull=True) | Q(started_at__lt=now - ABANDONED_AFTER)
    )
    resumed = 0
    for run_id in runs.values_list("pk", flat=True):
        resumed += task_dispatch(screen_advertisement, run_id)
    for job_id in jobs.values_list("pk", flat=True):
        resumed += task_dispatch(export_shortlist_pdf, job_id)
    return resumed
