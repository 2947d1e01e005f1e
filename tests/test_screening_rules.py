"""Each eligibility rule at its edges, called directly with tables of cases (no database)."""

import datetime as dt
import json
from pathlib import Path

import polib
import pytest
from django.utils import translation

from applications.qualifications import Held
from screening import rules
from screening.rules import FAIL, PASS, REVIEW, Facts, Job, Requirements

CLOSES_2023 = dt.date(2023, 11, 28)
ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = {entry.msgid for entry in polib.pofile(str(ROOT / "locale" / "ms" / "LC_MESSAGES" / "django.po"))}


def seed_requirements() -> dict[int, Requirements]:
    """Each post's requirements as the fixture of the 2023 advertisement sets them (read as JSON: no database)."""
    objects = json.loads((ROOT / "fixtures" / "advertisement-2023.json").read_text("utf-8"))
    closes_on = dt.date.fromisoformat(
        next(o for o in objects if o["model"] == "vacancies.advertisement")["fields"]["closes_on"]
    )
    posts = {}
    for post in (o["fields"] for o in objects if o["model"] == "vacancies.post"):
        posts[post["number"]] = Requirements(
            closes_on=closes_on,
            min_qualification=post["min_qualification"],
            qualification_fields=tuple(post["qualification_fields"]),
            related_fields=tuple(post["related_fields"]),
            accepts_accounting_membership=post["accepts_accounting_membership"],
            min_experience_years=post["min_experience_years"],
            experience_fields=tuple(post["experience_fields"]),
            preferences=tuple(post["preferences"]),
            judged_by_hr=tuple(post["judged_by_hr"]),
        )
    return posts


POST = seed_requirements()


def facts(**changes):
    base = {
        "citizenship": "malaysian",
        "mykad": "900101145678",
        "date_of_birth": dt.date(1990, 1, 1),
        "spm_bm_grade": "A",
        "spm_bm_oral_passed": True,
        "spm_bi_grade": "C",
        "malay_spoken": "excellent",
        "malay_written": "excellent",
        "english_spoken": "good",
        "english_written": "good",
        "skill_word_processing": True,
        "skill_spreadsheet": True,
        "skill_presentation": True,
        "ip_law_knowledge_kind": "none",
        "document_kinds": frozenset({"certificate", "photo", "mqa_letter", "vaccination"}),
    }
    return Facts(**{**base, **changes})


def post(**changes):
    return Requirements(**{"closes_on": CLOSES_2023, **changes})


def english(result) -> str:
    with translation.override("en"):
        return result.reason()


def in_both_languages(result):
    with translation.override("ms"):
        malay = result.reason()
    return malay, english(result)


def years(start, end=None, field="ict_security"):
    return Job(start, end, field)


# --- Citizenship, age, SPM, MyKad --------------------------------------------------------------------------------


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
        (dt.date(1923, 1, 1), CLOSES_2023, PASS),
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
    ("born", "reason"),
    [
        (dt.date(2023, 11, 29), "The date of birth 29.11.2023 is after the closing date 28.11.2023"),
        (dt.date(2025, 1, 1), "The date of birth 01.01.2025 is after the closing date 28.11.2023"),
        (dt.date(2023, 11, 28), "Only 0 years old on the closing date 28.11.2023"),
        (dt.date(2022, 11, 28), "Only 1 year old on the closing date 28.11.2023"),
        (dt.date(2006, 11, 28), "Only 17 years old on the closing date 28.11.2023"),
    ],
)
def test_no_reason_gives_a_negative_age_and_one_year_is_singular(born, reason):
    result = rules.minimum_age(facts(date_of_birth=born), post())
    assert result.outcome == FAIL
    assert english(result).startswith(reason)
    assert "-" not in english(result).split("closing date")[0]


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
        # the grading before 2009: a credit is 1A to 6C
        ("1A", PASS),
        ("2A", PASS),
        ("3B", PASS),
        ("4B", PASS),
        ("5C", PASS),
        ("6C", PASS),
        ("7D", FAIL),
        ("8E", FAIL),
        ("9G", FAIL),
        ("TH", FAIL),
        ("", FAIL),
    ],
)
def test_each_spm_grade_in_bahasa_melayu(grade, outcome):
    assert rules.spm_bahasa_melayu(facts(spm_bm_grade=grade), post()).outcome == outcome


