"""The fixture holds MyIPO's 2023 advertisement word for word, checked against the advertisement's own text."""

import datetime as dt
import importlib
from decimal import Decimal

import pytest

from vacancies.models import AdvertisementLine, Division, Grade, Post, PostLine

from .seed_advertisement import SOURCE, parse

SEED = parse()
pytestmark = pytest.mark.django_db


def test_the_source_text_holds_nine_posts():
    assert [post.number for post in SEED.posts] == list(range(1, 10))


def test_advertisement_texts_are_word_for_word(seed_advertisement):
    ad = seed_advertisement
    assert ad.title_ms == SEED.title
    assert ad.lead_ms.split("\n\n") == SEED.lead
    assert ad.conditions_intro_ms == SEED.conditions_intro
    assert ad.how_to_apply_ms == SEED.how_to_apply
    assert ad.submission_ms == SEED.submission
    assert ad.postal_address == SEED.postal_address
    assert ad.shortlist_notice_ms == SEED.shortlist_notice


def test_basic_conditions_and_notices_are_word_for_word(seed_advertisement):
    lines = seed_advertisement.lines
    assert list(lines.filter(kind=AdvertisementLine.Kind.CONDITION).values_list("text_ms", flat=True)) == (
        SEED.conditions
    )
    assert list(lines.filter(kind=AdvertisementLine.Kind.NOTICE).values_list("text_ms", flat=True)) == SEED.notices


def test_the_seed_advertisement_closed_on_28_november_2023(seed_advertisement):
    assert seed_advertisement.closes_on == dt.date(2023, 11, 28)
    assert not seed_advertisement.is_open()


@pytest.mark.parametrize("seed_post", SEED.posts, ids=lambda p: f"post{p.number}")
def test_every_post_holds_every_line_of_the_seed(seed_advertisement, seed_post):
    post = Post.objects.select_related("grade", "division").get(
        advertisement=seed_advertisement, number=seed_post.number
    )
    assert post.title_ms == seed_post.title
    assert post.contract_type_ms == seed_post.contract_type
    assert post.classification_ms == seed_post.fields["Klasifikasi"]
    assert post.grade.get_service_group_display() != ""
    assert post.grade.service_group == seed_post.fields["Kumpulan Perkhidmatan"].lower()
    assert post.grade.code == seed_post.fields["Gred"]
    low, high = seed_post.salary_range
    assert (post.grade.salary_min, post.grade.salary_max) == (Decimal(low), Decimal(high))
    assert post.division.name_ms == seed_post.division
    assert list(post.lines.values_list("text_ms", flat=True)) == seed_post.duties + seed_post.qualifications


def test_post_6s_typo_intelekt_is_mended_in_the_data(seed_advertisement):
    assert "Perkhidmatan Harta Intelekt" in SOURCE.read_text("utf-8")
    assert (
        Post.objects.get(advertisement=seed_advertisement, number=6).classification_ms == "Perkhidmatan Harta Intelek"
    )
    assert not Post.objects.filter(classification_ms__contains="Intelekt").exists()


def test_grades_and_divisions_are_records_not_repeated_strings(seed_advertisement):
    assert list(Grade.objects.values_list("code", flat=True)) == ["IP8", "IP10", "IP12"]
    assert Division.objects.count() == len({post.division for post in SEED.posts}) == 6
    assert Post.objects.filter(grade__code="IP8").count() == 6


def test_the_accountants_qualifications_are_alternatives_joined_by_atau(seed_advertisement):
    lines = list(PostLine.objects.filter(post__number=3, post__advertisement=seed_advertisement, kind="qualification"))
    assert [line.joiner for line in lines] == ["atau", "atau", "atau", "dan", ""]
    for line in lines:
        assert line.text_ms.endswith(f"; {line.joiner}") == bool(line.joiner)


def test_preferences_are_marked_as_preferences(seed_advertisement):
    preferences = PostLine.objects.filter(kind=PostLine.Kind.PREFERENCE).order_by("post__number", "position")
    assert [(line.post.number, line.text_ms[:25]) for line in preferences] == [
        (2, "Keutamaan diberikan kepad"),
        (4, "Mempunyai Sijil Amalan Gu"),
        (4, "Keutamaan diberikan kepad"),
    ]


def test_each_post_is_placed_in_the_division_its_first_line_names(seed_advertisement):
    for post in Post.objects.select_related("division").prefetch_related("lines"):
        placement = post.lines.all()[0]
        assert placement.kind == PostLine.Kind.PLACEMENT
        assert post.division.name_ms in placement.text_ms


def test_every_text_a_candidate_reads_has_an_english_version(seed_advertisement):
    ad = seed_advertisement
    for name in ["title", "lead", "conditions_intro", "how_to_apply", "submission", "shortlist_notice"]:
        assert getattr(ad, f"{name}_en"), name
    assert ad.lead_en.count("\n\n") == ad.lead_ms.count("\n\n")
    assert not AdvertisementLine.objects.filter(text_en="").exists()
    assert not PostLine.objects.filter(text_en="").exists()
    assert not Post.objects.filter(title_en="").exists()
    assert not Division.objects.filter(name_en="").exists()
    for line in PostLine.objects.exclude(joiner=""):
        assert line.text_en.endswith({"dan": "; and", "atau": "; or"}[line.joiner]), line.text_en


def test_italic_terms_are_kept_in_both_languages(seed_advertisement):
    for line in PostLine.objects.filter(text_ms__contains="*"):
        assert line.text_ms.count("*") == line.text_en.count("*"), line.text_en


def test_the_fixture_and_the_data_migration_give_each_post_the_same_requirements(seed_advertisement):
    migration = importlib.import_module("vacancies.migrations.0005_set_related_fields_and_experience_fields")
    new_fields = ["related_fields", "experience_fields", "judged_by_hr"]
    from_fixture = {post.number: [getattr(post, name) for name in new_fields] for post in Post.objects.all()}
    Post.objects.update(**{name: [] for name in new_fields})
    migration.set_requirements(Post)
    assert {post.number: [getattr(post, name) for name in new_fields] for post in Post.objects.all()} == from_fixture


def test_the_posts_that_accept_a_related_field_are_those_whose_lines_say_so(seed_advertisement):
    related = {post.number for post in Post.objects.all() if post.related_fields}
    assert related == {
        line.post.number
        for line in PostLine.objects.filter(kind=PostLine.Kind.QUALIFICATION, text_ms__icontains="bidang berkaitan")
    }
    assert related == {1, 2, 5, 6, 7, 8}
    post_6 = Post.objects.get(number=6)
    assert (post_6.min_experience_years, post_6.experience_fields) == (3, ["ict_security", "data_centre", "networks"])
