"""Submitting an application: completeness, frozen copy, reference, one per post, closing date, withdrawal."""

import datetime as dt
import zoneinfo

import pytest
from django.core import mail
from django.db import IntegrityError
from django.utils import timezone, translation

from applications.models import Application, Document, Profile
from applications.services import (
    ApplicationError,
    application_missing,
    application_start,
    application_submit,
    application_withdraw,
    document_remove,
    profile_for,
)

from .factories import (
    AdvertisementFactory,
    ApplicationFactory,
    ExperienceFactory,
    PostFactory,
    ProfileFactory,
    QualificationFactory,
)

KL = zoneinfo.ZoneInfo("Asia/Kuala_Lumpur")
pytestmark = pytest.mark.django_db


@pytest.fixture
def post(db):
    return PostFactory()


@pytest.fixture
def degree_post(db):
    return PostFactory(min_qualification="bachelor", qualification_fields=["accounting"])


def test_a_complete_borang_has_nothing_missing(complete_candidate, degree_post):
    assert application_missing(profile=complete_candidate.profile, post=degree_post) == []


def test_an_empty_borang_lists_what_is_missing_step_by_step(db, post):
    from .factories import VerifiedUserFactory

    profile = profile_for(VerifiedUserFactory())
    steps = {item.step for item in application_missing(profile=profile, post=post)}
    assert steps == {"personal", "education", "experience", "documents"}


def test_the_borang_asks_the_new_answers_the_rules_need(complete_candidate, post):
    profile = complete_candidate.profile
    ExperienceFactory(profile=profile, field_of_work="")
    Profile.objects.filter(pk=profile.pk).update(malay_written="", ip_law_knowledge_kind="")
    profile.refresh_from_db()
    with translation.override("en"):
        missing = [str(m.message) for m in application_missing(profile=profile, post=post)]
    assert missing == [
        "the field of work of each job",
        "Bahasa Malaysia, written",
        "knowledge of intellectual property law",
    ]


def test_the_mqa_letter_is_asked_for_the_degree_the_post_relies_on(complete_candidate, degree_post):
    profile = complete_candidate.profile
    Document.objects.filter(kind="mqa_letter").delete()
    with translation.override("en"):
        missing = [str(m.message) for m in application_missing(profile=profile, post=degree_post)]
    assert missing == ["MQA recognition letter for: Bachelor's degree — Accounting (2012)"]


def test_a_degree_holder_applying_for_the_spm_post_needs_no_mqa_letter(complete_candidate):
    Document.objects.filter(kind="mqa_letter").delete()
    spm_post = PostFactory(min_qualification="spm")
    assert application_missing(profile=complete_candidate.profile, post=spm_post) == []


def test_an_stpm_holder_with_a_degree_applying_for_post_7_needs_no_mqa_letter(complete_candidate):
    profile = complete_candidate.profile
    Document.objects.filter(kind="mqa_letter").delete()
    QualificationFactory(profile=profile, level="stpm", field_of_study="other", year=2008)
    post_7 = PostFactory(min_qualification="stpm_or_diploma", related_fields=["law", "science"])
    assert application_missing(profile=profile, post=post_7) == []


def test_the_letter_of_another_degree_does_not_stand_for_the_one_relied_on(complete_candidate, degree_post):
    profile = complete_candidate.profile
    other = QualificationFactory(profile=profile, level="master", field_of_study="law", year=2016)
    Document.objects.filter(kind="mqa_letter").update(qualification=other)
    assert [m.step for m in application_missing(profile=profile, post=degree_post)] == ["documents"]


def test_an_mqa_letter_not_linked_counts_when_only_one_diploma_or_degree_is_listed(complete_candidate, degree_post):
    profile = complete_candidate.profile
    Document.objects.filter(kind="mqa_letter").update(qualification=None)
    assert application_missing(profile=profile, post=degree_post) == []
    QualificationFactory(profile=profile, level="master", field_of_study="law", year=2016)
    with translation.override("en"):
        missing = [str(m.message) for m in application_missing(profile=profile, post=degree_post)]
    assert missing == [
        "Say which qualification your MQA recognition letter is for: Bachelor's degree — Accounting (2012)"
    ]


def test_a_recognised_accounting_body_spares_the_accountant_the_degrees_letter(complete_candidate):
    profile = complete_candidate.profile
    Document.objects.filter(kind="mqa_letter").delete()
    accountant = PostFactory(
        min_qualification="bachelor", qualification_fields=["accounting"], accepts_accounting_membership=True
    )
    assert [m.step for m in application_missing(profile=profile, post=accountant)] == ["documents"]
    Profile.objects.filter(pk=profile.pk).update(accounting_body="acca", accounting_membership_number="1234567")
    profile.refresh_from_db()
    assert application_missing(profile=profile, post=accountant) == []


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
    assert again.pk != application.pk and again.status == Application.Status.DRAFT and again.reference is None
    withdrawn.refresh_from_db()
    assert withdrawn.status == Application.Status.WITHDRAWN and withdrawn.reference == application.reference
    resubmitted = application_submit(application=again)
    assert resubmitted.reference != application.reference
    assert application_start(candidate=complete_candidate, post=post).pk == again.pk


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