def test_absent_th_is_a_grade_of_its_own_and_no_credit():
    from applications.constants import SPM_CREDIT_GRADES, SpmGrade

    assert "TH" in SpmGrade.values and "TH" not in SPM_CREDIT_GRADES
    result = rules.spm_bahasa_melayu(facts(spm_bm_grade="TH"), post())
    assert english(result) == "Absent (TH) from the Bahasa Melayu paper at SPM: no credit."


def test_a_credit_without_the_oral_test_fails():
    result = rules.spm_bahasa_melayu(facts(spm_bm_oral_passed=False), post())
    assert result.outcome == FAIL
    assert "Ujian Lisan" in in_both_languages(result)[1]


@pytest.mark.parametrize("grade", ["A", "D", "", "TH"])
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
        # the century is the declared one, at both ends of a citizen's age
        ("230101145678", dt.date(1923, 1, 1), PASS),
        ("230101145678", dt.date(2023, 1, 1), PASS),
        ("000101145678", dt.date(2000, 1, 1), PASS),
        ("000101145678", dt.date(1900, 1, 1), PASS),
        ("231128145678", dt.date(2023, 11, 28), PASS),
        ("231128145678", dt.date(1923, 11, 28), PASS),
        ("230101145678", dt.date(1923, 1, 2), FAIL),
        # born after the closing date: no century holds it (the age rule says why)
        ("231129145678", dt.date(2023, 11, 29), FAIL),
    ],
)
def test_date_of_birth_must_match_the_mykad(mykad, born, outcome):
    assert rules.mykad_date_of_birth(facts(mykad=mykad, date_of_birth=born), post()).outcome == outcome


def test_someone_born_in_1923_is_eligible_by_age_and_mykad():
    candidate = facts(mykad="230101145678", date_of_birth=dt.date(1923, 1, 1))
    assert rules.mykad_date_of_birth(candidate, post()).outcome == PASS
    assert rules.minimum_age(candidate, post()).outcome == PASS
    assert "100 years old" in english(rules.minimum_age(candidate, post()))


# --- Qualification: level, named and related fields, the accountant's alternatives (points 4 and 8) --------------


@pytest.mark.parametrize(
    ("number", "qualifications", "outcome"),
    [
        # post 6 names computer science and computer engineering, "atau bidang berkaitan"
        (6, [("bachelor", "computer_science")], PASS),
        (6, [("bachelor", "computer_engineering")], PASS),
        (6, [("master", "computer_science")], PASS),
        (6, [("bachelor", "electronic_engineering")], REVIEW),
        (6, [("bachelor", "information_systems")], REVIEW),
        (6, [("bachelor", "accounting")], FAIL),
        (6, [("diploma", "computer_science")], FAIL),
        (6, [("bachelor", "electronic_engineering"), ("bachelor", "computer_science")], PASS),
        # posts 1, 2 and 5 name no field: related fields go to HR, others fail
        (1, [("bachelor", "human_resources")], REVIEW),
        (1, [("bachelor", "psychology")], REVIEW),
        (1, [("bachelor", "science")], FAIL),
        (1, [("diploma", "human_resources")], FAIL),
        (2, [("bachelor", "international_relations")], REVIEW),
        (2, [("master", "law")], REVIEW),
        (2, [("bachelor", "computer_engineering")], FAIL),
        (5, [("bachelor", "intellectual_property")], REVIEW),
        (5, [("bachelor", "mathematics")], FAIL),
        # posts 7 and 8: the STPM, or a diploma in a related field
        (7, [("stpm", "other")], PASS),
        (7, [("diploma", "science")], REVIEW),
        (7, [("diploma", "accounting")], FAIL),
        (7, [("bachelor", "other_engineering")], REVIEW),
        (7, [("diploma", "accounting"), ("stpm", "other")], PASS),
        (8, [("diploma", "arts_design")], REVIEW),
        (8, [("diploma", "computer_science")], FAIL),
        (8, [], FAIL),
        # post 4 names law only; post 9 asks for the SPM only
        (4, [("bachelor", "law")], PASS),
        (4, [("master", "law")], PASS),
        (4, [("bachelor", "intellectual_property")], FAIL),
        (9, [], PASS),
        (9, [("bachelor", "accounting")], PASS),
    ],
)
def test_the_field_the_post_names_passes_a_related_one_goes_to_hr_and_another_fails(number, qualifications, outcome):
    assert rules.qualification(facts(qualifications=qualifications), POST[number]).outcome == outcome


def test_a_related_field_names_both_fields_in_the_reason():
    result = rules.qualification(facts(qualifications=[("bachelor", "electronic_engineering")]), POST[6])
    assert english(result) == (
        "Bachelor's degree in Electrical or electronic engineering: not the field the post names (Computer science / "
        "information technology, Computer engineering), but possibly a related field (bidang berkaitan), for HR to "
        "judge."
    )


