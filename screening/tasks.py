"""Slow work of HR, out of the request: invitations, screening a whole advertisement, large PDFs."""

import logging
import smtplib

from celery import shared_task
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from applications.models import Application

from .models import ExportJob, InterviewChangeNotice, ShortlistEntry

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(smtplib.SMTPException, OSError), retry_backoff=30, retry_backoff_max=600, max_retries=6)
def send_invitation(entry_id: int) -> bool:
    """Invite one shortlisted candidate, once: a retry after a successful send does nothing."""
    from .notifications import invitation_email

    with transaction.atomic():
        entry = (
            ShortlistEntry.objects.select_for_update()
            .select_related("shortlist__post__advertisement", "application__candidate")
            .get(pk=entry_id)
        )
        if entry.invitation_sent_at or entry.removed_at:
            return False
        invitation_email(entry)
        entry.invitation_sent_at = timezone.now()
        entry.save(update_fields=["invitation_sent_at"])
    return True


@shared_task(autoretry_for=(smtplib.SMTPException, OSError), retry_backoff=30, retry_backoff_max=600, max_retries=6)
def send_interview_change(notice_id: int) -> bool:
    """Tell one invited candidate the new interview details, once.

    Nothing is sent when the candidate was removed since, or when their invitation has not gone out yet:
    the invitation, written when it is sent, already carries the new details.
    """
    from .notifications import interview_change_email

    with transaction.atomic():
        entry_id = InterviewChangeNotice.objects.values_list("entry_id", flat=True).get(pk=notice_id)
        # The entry first, as send_invitation locks it: an invitation being sent is finished before we look.
        entry = (
            ShortlistEntry.objects.select_for_update(of=("self",))
            .select_related("shortlist__post__advertisement", "application__candidate")
            .get(pk=entry_id)
        )
        notice = (
            InterviewChangeNotice.objects.select_for_update(of=("self",)).select_related("change").get(pk=notice_id)
        )
        if notice.sent_at or entry.removed_at or not entry.invitation_sent_at:
            return False
        interview_change_email(entry, notice.change)
        notice.sent_at = timezone.now()
        notice.save(update_fields=["sent_at"])
    return True


@shared_task(autoretry_for=(smtplib.SMTPException, OSError), retry_backoff=30, retry_backoff_max=600, max_retries=6)
def send_withdrawal(entry_id: int) -> bool:
    """Tell a candidate removed from the shortlist that their invitation is withdrawn, once.

    Nothing is sent when the invitation itself never went out (it is not sent after a removal).
    """
    from .notifications import withdrawal_email

    with transaction.atomic():
        entry = (
            ShortlistEntry.objects.select_for_update(of=("self",))
            .select_related("shortlist__post__advertisement", "application__candidate")
            .get(pk=entry_id)
        )
        if entry.withdrawal_sent_at or not entry.removed_at or not entry.invitation_sent_at:
            return False
        withdrawal_email(entry)
        entry.withdrawal_sent_at = timezone.now()
        entry.save(update_fields=["withdrawal_sent_at"])
    return True


@shared_task(acks_late=True)
def screen_advertisement(advertisement_id: int, user_id: int | None = None) -> int:
    """Screen a whole advertisement; running it twice gives the same results (and keeps history)."""
    from .services import screening_run

    user = get_user_model().objects.filter(pk=user_id).first()
    run = screening_run(
        applications=Application.objects.filter(post__advertisement_id=advertisement_id),
        scope=f"advertisement {advertisement_id}",
        run_by=user,
    )
    return run.application_count


@shared_task(autoretry_for=(OSError,), retry_backoff=10, max_retries=3, acks_late=True)
def export_shortlist_pdf(job_id: int) -> str:
    """Build an export's PDF (the shortlist, or the panel pack of BORANGs) into the job, with its progress;
    a failure is kept on the job with its reason."""
    from .pdf import panel_pack_render, shortlist_render

    job = ExportJob.objects.select_related("shortlist__post__advertisement", "requested_by").get(pk=job_id)
    if job.status == ExportJob.Status.DONE:
        return job.status

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
    except OSError:
        raise
    except Exception as error:  # the job records the failure for HR instead of vanishing
        logger.exception("Export %s failed", job_id)
        job.status, job.error = ExportJob.Status.FAILED, str(error)[:300]
    job.finished_at = timezone.now()
    job.save()
    return job.status