def submitted_by_another_account(post, mykad):
    """A submission to the post under `mykad` from another account, as one could be made before the check."""
    earlier = ProfileFactory(mykad=mykad)
    application = ApplicationFactory(candidate=earlier.user, post=post)
    Application.objects.filter(pk=application.pk).update(status=Application.Status.SUBMITTED, mykad=mykad)
    earlier.mykad = ""
    earlier.save()
    return application


def test_a_second_account_cannot_submit_to_the_same_post_under_the_same_mykad(complete_candidate, post):
    mykad = complete_candidate.profile.mykad
    Profile.objects.filter(user=complete_candidate).update(mykad="")
    submitted_by_another_account(post, mykad)
    Profile.objects.filter(user=complete_candidate).update(mykad=mykad)
    application = application_start(candidate=complete_candidate, post=post)
    with pytest.raises(ApplicationError) as error:
        application_submit(application=application)
    assert error.value.code == "already_applied"
    application.refresh_from_db()
    assert application.is_draft
    other = PostFactory(advertisement=post.advertisement)
    assert application_submit(application=application_start(candidate=complete_candidate, post=other)).is_submitted


def test_a_submission_racing_another_under_the_same_mykad_gets_the_same_message(complete_candidate, post, monkeypatch):
    mykad = complete_candidate.profile.mykad
    Profile.objects.filter(user=complete_candidate).update(mykad="")
    submitted_by_another_account(post, mykad)
    Profile.objects.filter(user=complete_candidate).update(mykad=mykad)
    application = application_start(candidate=complete_candidate, post=post)
    # the other submission lands between the check and the write: only the database sees it
    monkeypatch.setattr("applications.models.ApplicationQuerySet.exists", lambda self: False)
    with pytest.raises(ApplicationError) as error:
        application_submit(application=application)
    assert error.value.code == "already_applied"


@pytest.mark.parametrize(
    ("changes", "allowed"),
    [
        ({}, False),
        ({"status": Application.Status.SHORTLISTED}, False),
        ({"status": Application.Status.WITHDRAWN}, True),
        ({"status": Application.Status.DRAFT}, True),
        ({"mykad": ""}, True),  # anonymised
        ({"legacy_duplicate": True}, True),  # from before the check, flagged for HR
    ],
)
def test_the_database_holds_one_submitted_application_per_mykad_and_post(post, changes, allowed):
    first = ApplicationFactory(post=post)
    Application.objects.filter(pk=first.pk).update(status=Application.Status.SUBMITTED, mykad="900101145678")
    second = ApplicationFactory(post=post)
    values = {"status": Application.Status.SUBMITTED, "mykad": "900101145678", **changes}
    if allowed:
        Application.objects.filter(pk=second.pk).update(**values)
    else:
        with pytest.raises(IntegrityError):
            Application.objects.filter(pk=second.pk).update(**values)


def test_the_submitted_statuses_of_the_constraint_are_those_of_submitted():
    from applications.models import SUBMITTED_STATUSES

    assert set(SUBMITTED_STATUSES) == set(Application.Status.values) - {"draft", "withdrawn"}


def test_the_database_holds_one_profile_per_mykad(db):
    ProfileFactory(mykad="900101145678")
    ProfileFactory(mykad="")
    ProfileFactory(mykad="")
    with pytest.raises(IntegrityError):
        ProfileFactory(mykad="900101145678")


@pytest.mark.parametrize(
    ("post_changes", "extra_levels", "letter_for", "needed"),
    [
        ({"min_qualification": "bachelor", "qualification_fields": ["accounting"]}, [], "relied", False),
        ({"min_qualification": "bachelor", "qualification_fields": ["accounting"]}, [], None, True),
        ({"min_qualification": "bachelor", "qualification_fields": ["accounting"]}, ["master"], "other", True),
        ({"min_qualification": "bachelor", "qualification_fields": ["accounting"]}, ["master"], "unlinked", True),
        ({"min_qualification": "bachelor", "qualification_fields": ["accounting"]}, [], "unlinked", False),
        ({"min_qualification": "spm"}, [], None, False),
        ({"min_qualification": "stpm_or_diploma", "related_fields": ["accounting"]}, ["stpm"], None, False),
        ({"min_qualification": "stpm_or_diploma", "related_fields": ["accounting"]}, [], None, True),
    ],
)
def test_the_submission_check_and_the_screening_rule_ask_for_the_same_mqa_letter(
    complete_candidate, post_changes, extra_levels, letter_for, needed
):
    from applications.services import snapshot_build
    from screening.rules import PASS, Facts, Requirements, mqa_letter

    profile = complete_candidate.profile
    relied = profile.qualifications.get()
    others = [
        QualificationFactory(profile=profile, level=level, field_of_study="law", year=2008) for level in extra_levels
    ]
    link = {"relied": relied, "other": others[0] if others else None, "unlinked": None}.get(letter_for)
    letters = Document.objects.filter(kind="mqa_letter")
    if letter_for is None:
        letters.delete()
    else:
        letters.update(qualification=link)
    post = PostFactory(**post_changes)
    asked = [m for m in application_missing(profile=profile, post=post) if "MQA" in str(m.message)]
    snapshot = snapshot_build(profile=profile, documents=list(complete_candidate.documents.current()))
    rule = mqa_letter(Facts.from_snapshot(snapshot), Requirements.for_post(post))
    assert bool(asked) == needed
    assert (rule.outcome != PASS) == needed