def test_an_unrelated_field_fails_with_the_fields_the_post_accepts():
    result = rules.qualification(facts(qualifications=[("bachelor", "science")]), POST[1])
    assert english(result).startswith("Bachelor's degree in Science (physics, chemistry, biology and others): not a ")
    assert "Human resource management" in english(result)


@pytest.mark.parametrize(
    ("requirements", "qualifications", "outcome"),
    [
        ({"min_qualification": "bachelor"}, [("bachelor", "other")], PASS),
        ({"min_qualification": "bachelor"}, [("doctorate", "psychology")], PASS),
        ({"min_qualification": "bachelor"}, [("diploma", "other")], FAIL),
        ({"min_qualification": "stpm_or_diploma"}, [("diploma", "other")], PASS),
        ({"min_qualification": "stpm_or_diploma"}, [], FAIL),
    ],
)
def test_a_post_naming_no_field_and_no_related_field_takes_any_field(requirements, qualifications, outcome):
    assert rules.qualification(facts(qualifications=qualifications), post(**requirements)).outcome == outcome


@pytest.mark.parametrize(
    ("changes", "outcome"),
    [
        # each "atau" alternative of post 3
        ({"qualifications": [("bachelor", "accounting")]}, PASS),
        ({"accounting_body": "acca", "accounting_membership_number": "2345678"}, PASS),
        (
            {
                "qualifications": [("bachelor", "accounting")],
                "accounting_body": "cima",
                "accounting_membership_number": "1-22",
            },
            PASS,
        ),
        ({"accounting_body": "mia", "accounting_membership_number": "CA 12345"}, PASS),
        ({"accounting_body": "cpa_australia", "accounting_membership_number": "9999"}, PASS),
        ({"accounting_body": "micpa", "accounting_membership_number": "77"}, PASS),
        ({"accounting_body": "icaew", "accounting_membership_number": "8"}, PASS),
        # what only HR can judge
        ({"accounting_body": "other", "accounting_membership_number": "X-1"}, REVIEW),
        ({"accounting_body": "mia"}, REVIEW),
        # and what is none of them
        ({"qualifications": [("bachelor", "law")]}, FAIL),
        ({"qualifications": [("bachelor", "finance")]}, FAIL),
        ({"qualifications": [("diploma", "accounting")]}, FAIL),
        ({}, FAIL),
    ],
)
def test_the_accountants_alternatives(changes, outcome):
    assert rules.qualification(facts(**changes), POST[3]).outcome == outcome


def test_every_listed_accounting_body_is_an_alternative_for_the_accountant():
    from applications.constants import RECOGNISED_ACCOUNTING_BODIES

    assert {"mia", "acca", "cima", "cpa_australia", "micpa", "icaew"} <= RECOGNISED_ACCOUNTING_BODIES
    for body in RECOGNISED_ACCOUNTING_BODIES:
        result = rules.qualification(facts(accounting_body=body, accounting_membership_number="123"), POST[3])
        assert result.outcome == PASS, body
        assert "123" in english(result)


def test_an_accounting_body_is_no_alternative_where_the_post_does_not_accept_it():
    assert rules.qualification(facts(accounting_body="mia", accounting_membership_number="1"), POST[1]).outcome == FAIL


# --- The MQA letter of the qualification relied on (point 5) -----------------------------------------------------


@pytest.mark.parametrize(
    ("number", "qualifications", "letters", "unlinked", "outcome"),
    [
        # post 7: an STPM and a degree without its letter: the STPM is relied on, no letter needed
        (7, [("stpm", "other", "1"), ("bachelor", "science", "2")], set(), 0, PASS),
        (7, [("diploma", "science", "1")], set(), 0, FAIL),
        (7, [("diploma", "science", "1")], {"1"}, 0, PASS),
        # post 9 asks for the SPM: a degree holder needs no letter
        (9, [("bachelor", "computer_science", "1")], set(), 0, PASS),
        # the letter must be the relied-on degree's, not another's
        (3, [("bachelor", "accounting", "1"), ("master", "law", "2")], {"2"}, 0, FAIL),
        (3, [("bachelor", "accounting", "1"), ("master", "law", "2")], {"1"}, 0, PASS),
        (6, [("bachelor", "electronic_engineering", "1")], {"1"}, 0, PASS),
        (6, [("bachelor", "electronic_engineering", "1")], set(), 0, FAIL),
        # a letter not linked to a qualification (uploaded before letters were linked)
        (3, [("bachelor", "accounting", "1")], set(), 1, PASS),
        (3, [("bachelor", "accounting", "1"), ("master", "law", "2")], set(), 1, REVIEW),
        # a post naming the field prefers the degree in it, whose letter is then asked
        (6, [("bachelor", "electronic_engineering", "1"), ("bachelor", "computer_science", "2")], {"1"}, 0, FAIL),
    ],
)
def test_the_mqa_letter_belongs_to_the_qualification_relied_on(number, qualifications, letters, unlinked, outcome):
    candidate = facts(qualifications=qualifications, mqa_letters_for=frozenset(letters), unlinked_mqa_letters=unlinked)
    assert rules.mqa_letter(candidate, POST[number]).outcome == outcome


