"""The data migrations of rules 2026.2 on a database of the old BORANG: answers carried over, MQA letters linked,
MyKad duplicates resolved without a crash, and the new constraints then in force."""

import datetime as dt

import pytest
from django.db import IntegrityError, connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from .factories import PostFactory, UserFactory

BEFORE = [("applications", "0005_borang_answers_for_the_rules")]


@pytest.fixture
def old_borang(transactional_db):
    """The database as it was after the new fields were added and before the data was moved; restored afterwards."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    yield executor.loader.project_state(BEFORE).apps
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def migrate_to_the_end():
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_the_old_answers_are_carried_to_the_new_questions(old_borang):
    Profile = old_borang.get_model("applications", "Profile")
    mia = Profile.objects.create(user_id=UserFactory().pk, mia_full_member=True, english_level="good")
    other = Profile.objects.create(user_id=UserFactory().pk, accounting_body_full_member=True, english_level="fair")
    words = Profile.objects.create(user_id=UserFactory().pk, english_level="good", ip_law_knowledge="Kursus Paten 2020")
    unsaved = Profile.objects.create(user_id=UserFactory().pk)
    migrate_to_the_end()
    from applications.models import Profile as Current

    assert Current.objects.get(pk=mia.pk).accounting_body == "mia"
    assert Current.objects.get(pk=other.pk).accounting_body == "other"
    fair = Current.objects.get(pk=other.pk)
    assert (fair.english_spoken, fair.english_written, fair.ip_law_knowledge_kind) == ("fair", "fair", "none")
    assert Current.objects.get(pk=words.pk).ip_law_knowledge_kind == ""  # the candidate chooses
    assert Current.objects.get(pk=unsaved.pk).ip_law_knowledge_kind == ""


def test_mqa_letters_are_linked_where_the_owner_lists_one_diploma_or_degree(old_borang):
    Profile = old_borang.get_model("applications", "Profile")
    Qualification = old_borang.get_model("applications", "Qualification")
    Document = old_borang.get_model("applications", "Document")

    def candidate(levels):
        profile = Profile.objects.create(user_id=UserFactory().pk)
        made = [
            Qualification.objects.create(
                profile=profile, level=level, field_of_study="law", institution="UM", year=2012
            )
            for level in levels
        ]
        letter = Document.objects.create(
            owner_id=profile.user_id,
            kind="mqa_letter",
            file="x.pdf",
            original_name="x.pdf",
            content_type="application/pdf",
            size=1,
            sha256="0",
        )
        return made, letter

    (_stpm, degree), one = candidate(["stpm", "bachelor"])
    _two_degrees, two = candidate(["bachelor", "master"])
    migrate_to_the_end()
    from applications.models import Document as Current

    assert Current.objects.get(pk=one.pk).qualification_id == degree.pk
    assert Current.objects.get(pk=two.pk).qualification_id is None


def test_mykad_duplicates_are_resolved_and_the_constraints_hold_afterwards(old_borang):
    Profile = old_borang.get_model("applications", "Profile")
    Application = old_borang.get_model("applications", "Application")
    post = PostFactory()
    mykad = "900101145678"
    first, second, third = (UserFactory() for _ in range(3))
    for user in (first, second, third):
        Profile.objects.create(user_id=user.pk, mykad=mykad)
    now = timezone.now()
    earlier = Application.objects.create(
        candidate_id=second.pk,
        post_id=post.pk,
        status="submitted",
        mykad=mykad,
        submitted_at=now - dt.timedelta(days=2),
    )
    later = Application.objects.create(
        candidate_id=third.pk, post_id=post.pk, status="shortlisted", mykad=mykad, submitted_at=now
    )
    unfilled = Application.objects.create(
        candidate_id=first.pk,
        post_id=PostFactory(advertisement=post.advertisement).pk,
        status="submitted",
        mykad="",
        snapshot={"profile": {"mykad": "950315105431"}},
        submitted_at=now,
    )
    migrate_to_the_end()
    from applications.models import Application as CurrentApplication
    from applications.models import Profile as CurrentProfile

    # the MyKad stays with the first account that submitted with it; the others are asked for it again
    assert dict(CurrentProfile.objects.values_list("user_id", "mykad")) == {
        first.pk: "",
        second.pk: mykad,
        third.pk: "",
    }
    assert CurrentApplication.objects.get(pk=earlier.pk).legacy_duplicate is False
    assert CurrentApplication.objects.get(pk=later.pk).legacy_duplicate is True
    assert CurrentApplication.objects.get(pk=unfilled.pk).mykad == "950315105431"
    with pytest.raises(IntegrityError):
        CurrentProfile.objects.filter(user=first).update(mykad=mykad)
