"""The sample campaign: realistic, valid where it should be, flawed where it should be, and written in bulk."""

import pytest

from applications.identity import parse_mykad
from applications.models import Application, Document, document_storage
from applications.sample_data import sample_campaign_create
from applications.services import snapshot_build
from screening.rules import Facts, Requirements, evaluate

from .factories import ProfileFactory, QualificationFactory

pytestmark = pytest.mark.django_db


def test_it_creates_exactly_the_count_spread_over_the_nine_posts(seed_advertisement):
    assert sample_campaign_create(advertisement=seed_advertisement, count=300) == 300
    applications = Application.objects.submitted()
    assert applications.count() == 300
    assert set(applications.values_list("post__number", flat=True)) == set(range(1, 10))


def test_a_second_call_with_the_same_seed_creates_nothing(seed_advertisement):
    sample_campaign_create(advertisement=seed_advertisement, count=20, with_files=False)
    assert sample_campaign_create(advertisement=seed_advertisement, count=20, with_files=False) == 0
    assert Application.objects.count() == 20


def test_every_mykad_is_valid_and_holds_the_declared_sex(seed_advertisement):
    sample_campaign_create(advertisement=seed_advertisement, count=200, with_files=False)
    for mykad, sex, born in Application.objects.values_list("mykad", "snapshot__profile__sex", "date_of_birth"):
        parsed = parse_mykad(mykad)
        assert parsed.sex == sex
        assert abs((parsed.date_of_birth - born).days) <= 1  # the deliberate mismatches are one day off


def test_the_snapshot_has_the_shape_of_a_real_submission(seed_advertisement):
    profile = ProfileFactory()
    QualificationFactory(profile=profile)
    real = snapshot_build(profile=profile, documents=[])
    sample_campaign_create(advertisement=seed_advertisement, count=5, with_files=False)
    sample = Application.objects.first().snapshot
    assert sample.keys() == real.keys()
    assert sample["profile"].keys() == real["profile"].keys()


def test_each_rule_is_broken_by_someone_in_300(seed_advertisement):
    sample_campaign_create(advertisement=seed_advertisement, count=300, with_files=False)
    broken = set()
    for application in Application.objects.select_related("post__advertisement"):
        _outcome, _points, results = evaluate(
            Facts.from_snapshot(application.snapshot), Requirements.for_post(application.post)
        )
        broken |= {result.rule for result in results if result.outcome != "pass"}
    assert {
        "citizenship",
        "minimum_age",
        "spm_bahasa_melayu",
        "mykad_date_of_birth",
        "qualification",
        "mqa_letter",
        "vaccination",
        "experience",
        "languages",
        "computer_skills",
    } <= broken


def test_with_files_every_document_is_stored(seed_advertisement):
    sample_campaign_create(advertisement=seed_advertisement, count=10)
    assert Document.objects.count() >= 30
    assert all(document_storage().exists(name) for name in Document.objects.values_list("file", flat=True))


def test_rows_are_written_in_bulk_not_one_query_per_application(seed_advertisement, django_assert_max_num_queries):
    # Batches only: 13 queries on PostgreSQL; SQLite splits batches by its limit on query parameters.
    with django_assert_max_num_queries(60):
        sample_campaign_create(advertisement=seed_advertisement, count=300, with_files=False)


def test_campaigns_of_different_seeds_never_share_a_mykad(seed_advertisement):
    sample_campaign_create(advertisement=seed_advertisement, count=150, seed=1, with_files=False)
    sample_campaign_create(advertisement=seed_advertisement, count=150, seed=2, with_files=False)
    mykads = list(Application.objects.values_list("mykad", flat=True))
    assert len(mykads) == len(set(mykads)) == 300