def test_an_accountant_relying_on_membership_needs_no_mqa_letter():
    candidate = facts(
        qualifications=[("bachelor", "accounting", "1")], accounting_body="acca", accounting_membership_number="5"
    )
    assert rules.qualification(candidate, POST[3]).outcome == PASS
    assert rules.mqa_letter(candidate, POST[3]).outcome == PASS


def test_the_missing_letter_names_the_qualification_relied_on():
    candidate = facts(qualifications=[("stpm", "other", "1"), ("diploma", "science", "2")])
    result = rules.mqa_letter(facts(qualifications=[("diploma", "science", "2")]), POST[7])
    assert english(result) == (
        "The MQA recognition letter for the Diploma in Science (physics, chemistry, biology and others) relied on is "
        "missing."
    )
    assert english(rules.mqa_letter(candidate, POST[7])) == "Not required: no diploma or degree is relied on."


# --- Experience: union of relevant periods, up to the closing date, in calendar years and months (points 1-3) -----


@pytest.mark.parametrize(
    ("jobs", "outcome"),
    [
        # two jobs at once for two years count two years, not four
        ([years(dt.date(2021, 11, 29), None), years(dt.date(2021, 11, 29), None, "networks")], FAIL),
        (
            [years(dt.date(2021, 11, 29), dt.date(2023, 11, 28)), years(dt.date(2021, 11, 29), dt.date(2023, 11, 28))],
            FAIL,
        ),
        # overlapping jobs count their union
        ([years(dt.date(2019, 1, 1), dt.date(2021, 6, 30)), years(dt.date(2020, 1, 1), dt.date(2022, 12, 31))], PASS),
        # one job after another
        (
            [years(dt.date(2020, 11, 29), dt.date(2021, 11, 28)), years(dt.date(2021, 11, 29), None, "data_centre")],
            PASS,
        ),
        # an open job counts up to the closing date, not to today
        ([years(dt.date(2021, 1, 1), None)], FAIL),
        ([years(dt.date(2018, 1, 1), None)], PASS),
        # work after the closing date does not count
        ([years(dt.date(2021, 1, 1), dt.date(2026, 1, 1))], FAIL),
        ([years(dt.date(2024, 1, 1), None), years(dt.date(2022, 1, 1), None)], FAIL),
        ([], FAIL),
    ],
)
def test_post_6_counts_the_union_of_the_periods_up_to_the_closing_date(jobs, outcome):
    assert rules.experience(facts(experiences=jobs), POST[6]).outcome == outcome


@pytest.mark.parametrize(
    ("jobs", "outcome"),
    [
        # only ICT security operations, data centres and networks count
        ([years(dt.date(2019, 1, 1), None, "other")], FAIL),
        ([years(dt.date(2019, 1, 1), None, "other_ict")], FAIL),
        ([years(dt.date(2019, 1, 1), None, "accounting")], FAIL),
        ([years(dt.date(2019, 1, 1), None, "data_centre")], PASS),
        ([years(dt.date(2019, 1, 1), None, "networks")], PASS),
        ([years(dt.date(2019, 1, 1), None, "ict_security")], PASS),
        ([years(dt.date(2018, 1, 1), dt.date(2019, 12, 31)), years(dt.date(2022, 1, 1), None, "networks")], PASS),
        ([years(dt.date(2018, 1, 1), dt.date(2019, 12, 31)), years(dt.date(2020, 1, 1), None, "other")], FAIL),
        # submitted before the BORANG asked the field of work: HR judges
        ([years(dt.date(2019, 1, 1), None, "")], REVIEW),
        ([years(dt.date(2022, 1, 1), None, "")], FAIL),
    ],
)
def test_post_6_counts_only_relevant_experience(jobs, outcome):
    assert rules.experience(facts(experiences=jobs), POST[6]).outcome == outcome


