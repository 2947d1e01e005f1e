"""Submitting an application: completeness, frozen copy, reference, one per post, closing date, withdrawal."""

import datetime as dt
import zoneinfo

import pytest
from django.core import mail
from django.db import IntegrityError
from django.utils import timezone

from applications.models import Application, Document
from applications.services import (
    ApplicationError,
    application_missing,
    application_start,
    application_submit,
    application_withdraw,
    document_remove,
    profile_for,
)

from .factories import AdvertisementFactory, ApplicationFactory, PostFactory

KL = zoneinfo.ZoneInfo("Asia/Kuala_Lumpur")
pytestmark = pytest.mark.django_db


@pytest.fixture
def post(db):
    return PostFactory()


def test_a_complete_borang_has_nothing_missing(complete_candidate):
    assert application_missing(profile=complete_candidate.profile) == []


def test_an_empty_borang_lists_what_is_missing_step_by_step(db):
    from .factories import VerifiedUserFactory

    profile = profile_for(VerifiedUserFactory())
    steps = {item.step for item in application_missing(profile=profile)}
    assert steps == {"personal", "education", "experience", "documents"}


def test_the_mqa_letter_is_required_only_with_a_diploma_or_degree(complete_candidate):
    profile = complete_candidate.profile
    Document.objects.filter(kind="mqa_letter").delete()
    assert [m.message for m in application_missing(profile=profile)] == [Document.Kind.MQA_LETTER.label]
    profile.qualifications.update(level="stpm")
    assert application_missing(profile=profile) == []


def test_submitting_freezes_the_profile_and_gives_a_reference(
    complete_candidate, post, django_capture_on_commit_callbacks
):
    application = application_start(candidate=complete_candidate, post=post)
    with django_capture_on_commit_callbacks(execute=True):
        submitted = application_submit(application=application)
    assert submitted.status == Application.Status.SUBMITTED
    assert submitted.reference == f"MYIPO-{timezone.localdate():%Y}-{submitted.pk:06d}"
    assert submitted.snapshot["profile"]["full_name"] == "NUR AISYAH BINTI AHMAD"
    assert submitted.snapshot["qualifications"][0]["field_of_study"] == "accounting"
    assert submitted.documents.count() == 4
    assert submitted.declaration_at and submitted.pdpa_consent_at
    assert (submitted.highest_qualification, submitted.spm_bm_grade) == ("bachelor", "A")

    profile = complete_candidate.profile
    profile.full_name = "NAMA BARU"
    profile.save()
    submitted.refresh_from_db()
    assert submitted.snapshot["profile"]["full_name"] == "NUR AISYAH BINTI AHMAD"
    assert submitted.full_name == "NUR AISYAH BINTI AHMAD"


def test_the_candidate_gets_an_acknowledgement_email_with_the_slip(
    complete_candidate, post, django_capture_on_commit_callbacks
):
    application = application_start(candidate=complete_candidate, post=post)
    with django_capture_on_commit_callbacks(execute=True):
        application = application_submit(application=application)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [complete_candidate.email]
    assert application.reference in message.subject
    filename, content, content_type = message.attachments[0]
    assert (filename, content_type) == (f"slip-{application.reference}.pdf", "application/pdf")
    assert content.startswith(b"%PDF")


def test_an_incomplete_application_is_refused_and_stays_a_draft(complete_candidate, post):
    Document.objects.filter(kind="photo").delete()
    application = application_start(candidate=complete_candidate, post=post)
    with pytest.raises(ApplicationError) as error:
        application_submit(application=application)
    assert error.value.code == "incomplete"
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT
    assert application.reference is None


def test_submitting_twice_makes_one_application(complete_candidate, post, django_capture_on_commit_callbacks):
    application = application_start(candidate=complete_candidate, post=post)
    with django_capture_on_commit_callbacks(execute=True):
        first = application_submit(application=application)
        second = application_submit(application=application)
    assert first.pk == second.pk and first.reference == second.reference
    assert Application.objects.count() == 1
    assert len(mail.outbox) == 1


def test_the_database_allows_one_application_per_candidate_and_post(complete_candidate, post):
    ApplicationFactory(candidate=complete_candidate, post=post)
    with pytest.raises(IntegrityError):
        ApplicationFactory(candidate=complete_candidate, post=post)


def test_one_profile_can_apply_to_several_posts(complete_candidate, post):
    other = PostFactory(advertisement=post.advertisement)
    for target in (post, other):
        application_submit(application=application_start(candidate=complete_candidate, post=target))
    assert Application.objects.submitted().filter(candidate=complete_candidate).count() == 2


@pytest.mark.parametrize(
    ("moment", "accepted"),
    [
        (dt.datetime(2023, 11, 28, 23, 59, 59, tzinfo=KL), True),
        (dt.datetime(2023, 11, 29, 0, 0, 0, tzinfo=KL), False),
    ],
)
def test_the_closing_date_is_enforced_to_the_end_of_the_day_in_malaysia(complete_candidate, moment, accepted):
    advertisement = AdvertisementFactory(opens_at=dt.datetime(2023, 11, 14, tzinfo=KL), closes_on=dt.date(2023, 11, 28))
    post = PostFactory(advertisement=advertisement)
    application = ApplicationFactory(candidate=complete_candidate, post=post)
    if accepted:
        assert application_submit(application=application, now=moment).is_submitted
    else:
        with pytest.raises(ApplicationError) as error:
            application_submit(application=application, now=moment)
        assert error.value.code == "closed"


def test_no_application_can_be_started_on_a_closed_advertisement(complete_candidate):
    post = PostFactory(advertisement=AdvertisementFactory(closed=True))
    with pytest.raises(ApplicationError) as error:
        application_start(candidate=complete_candidate, post=post)
    assert error.value.code == "closed"
    assert not Application.objects.exists()


def test_withdrawing_before_the_closing_date_and_applying_again(complete_candidate, post):
    application = application_submit(application=application_start(candidate=complete_candidate, post=post))
    withdrawn = application_withdraw(application=application)
    assert withdrawn.status == Application.Status.WITHDRAWN
    again = application_start(candidate=complete_candidate, post=post)
    assert again.pk == application.pk and again.status == Application.Status.DRAFT


def test_a_draft_cannot_be_withdrawn(complete_candidate, post):
    with pytest.raises(ApplicationError) as error:
        application_withdraw(application=application_start(candidate=complete_candidate, post=post))
    assert error.value.code == "not_submitted"


def test_a_document_relied_on_by_a_submission_is_kept_when_removed_from_the_profile(complete_candidate, post):
    application = application_submit(application=application_start(candidate=complete_candidate, post=post))
    photo = complete_candidate.documents.get(kind="photo")
    document_remove(document=photo)
    photo.refresh_from_db()
    assert photo.retired_at is not None
    assert photo.file.storage.exists(photo.file.name)
    assert application.documents.filter(pk=photo.pk).exists()
    assert not complete_candidate.documents.current().filter(kind="photo").exists()


def test_a_document_nobody_relies_on_is_deleted_with_its_file(complete_candidate, django_capture_on_commit_callbacks):
    certificate = complete_candidate.documents.get(kind="certificate")
    name, storage = certificate.file.name, certificate.file.storage
    with django_capture_on_commit_callbacks(execute=True):
        document_remove(document=certificate)
    assert not Document.objects.filter(pk=certificate.pk).exists()
    assert not storage.exists(name)
