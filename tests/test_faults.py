"""Faults in the middle of saving: nothing half-stored, no orphan file, a clear message, the draft intact."""

import datetime as dt
import errno
import zoneinfo
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.urls import reverse

from applications.models import Application, Document

from .factories import MINIMAL_PDF, AdvertisementFactory, ApplicationFactory, PostFactory

KL = zoneinfo.ZoneInfo("Asia/Kuala_Lumpur")
FIELD_STORAGE = Document._meta.get_field("file").storage
pytestmark = pytest.mark.django_db


def stored_files(settings):
    root = settings.MEDIA_ROOT / "private"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def upload_certificate(client, application):
    return client.post(
        reverse("applications:step", args=[application.pk, "documents"]),
        {"certificate": SimpleUploadedFile("sijil.pdf", MINIMAL_PDF)},
    )


def test_a_full_disk_during_an_upload_leaves_no_file_and_says_so(client, complete_candidate, settings):
    client.force_login(complete_candidate)
    application = ApplicationFactory(candidate=complete_candidate)
    before_files, before_rows = stored_files(settings), Document.objects.count()

    def disk_full(name, content, max_length=None):
        path = FIELD_STORAGE.path(name)
        with open(path, "wb") as partial:
            partial.write(b"%PDF-1.4 half")
        raise OSError(errno.ENOSPC, "No space left on device")

    with mock.patch.object(FIELD_STORAGE, "_save", side_effect=disk_full):
        response = upload_certificate(client, application)
    assert response.status_code == 503
    assert "masalah" in response.content.decode() or "problem on our side" in response.content.decode()
    assert stored_files(settings) == before_files
    assert Document.objects.count() == before_rows


def test_a_database_error_during_an_upload_removes_the_written_file(client, complete_candidate, settings):
    client.force_login(complete_candidate)
    application = ApplicationFactory(candidate=complete_candidate)
    before_files = stored_files(settings)
    with mock.patch.object(Document, "save", side_effect=DatabaseError("connection lost")):
        response = upload_certificate(client, application)
    assert response.status_code == 503
    assert stored_files(settings) == before_files


def test_a_database_error_during_submission_stores_nothing_and_keeps_the_draft(client, complete_candidate):
    client.force_login(complete_candidate)
    application = ApplicationFactory(candidate=complete_candidate)
    with mock.patch.object(Application.documents.related_manager_cls, "set", side_effect=DatabaseError("deadlock")):
        response = client.post(
            reverse("applications:step", args=[application.pk, "review"]), {"declaration": "on", "pdpa_consent": "on"}
        )
    assert response.status_code == 503, [str(m) for m in response.context["messages"]]
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT
    assert application.reference is None and application.snapshot == {}
    assert not application.documents.exists()
    assert complete_candidate.documents.current().count() == 4
    assert complete_candidate.profile.full_name == "NUR AISYAH BINTI AHMAD"


def test_a_submission_received_by_235959_on_the_closing_day_counts_even_if_it_ends_after_midnight(
    client, complete_candidate
):
    """The rule: a submission counts at the moment the server receives the request."""
    advertisement = AdvertisementFactory(opens_at=dt.datetime(2026, 11, 1, tzinfo=KL), closes_on=dt.date(2026, 11, 28))
    application = ApplicationFactory(candidate=complete_candidate, post=PostFactory(advertisement=advertisement))
    client.force_login(complete_candidate)
    arrival = dt.datetime(2026, 11, 28, 23, 59, 59, 900000, tzinfo=KL)
    after_midnight = dt.datetime(2026, 11, 29, 0, 0, 2, tzinfo=KL)
    with (
        mock.patch("applications.views.timezone.now", return_value=arrival),
        mock.patch("applications.services.timezone.now", return_value=after_midnight),
        mock.patch("vacancies.models.timezone.now", return_value=after_midnight),
    ):
        response = client.post(
            reverse("applications:step", args=[application.pk, "review"]), {"declaration": "on", "pdpa_consent": "on"}
        )
    assert response.status_code == 302, [str(m) for m in response.context["messages"]]
    application.refresh_from_db()
    assert application.is_submitted
    assert application.submitted_at == after_midnight


def test_a_submission_received_at_midnight_is_refused(client, complete_candidate):
    advertisement = AdvertisementFactory(opens_at=dt.datetime(2026, 11, 1, tzinfo=KL), closes_on=dt.date(2026, 11, 28))
    application = ApplicationFactory(candidate=complete_candidate, post=PostFactory(advertisement=advertisement))
    client.force_login(complete_candidate)
    with mock.patch("myipo_recruit.security.arrival_clock", return_value=dt.datetime(2026, 11, 29, tzinfo=KL)):
        client.post(
            reverse("applications:step", args=[application.pk, "review"]), {"declaration": "on", "pdpa_consent": "on"}
        )
    application.refresh_from_db()
    assert application.is_draft


def test_s3_timing_out_during_an_upload_gives_the_problem_on_our_side_page_and_stores_nothing(
    client, complete_candidate
):
    """The storage does not answer (and cannot even be asked to clean up): 503 with our message, no row."""
    from botocore.exceptions import ConnectTimeoutError

    client.force_login(complete_candidate)
    application = ApplicationFactory(candidate=complete_candidate)
    before_rows = Document.objects.count()
    frozen = ConnectTimeoutError(endpoint_url="http://s3.internal:9000")
    with (
        mock.patch.object(FIELD_STORAGE, "_save", side_effect=frozen) as save,
        mock.patch.object(FIELD_STORAGE, "delete", side_effect=frozen),
    ):
        response = client.post(
            reverse("applications:step", args=[application.pk, "documents"]),
            {
                "certificate": SimpleUploadedFile("sijil.pdf", MINIMAL_PDF),
                "vaccination": SimpleUploadedFile("vaksin.pdf", MINIMAL_PDF),
            },
        )
    assert response.status_code == 503
    assert "masalah" in response.content.decode() or "problem on our side" in response.content.decode()
    assert Document.objects.count() == before_rows
    assert save.call_count == 1  # the second file does not make the candidate wait for the same failure
