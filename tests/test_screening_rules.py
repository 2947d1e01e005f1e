"""Each eligibility rule at its edges, called directly with tables of cases."""

import datetime as dt

import pytest
from django.utils import translation

from screening import rules
from screening.rules import FAIL, PASS, REVIEW, Facts, Requirements

CLOSES_2023 = dt.date(2023, 11, 28)


def facts(**changes):
    base = {
        "citizenship": "malaysian",
        "mykad": "900101145678",
        "date_of_birth": dt.date(1990, 1, 1),
        "spm_bm_grade": "A",
        "spm_bm_oral_passed": True,
        "spm_bi_grade": "B",
        "document_kinds": frozenset({"certificate", "photo", "mqa_letter", "vaccination"}),
    }
    return Facts(**{**base, **changes})


def post(**changes):
    return Requirements(**{"closes_on": CLOSES_2023, **changes})


def in_both_languages(result):
    with translation.override("ms"):
        malay = result.reason()
    with translation.override("en"):
        english = result.reason()
    return malay, english


@pytest.mark.parametrize(
    ("citizenship", "outcome"), [("malaysian", PASS), ("permanent_resident", FAIL), ("other", FAIL), ("", FAIL)]
)
def test_only_malaysian_citizens_pass(citizenship, outcome):
    assert rules.citizenship(facts(citizenship=citizenship), post()).outcome == outcome


@pytest.mark.parametrize(
    ("born", "closes_on", "outcome"),
    [
        (dt.date(2005, 11, 28), CLOSES_2023, PASS),
        (dt.date(2005, 11, 29), CLOSES_2023, FAIL),
        (dt.date(1970, 1, 1), CLOSES_2023, PASS),
        # leap-day births: 18 on 1 March in a common year, on 29 February in a leap year
        (dt.date(2004, 2, 29), dt.date(2022, 2, 28), FAIL),
        (dt.date(2004, 2, 29), dt.date(2022, 3, 1), PASS),
        (dt.date(2008, 2, 29), dt.date(2026, 2, 28), FAIL),
        (dt.date(2006, 2, 28), dt.date(2024, 2, 28), PASS),
        # a re-advertisement uses its own closing date
        (dt.date(2008, 12, 25), dt.date(2026, 12, 25), PASS),
        (dt.date(2008, 12, 26), dt.date(2026, 12, 25), FAIL),
    ],
)
def test_age_is_at_least_18_on_the_advertisements_closing_date(born, closes_on, outcome):
    result = rules.minimum_age(facts(date_of_birth=born), post(closes_on=closes_on))
    assert result.outcome == outcome
    assert closes_on.strftime("%d.%m.%Y") in result.reason()


def test_age_without_a_date_of_birth_needs_review():
    assert rules.minimum_age(facts(date_of_birth=None), post()).outcome == REVIEW


@pytest.mark.parametrize(
    ("grade", "outcome"),
    [
        ("A+", PASS),
        ("A", PASS),
        ("A-", PASS),
        ("B+", PASS),
        ("B", PASS),
        ("C+", PASS),
        ("C", PASS),
        ("D", FAIL),
        ("E", FAIL),
        ("G", FAIL),
        ("", FAIL),
    ],
)
def test_each_spm_grade_in_bahasa_melayu(grade, outcome):
    assert rules.spm_bahasa_melayu(facts(spm_bm_grade=grade), post()).outcome == outcome


def test_a_credit_without_the_oral_test_fails():
    result = rules.spm_bahasa_melayu(facts(spm_bm_oral_passed=False), post())
    assert result.outcome == FAIL
    assert "Ujian Lisan" in in_both_languages(result)[1]


@pytest.mark.parametrize("grade", ["A", "D", ""])
def test_a_july_paper_credit_is_marked_for_review(grade):
    result = rules.spm_bahasa_melayu(
        facts(spm_bm_grade=grade, spm_bm_oral_passed=False, spm_bm_july_credit=True), post()
    )
    assert result.outcome == REVIEW


@pytest.mark.parametrize(
    ("mykad", "born", "outcome"),
    [
        ("900101145678", dt.date(1990, 1, 1), PASS),
        ("900101145678", dt.date(1990, 1, 2), FAIL),
        ("901301145678", dt.date(1990, 1, 1), FAIL),
        ("", dt.date(1990, 1, 1), FAIL),
    ],
)
def test_date_of_birth_must_match_the_mykad(mykad, born, outcome):
    assert rules.mykad_date_of_birth(facts(mykad=mykad, date_of_birth=born), post()).outcome == outcome


ACCOUNTANT = {
    "min_qualification": "bachelor",
    "qualification_fields": ("accounting",),
    "accepts_accounting_membership": True,
}


@pytest.mark.parametrize(
    ("changes", "outcome"),
    [
        # each "atau" alternative of post 3
        ({"qualifications": (("bachelor", "accounting"),)}, PASS),
        ({"accounting_body_full_member": True}, PASS),
        ({"qualifications": (("bachelor", "accounting"),), "accounting_body_full_member": True}, PASS),
        ({"mia_full_member": True}, PASS),
        # and what is none of them
        ({"qualifications": (("bachelor", "law"),)}, FAIL),
        ({"qualifications": (("diploma", "accounting"),)}, FAIL),
        ({}, FAIL),
    ],
)
def test_the_accountants_alternatives(changes, outcome):
    assert rules.qualification(facts(**changes), post(**ACCOUNTANT)).outcome == outcome


