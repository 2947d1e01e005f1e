"""Slow work as tasks: started after the commit, idempotent, retried on mail failures, export states for HR."""

import smtplib
from unittest import mock

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from applications.models import Application
from applications.services import application_start, application_submit
from applications.tasks import send_acknowledgement
from screening.models import ExportJob, Shortlist
from screening.services import export_request, shortlist_add, shortlist_publish
from screening.tasks import send_invitation

from .factories import (
    DocumentFactory,
    PostFactory,
    ProfileFactory,
    QualificationFactory,
    UserFactory,
    close_advertisement,
)

pytestmark = pytest.mark.django_db


def submitted(post=None):
    profile = ProfileFactory()
    QualificationFactory(profile=profile)
    for kind in ("certificate", "photo", "mqa_letter", "vaccination"):
        DocumentFactory(owner=profile.user, kind=kind)
    return application_submit(application=application_start(candidate=profile.user, post=post or PostFactory()))


def test_the_acknowledgement_is_sent_once_however_often_the_task_runs(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        application = submitted()
    assert len(mail.outbox) == 1
    assert send_acknowledgement(application.pk) is False
    assert len(mail.outbox) == 1
    application.refresh_from_db()
    assert application.acknowledged_at


def test_a_mail_failure_leaves_the_task_to_retry_and_a_later_run_sends(django_capture_on_commit_callbacks):
    application = submitted()
    down = smtplib.SMTPServerDisconnected("down")
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=down), pytest.raises(smtplib.SMTPException):
        send_acknowledgement.run(application.pk)
    application.refresh_from_db()
    assert application.acknowledged_at is None
    assert send_acknowledgement.run(application.pk) is True
    assert len(mail.outbox) == 1
    assert smtplib.SMTPException in send_acknowledgement.autoretry_for and send_acknowledgement.retry_backoff


def test_nothing_is_sent_when_the_submission_is_rolled_back(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                submitted()
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert mail.outbox == []
    assert not Application.objects.exists()


def test_invitations_go_once_to_the_shortlisted(django_capture_on_commit_callbacks):
    post = PostFactory()
    application = submitted(post)
    officer = UserFactory(is_staff=True)
    shortlist = Shortlist.objects.create(
        post=post, interview_at=timezone.now() + timezone.timedelta(days=7), interview_venue="Aras 20"
    )
    entry = shortlist_add(
        shortlist=shortlist, application=application, added_by=officer, decision_reason="Layak setelah disemak HR."
    )
    close_advertisement(post.advertisement)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        shortlist_publish(shortlist=shortlist, published_by=officer)
    assert len(mail.outbox) == 1
    assert send_invitation(entry.pk) is False
    assert len(mail.outbox) == 1


def test_a_background_export_ends_done_with_its_file_or_failed_with_a_reason(django_capture_on_commit_callbacks):
    post = PostFactory()
    officer = UserFactory(is_staff=True)
    shortlist = Shortlist.objects.create(post=post)
    shortlist_add(
        shortlist=shortlist, application=submitted(post), added_by=officer, decision_reason="Layak setelah disemak HR."
    )
    with django_capture_on_commit_callbacks(execute=True):
        job = export_request(shortlist=shortlist, requested_by=officer)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE and job.finished_at
    with job.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    broken = mock.patch("screening.pdf.shortlist_render", side_effect=ValueError("font missing"))
    with broken, django_capture_on_commit_callbacks(execute=True):
        failed = export_request(shortlist=shortlist, requested_by=officer)
    failed.refresh_from_db()
    assert (failed.status, failed.error) == (ExportJob.Status.FAILED, "font missing")