def test_four_years_as_a_supermarket_cashier_do_not_pass_post_6():
    result = rules.experience(facts(experiences=[years(dt.date(2019, 11, 1), None, "other")]), POST[6])
    assert result.outcome == FAIL
    assert english(result) == (
        "Only 0 months of experience in ICT security operations, Data centre operations, Networks and "
        "telecommunications up to the closing date, below the minimum of 3 years, and no high skill claimed instead."
    )


@pytest.mark.parametrize(
    ("jobs", "claimed", "outcome"),
    [
        ([years(dt.date(2022, 1, 1), None)], True, REVIEW),
        ([], True, REVIEW),
        ([years(dt.date(2022, 1, 1), None)], False, FAIL),
        ([years(dt.date(2019, 1, 1), None)], True, PASS),
    ],
)
def test_high_skill_without_the_years_goes_to_hr_with_its_description(jobs, claimed, outcome):
    details = "CISSP, 2021; pentadbir rangkaian kampus" if claimed else ""
    result = rules.experience(facts(experiences=jobs, ict_high_skill=claimed, ict_high_skill_details=details), POST[6])
    assert result.outcome == outcome
    if outcome == REVIEW:
        assert "CISSP, 2021" in english(result) and "for HR to judge" in english(result)


@pytest.mark.parametrize(
    ("jobs", "outcome", "duration"),
    [
        # exactly three years, open or closed, counted in calendar years and months
        ([years(dt.date(2020, 11, 29), None)], PASS, "3 years of experience"),
        ([years(dt.date(2020, 11, 28), dt.date(2023, 11, 27))], PASS, "3 years of experience"),
        ([years(dt.date(2020, 1, 1), dt.date(2022, 12, 31))], PASS, "3 years of experience"),
        ([years(dt.date(2020, 2, 29), dt.date(2023, 2, 28))], PASS, "3 years of experience"),
        ([years(dt.date(2020, 11, 30), None)], FAIL, "2 years and 11 months of experience"),
        ([years(dt.date(2022, 10, 28), None)], FAIL, "1 year and 1 month of experience"),
        # two periods of a year and a half each make three years
        (
            [years(dt.date(2019, 1, 1), dt.date(2020, 6, 30)), years(dt.date(2021, 1, 1), dt.date(2022, 6, 30))],
            PASS,
            "3 years",
        ),
        # leftover days add up at 31 to a month: twice 17 months 16 days is 35 months, twice 17 months 15 days 34
        (
            [years(dt.date(2019, 1, 1), dt.date(2020, 6, 16)), years(dt.date(2021, 1, 1), dt.date(2022, 6, 16))],
            FAIL,
            "2 years and 11 months",
        ),
        (
            [years(dt.date(2019, 1, 1), dt.date(2020, 6, 15)), years(dt.date(2021, 1, 1), dt.date(2022, 6, 15))],
            FAIL,
            "2 years and 10 months",
        ),
    ],
)
def test_exactly_three_years_passes_in_whole_calendar_years_and_months(jobs, outcome, duration):
    result = rules.experience(facts(experiences=jobs), POST[6])
    assert result.outcome == outcome
    assert duration in english(result)
    assert "3.0" not in english(result)


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        # a month from 31 January ends on the last day of February: 31.01 to 27.02 is 28 days, no month
        (dt.date(2023, 1, 31), dt.date(2023, 2, 27), 0),
        (dt.date(2023, 1, 31), dt.date(2023, 2, 28), 1),
        (dt.date(2023, 2, 1), dt.date(2023, 2, 28), 1),
        (dt.date(2023, 2, 1), dt.date(2023, 2, 27), 0),
        (dt.date(2023, 1, 1), dt.date(2023, 1, 31), 1),
        (dt.date(2022, 11, 28), dt.date(2023, 11, 27), 12),
        (dt.date(2022, 11, 28), dt.date(2023, 11, 26), 11),
    ],
)
def test_a_period_counts_whole_calendar_months_both_days_included(start, end, months):
    assert rules.experience_length([Job(start, end)], CLOSES_2023).total_months == months


def test_experience_is_not_asked_by_other_posts():
    for number in (1, 2, 3, 4, 5, 7, 8, 9):
        assert rules.experience(facts(), POST[number]).outcome == PASS


# --- Basic conditions: languages, computer skills, what only HR can judge (point 8) ------------------------------