@pytest.mark.parametrize(
    ("requirements", "qualifications", "outcome"),
    [
        ({"min_qualification": "bachelor"}, (("bachelor", "other"),), PASS),
        ({"min_qualification": "bachelor"}, (("master", "human_resources"),), PASS),
        ({"min_qualification": "bachelor"}, (("diploma", "other"),), FAIL),
        ({"min_qualification": "bachelor", "qualification_fields": ("law",)}, (("bachelor", "law"),), PASS),
        ({"min_qualification": "bachelor", "qualification_fields": ("law",)}, (("master", "law"),), PASS),
        ({"min_qualification": "bachelor", "qualification_fields": ("law",)}, (("bachelor", "accounting"),), FAIL),
        (
            {"min_qualification": "bachelor", "qualification_fields": ("computer_science", "computer_engineering")},
            (("bachelor", "computer_engineering"),),
            PASS,
        ),
        (
            {"min_qualification": "bachelor", "qualification_fields": ("computer_science", "computer_engineering")},
            (("bachelor", "computer_science"),),
            PASS,
        ),
        (
            {"min_qualification": "bachelor", "qualification_fields": ("computer_science", "computer_engineering")},
            (("diploma", "computer_science"),),
            FAIL,
        ),
        ({"min_qualification": "stpm_or_diploma"}, (("stpm", "other"),), PASS),
        ({"min_qualification": "stpm_or_diploma"}, (("diploma", "other"),), PASS),
        ({"min_qualification": "stpm_or_diploma"}, (), FAIL),
        ({"min_qualification": "spm"}, (), PASS),
    ],
)
def test_qualification_level_and_field_per_post(requirements, qualifications, outcome):
    assert rules.qualification(facts(qualifications=qualifications), post(**requirements)).outcome == outcome


@pytest.mark.parametrize(
    ("qualifications", "requirements", "kinds", "outcome"),
    [
        ((("bachelor", "law"),), {"min_qualification": "bachelor"}, {"certificate"}, FAIL),
        ((("bachelor", "law"),), {"min_qualification": "bachelor"}, {"mqa_letter"}, PASS),
        ((("stpm", "other"),), {"min_qualification": "stpm_or_diploma"}, {"certificate"}, PASS),
        ((("diploma", "other"),), {"min_qualification": "stpm_or_diploma"}, {"certificate"}, FAIL),
        ((("bachelor", "law"),), {"min_qualification": "spm"}, {"certificate"}, PASS),
    ],
)
def test_the_mqa_letter_is_needed_where_a_diploma_or_degree_is_relied_on(qualifications, requirements, kinds, outcome):
    result = rules.mqa_letter(
        facts(qualifications=qualifications, document_kinds=frozenset(kinds)), post(**requirements)
    )
    assert result.outcome == outcome


@pytest.mark.parametrize(("kinds", "outcome"), [({"vaccination"}, PASS), ({"certificate", "photo"}, FAIL)])
def test_the_vaccination_certificate_must_be_attached(kinds, outcome):
    assert rules.vaccination(facts(document_kinds=frozenset(kinds)), post()).outcome == outcome


@pytest.mark.parametrize(
    ("experiences", "outcome"),
    [
        (((dt.date(2020, 11, 1), None),), PASS),
        (((dt.date(2019, 1, 1), dt.date(2021, 1, 1)), (dt.date(2021, 2, 1), dt.date(2022, 6, 1))), PASS),
        (((dt.date(2022, 1, 1), None),), REVIEW),
        ((), REVIEW),
    ],
)
def test_post_6_asks_three_years_of_experience_or_high_skill_for_review(experiences, outcome):
    result = rules.experience(facts(experiences=experiences), post(min_experience_years=3))
    assert result.outcome == outcome


def test_experience_is_not_asked_by_other_posts():
    assert rules.experience(facts(), post()).outcome == PASS


@pytest.mark.parametrize(
    ("preferences", "changes", "points"),
    [
        (("ip_law_knowledge",), {"ip_law_knowledge": "Kursus Akta Cap Dagangan 2019"}, 1),
        (("ip_law_knowledge",), {}, 0),
        (("practising_certificate", "good_english"), {"practising_certificate": True, "english_level": "excellent"}, 2),
        (("practising_certificate", "good_english"), {"spm_bi_grade": "C", "english_level": "fair"}, 0),
        (("practising_certificate", "good_english"), {"spm_bi_grade": "A-", "english_level": "fair"}, 1),
        ((), {"practising_certificate": True, "ip_law_knowledge": "yes"}, 0),
    ],
)
def test_preferences_give_points_and_never_exclude(preferences, changes, points):
    result = rules.preferences(facts(**changes), post(preferences=preferences))
    assert result.outcome == PASS
    assert result.points == points


def test_every_reason_reads_in_malay_and_english():
    candidate = facts(citizenship="other", spm_bm_grade="D", qualifications=(("bachelor", "law"),))
    requirements = post(**ACCOUNTANT, min_experience_years=3, preferences=("good_english",))
    for result in rules.evaluate(candidate, requirements)[2]:
        malay, english = in_both_languages(result)
        assert malay and english
        assert malay != english, english
        assert "%(" not in malay + english


def test_the_overall_outcome_is_fail_over_review_over_pass():
    assert rules.evaluate(facts(), post())[0] == PASS
    assert rules.evaluate(facts(spm_bm_july_credit=True, spm_bm_oral_passed=False), post())[0] == REVIEW
    assert (
        rules.evaluate(facts(citizenship="other", spm_bm_july_credit=True, spm_bm_oral_passed=False), post())[0] == FAIL
    )
