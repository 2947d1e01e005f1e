"""Slow work as tasks: started after the commit, recorded in the database (no result backend), resumed if lost."""

import datetime as dt
from unittest import mock

import pytest
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from accounts.roles import HR_OFFICER
from applications.services import application_start, application_submit
from screening.models import ExportJob, ScreeningResult, ScreeningRun, Shortlist
from screening.services import advertisement_screening_queue, export_request, shortlist_add
from screening.tasks import background_resume, export_shortlist_pdf, screen_advertisement

from .factories import (
    AdvertisementFactory,
    DocumentFactory,
    PostFactory,
    ProfileFactory,
    QualificationFactory,
    UserFactory,
    hr_staff,
)

pytestmark = pytest.mark.django_db
BROKER_DOWN = BrokerError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


def submitted(post=None):
    profile = ProfileFactory()
    QualificationFactory(profile=profile)
    for kind in ("certificate", "photo", "mqa_letter", "vaccination"):
        DocumentFactory(owner=profile.user, kind=kind)
    return application_submit(application=application_start(candidate=profile.user, post=post or PostFactory()))


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
    assert export_shortlist_pdf(job.pk) is None  # a second delivery of the message does nothing
    broken = mock.patch("screening.pdf.shortlist_render", side_effect=ValueError("font missing"))
    with broken, django_capture_on_commit_callbacks(execute=True):
        failed = export_request(shortlist=shortlist, requested_by=officer)
    failed.refresh_from_db()
    assert (failed.status, failed.error) == (ExportJob.Status.FAILED, "font missing")


def test_an_export_asked_while_the_broker_is_down_is_pending_then_resumed(django_capture_on_commit_callbacks):
    post = PostFactory()
    officer = UserFactory(is_staff=True)
    shortlist = Shortlist.objects.create(post=post)
    with (
        mock.patch("screening.tasks.export_shortlist_pdf.delay", side_effect=BROKER_DOWN),
        django_capture_on_commit_callbacks(execute=True),
    ):
        job = export_request(shortlist=shortlist, requested_by=officer)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.PENDING
    assert background_resume() == 0  # not stale yet: its message may still be on its way
    ExportJob.objects.filter(pk=job.pk).update(requested_at=timezone.now() - dt.timedelta(minutes=11))
    assert background_resume() == 1
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE


def test_a_whole_advertisement_is_screened_into_its_queued_run(django_capture_on_commit_callbacks):
    advertisement = AdvertisementFactory()
    application = submitted(PostFactory(advertisement=advertisement))
    officer = UserFactory(is_staff=True)
    with (
        mock.patch("screening.tasks.screen_advertisement.delay") as queued,
        django_capture_on_commit_callbacks(execute=True),
    ):
        run = advertisement_screening_queue(advertisement=advertisement, run_by=officer)
    assert run.status == ScreeningRun.Status.QUEUED
    queued.assert_called_once_with(run.pk)
    screen_advertisement(run.pk)
    run.refresh_from_db()
    assert (run.status, run.application_count, run.started_by) == (ScreeningRun.Status.DONE, 1, officer)
    assert run.finished_at
    assert ScreeningResult.objects.get(application=application).run == run
    screen_advertisement(run.pk)  # a second delivery of the message screens nothing again
    assert ScreeningResult.objects.count() == 1


def test_a_failed_run_says_so(django_capture_on_commit_callbacks):
    advertisement = AdvertisementFactory()
    submitted(PostFactory(advertisement=advertisement))
    with (
        mock.patch("screening.services.results_for", side_effect=ValueError("rule table broken")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        run = advertisement_screening_queue(advertisement=advertisement, run_by=None)
    run.refresh_from_db()
    assert run.status == ScreeningRun.Status.FAILED and "rule table broken" in run.error


def test_screening_a_whole_advertisement_from_the_admin_needs_no_result_backend(
    client, settings, django_capture_on_commit_callbacks
):
    """With a broker and no result backend (the documented settings), the action answers and the run is queued."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    advertisement = AdvertisementFactory()
    submitted(PostFactory(advertisement=advertisement))
    hr_staff(HR_OFFICER, client)
    with (
        mock.patch("screening.tasks.screen_advertisement.delay") as queued,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(
            "/admin/vacancies/advertisement/",
            {"action": "screen", "_selected_action": [advertisement.pk]},
            follow=True,
        )
    assert response.status_code == 200
    run = ScreeningRun.objects.get(advertisement=advertisement)
    queued.assert_called_once_with(run.pk)
    assert run.status == ScreeningRun.Status.QUEUED
    assert "/admin/screening/screeningrun/" in response.content.decode()


def test_screening_from_the_admin_while_the_broker_is_down_is_queued_and_resumed_later(
    client, django_capture_on_commit_callbacks
):
    advertisement = AdvertisementFactory()
    submitted(PostFactory(advertisement=advertisement))
    hr_staff(HR_OFFICER, client)
    with (
        mock.patch("screening.tasks.screen_advertisement.delay", side_effect=BROKER_DOWN),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(
            "/admin/vacancies/advertisement/", {"action": "screen", "_selected_action": [advertisement.pk]}
        )
    assert response.status_code == 302
    run = ScreeningRun.objects.get(advertisement=advertisement)
    assert run.status == ScreeningRun.Status.QUEUED
    ScreeningRun.objects.filter(pk=run.pk).update(started_at=timezone.now() - dt.timedelta(minutes=11))
    assert background_resume() == 1
    run.refresh_from_db()
    assert (run.status, run.application_count) == (ScreeningRun.Status.DONE, 1)


@pytest.mark.django_db(transaction=True)
def test_without_a_broker_the_admin_says_at_once_how_many_were_screened(client):
    advertisement = AdvertisementFactory()
    submitted(PostFactory(advertisement=advertisement))
    hr_staff(HR_OFFICER, client)
    response = client.post(
        "/admin/vacancies/advertisement/", {"action": "screen", "_selected_action": [advertisement.pk]}, follow=True
    )
    assert "1 permohonan telah disaring" in response.content.decode() or "1 application(s) screened" in (
        response.content.decode()
    )