@pytest.mark.parametrize(
    ("changes", "outcome"),
    [
        ({}, PASS),
        ({"malay_spoken": "good", "english_written": "excellent"}, PASS),
        ({"english_written": "fair"}, REVIEW),
        ({"malay_spoken": "fair", "english_spoken": "fair"}, REVIEW),
        ({"english_spoken": "weak"}, FAIL),
        ({"malay_written": "weak", "english_written": "fair"}, FAIL),
        ({"malay_spoken": "", "malay_written": ""}, REVIEW),  # not asked before 2026.2
    ],
)
def test_every_post_asks_good_spoken_and_written_malay_and_english(changes, outcome):
    assert rules.languages(facts(**changes), post()).outcome == outcome


def test_the_language_reason_names_what_falls_short():
    result = rules.languages(facts(english_written="fair", malay_spoken=""), post())
    assert english(result) == (
        "Every post asks for good spoken and written Bahasa Malaysia and English: for HR to judge. Declares only a "
        "fair command of written English. No answer on spoken Bahasa Malaysia."
    )
    assert "weak command of spoken English" in english(rules.languages(facts(english_spoken="weak"), post()))


@pytest.mark.parametrize(
    ("skills", "outcome"),
    [
        ((True, True, True), PASS),
        ((True, True, False), FAIL),
        ((False, True, True), FAIL),
        ((False, False, False), FAIL),
    ],
)
def test_every_post_asks_word_processing_spreadsheets_and_presentations(skills, outcome):
    names = ("skill_word_processing", "skill_spreadsheet", "skill_presentation")
    result = rules.computer_skills(facts(**dict(zip(names, skills, strict=True))), post())
    assert result.outcome == outcome
    if not skills[2]:
        assert "presentation (e.g. PowerPoint)" in english(result)


def test_what_only_a_person_can_judge_is_named_for_hr_not_silently_passed():
    general = english(rules.hr_judgement(facts(), POST[1]))
    assert general.startswith("Not decided from the BORANG, for HR to judge")
    assert "teamwork and work under minimal supervision; several tasks" in general and "under pressure" in general
    assert "computer hardware" not in general
    assert "computer hardware, equipment and systems" in english(rules.hr_judgement(facts(), POST[6]))


# --- Preferences: ranking points (points 7, 8 and 10) ------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "points"),
    [
        ({"ip_law_knowledge_kind": "course", "ip_law_knowledge": "Kursus Akta Cap Dagangan 2019"}, 1),
        ({"ip_law_knowledge_kind": "qualification", "ip_law_knowledge": "LLM (IP)"}, 1),
        ({"ip_law_knowledge_kind": "work", "ip_law_knowledge": "Firma guaman, paten"}, 1),
        ({"ip_law_knowledge_kind": "none"}, 0),
        ({"ip_law_knowledge_kind": "none", "ip_law_knowledge": "Tiada"}, 0),
        # submitted before the question was asked as a choice: words only earn no point
        ({"ip_law_knowledge_kind": "", "ip_law_knowledge": "Tiada"}, 0),
        ({"ip_law_knowledge_kind": "", "ip_law_knowledge": "Kursus Akta Paten"}, 0),
    ],
)
def test_post_2_gives_its_point_for_knowledge_of_ip_law_as_answered(changes, points):
    result = rules.preferences(facts(**changes), POST[2])
    assert (result.outcome, result.points) == (PASS, points)


def test_knowledge_described_only_in_words_is_left_to_hr():
    result = rules.preferences(facts(ip_law_knowledge_kind="", ip_law_knowledge="Tiada"), POST[2])
    assert english(result) == (
        "No preference of the post met (0 points). Knowledge of intellectual property law described only in words "
        "(“Tiada”): no point, for HR to judge."
    )


@pytest.mark.parametrize(
    ("changes", "points"),
    [
        ({"practising_certificate": True, "english_spoken": "excellent", "english_written": "excellent"}, 2),
        ({"spm_bi_grade": "C"}, 0),
        ({"spm_bi_grade": "A-"}, 1),
        ({"spm_bi_grade": "4B"}, 1),
        ({"spm_bi_grade": "5C"}, 0),
        ({"english_spoken": "excellent", "english_written": "good"}, 0),
        ({"practising_certificate": True}, 1),
    ],
)
def test_post_4_gives_points_for_the_practising_certificate_and_english_beyond_the_basic_condition(changes, points):
    result = rules.preferences(facts(**changes), POST[4])
    assert (result.outcome, result.points) == (PASS, points)


def test_preferences_never_exclude_and_other_posts_state_none():
    result = rules.preferences(facts(practising_certificate=True, ip_law_knowledge_kind="course"), POST[1])
    assert (result.outcome, result.points) == (PASS, 0)


@pytest.mark.parametrize(
    ("changes", "text"),
    [({"spm_bi_grade": "B"}, "(1 point)."), ({"spm_bi_grade": "A", "practising_certificate": True}, "(2 points).")],
)
def test_one_point_is_singular_in_english(changes, text):
    assert english(rules.preferences(facts(**changes), POST[4])).endswith(text)


# --- The whole: both languages, the overall outcome, snapshots of every version ---------------------------------


def msgid(message) -> str:
    return message._args[0] if message._args else message._kw["singular"]


CASES = [
    (facts(citizenship="other", spm_bm_grade="D", qualifications=[("bachelor", "law")]), POST[3]),
    (facts(date_of_birth=dt.date(2024, 1, 1), spm_bm_grade="TH", english_spoken="weak"), POST[6]),
    (
        facts(
            qualifications=[("bachelor", "electronic_engineering", "1")],
            ict_high_skill=True,
            ict_high_skill_details="x",
        ),
        POST[6],
    ),
    (facts(qualifications=[("bachelor", "accounting", "1"), ("master", "law", "2")], unlinked_mqa_letters=1), POST[3]),
    (facts(accounting_body="other", accounting_membership_number="1", skill_spreadsheet=False), POST[3]),
    (facts(accounting_body="acca", accounting_membership_number="1", english_written="fair", malay_spoken=""), POST[3]),
    (facts(qualifications=[("stpm", "other")], experiences=[years(dt.date(2019, 1, 1), None, "")]), POST[7]),
    (facts(qualifications=[("diploma", "science", "1")], mqa_letters_for=frozenset({"1"})), POST[7]),
    (facts(ip_law_knowledge_kind="", ip_law_knowledge="Tiada", qualifications=[("bachelor", "science")]), POST[2]),
    (facts(ip_law_knowledge_kind="course", qualifications=[("bachelor", "law")], spm_bm_july_credit=True), POST[2]),
    (facts(practising_certificate=True, spm_bi_grade="A", qualifications=[("bachelor", "law")]), POST[4]),
    (facts(mykad="901301145678", experiences=[years(dt.date(2015, 1, 1), None)]), POST[6]),
    (facts(date_of_birth=None, spm_bm_grade=""), POST[9]),
    (
        facts(
            date_of_birth=dt.date(2010, 1, 1), qualifications=[("diploma", "accounting")], document_kinds=frozenset()
        ),
        POST[8],
    ),
]


def test_every_reason_reads_in_malay_and_english():
    awaiting = set()
    for candidate, requirements in CASES:
        for result in rules.evaluate(candidate, requirements)[2]:
            malay, english_text = in_both_languages(result)
            assert malay and english_text
            assert "%(" not in malay + english_text
            for message, _params in [(result.msg, result.params), *result.notes]:
                if msgid(rules.MESSAGES[message]) not in CATALOGUE:
                    awaiting.add(msgid(rules.MESSAGES[message]))
            if msgid(result.message) in CATALOGUE and not result.notes:
                assert malay != english_text, english_text
    assert sorted(awaiting) == []


def test_the_overall_outcome_is_fail_over_review_over_pass():
    assert rules.evaluate(facts(), post())[0] == PASS
    assert rules.evaluate(facts(spm_bm_july_credit=True, spm_bm_oral_passed=False), post())[0] == REVIEW
    assert (
        rules.evaluate(facts(citizenship="other", spm_bm_july_credit=True, spm_bm_oral_passed=False), post())[0] == FAIL
    )


def test_an_eligible_candidate_for_each_post_of_the_seed():
    degrees = {
        1: [("bachelor", "human_resources", "1")],
        2: [("bachelor", "law", "1")],
        3: [("bachelor", "accounting", "1")],
        4: [("bachelor", "law", "1")],
        5: [("bachelor", "law", "1")],
        6: [("bachelor", "computer_science", "1")],
        7: [("stpm", "other", "1")],
        8: [("stpm", "other", "1")],
        9: [],
    }
    for number, requirements in POST.items():
        candidate = facts(
            qualifications=degrees[number],
            mqa_letters_for=frozenset({"1"}),
            experiences=[years(dt.date(2015, 1, 1), None)],
        )
        overall, _points, results = rules.evaluate(candidate, requirements)
        expected = REVIEW if number in {1, 2, 5} else PASS  # named no field: HR judges the related one
        assert overall == expected, (number, [(r.rule, r.outcome) for r in results if r.outcome != PASS])


OLD_SNAPSHOT = {
    # the shape of a snapshot submitted under rules 2026.1
    "email": "calon@example.my",
    "profile": {
        "full_name": "NUR AISYAH BINTI AHMAD",
        "mykad": "900101145678",
        "citizenship": "malaysian",
        "date_of_birth": "1990-01-01",
        "spm_bm_grade": "A",
        "spm_bm_oral_passed": True,
        "spm_bm_july_credit": False,
        "spm_bi_grade": "B+",
        "mia_full_member": True,
        "accounting_body_full_member": False,
        "practising_certificate": False,
        "skill_word_processing": True,
        "skill_spreadsheet": True,
        "skill_presentation": True,
        "ip_law_knowledge": "Tiada",
        "english_level": "good",
    },
    "qualifications": [
        {
            "level": "bachelor",
            "field_of_study": "law",
            "programme": "",
            "institution": "UM",
            "year": 2012,
            "cgpa": "3.10",
        }
    ],
    "experiences": [{"employer": "Syarikat", "position": "Juruwang", "started_on": "2015-01-01", "ended_on": None}],
    "languages": [{"name": "Bahasa Melayu", "spoken": "excellent", "written": "excellent"}],
    "documents": [
        {"id": "x", "kind": "mqa_letter", "name": "mqa.pdf", "sha256": "0"},
        {"id": "y", "kind": "vaccination", "name": "v.pdf", "sha256": "0"},
    ],
}


def test_a_snapshot_of_the_old_borang_is_read_into_todays_questions():
    old = Facts.from_snapshot(OLD_SNAPSHOT)
    assert (old.accounting_body, old.accounting_membership_number) == ("mia", "")
    assert (old.english_spoken, old.english_written, old.malay_spoken) == ("good", "good", "excellent")
    assert (old.ip_law_knowledge_kind, old.ip_law_knowledge) == ("", "Tiada")
    assert old.experiences == (Job(dt.date(2015, 1, 1), None, ""),)
    assert old.qualifications == (Held("bachelor", "law", ""),)
    assert (old.mqa_letters_for, old.unlinked_mqa_letters) == (frozenset(), 1)
    outcomes = {r.rule: r.outcome for r in rules.evaluate(old, POST[3])[2]}
    assert outcomes["qualification"] == REVIEW  # MIA ticked, no membership number given then
    assert outcomes["languages"] == PASS  # Malay read from the free list of languages
    assert rules.evaluate(old, POST[2])[1] == 0  # "Tiada" earns no point
    assert {r.rule: r.outcome for r in rules.evaluate(old, POST[6])[2]}["experience"] == REVIEW
    assert {r.rule: r.outcome for r in rules.evaluate(old, POST[4])[2]}["mqa_letter"] == PASS  # its one degree


@pytest.mark.parametrize(
    ("languages", "outcome"),
    [
        ([{"name": " Bahasa Malaysia ", "spoken": "good", "written": "excellent"}], PASS),
        ([{"name": "BM", "spoken": "fair", "written": "good"}], REVIEW),
        ([{"name": "Bahasa Arab", "spoken": "good", "written": "good"}], REVIEW),  # Malay not declared then
        ([], REVIEW),
    ],
)
def test_an_old_snapshot_gives_malay_from_its_free_list_of_languages(languages, outcome):
    old = Facts.from_snapshot({**OLD_SNAPSHOT, "languages": languages})
    assert rules.languages(old, POST[1]).outcome == outcome


def test_the_old_tick_for_another_accounting_body_is_for_hr_to_judge():
    snapshot = {
        **OLD_SNAPSHOT,
        "profile": {**OLD_SNAPSHOT["profile"], "mia_full_member": False, "accounting_body_full_member": True},
    }
    assert Facts.from_snapshot(snapshot).accounting_body == "other"
    assert rules.qualification(Facts.from_snapshot(snapshot), POST[3]).outcome == REVIEW


def test_every_rule_has_a_name_and_every_old_name_is_kept():
    old_names = {
        "citizenship",
        "minimum_age",
        "spm_bahasa_melayu",
        "mykad_date_of_birth",
        "qualification",
        "mqa_letter",
        "vaccination",
        "experience",
        "preferences",
    }
    names = {result.rule for result in rules.evaluate(facts(), post())[2]}
    assert names == set(rules.RULE_NAMES)
    assert old_names <= set(rules.RULE_NAMES)
    assert len("|" + "|".join(rules.RULE_NAMES) + "|") <= 300  # fits ScreeningResult.failing_rules
    assert rules.RULES_VERSION == "2026.2"
