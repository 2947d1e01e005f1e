"""Semak kelayakan: a few answers, the rules of HR's screening for every open post, nothing stored."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from applications.models import Application, Profile
from screening.eligibility import eligibility_check, facts_from_answers, verdict_for_profile
from screening.forms import EligibilityForm
from screening.models import ScreeningResult
from screening.outcomes import FAIL, PASS, REVIEW
from screening.rules import Facts, Requirements, evaluate

from .factories import AdvertisementFactory, ApplicationFactory, PostFactory, complete_profile

pytestmark = pytest.mark.django_db

ELIGIBLE = {
    "mykad": "900101-14-5678",
    "citizenship": "malaysian",
    "spm_bm_grade": "A",
    "spm_bm_oral_passed": "1",
    "qualification_level": "bachelor",
    "field_of_study": "accounting",
    "experience_years": "0",
}


@pytest.fixture
def posts(db):
    advertisement = AdvertisementFactory()
    return {
        "accountant": PostFactory(
            advertisement=advertisement,
            min_qualification="bachelor",
            qualification_fields=["accounting"],
            accepts_accounting_membership=True,
        ),
        "ict": PostFactory(
            advertisement=advertisement,
            min_qualification="bachelor",
            qualification_fields=["computer_science"],
            min_experience_years=3,
            experience_fields=["ict_security"],
        ),
        "clerk": PostFactory(advertisement=advertisement, min_qualification="spm"),
        "closed": PostFactory(advertisement=AdvertisementFactory(closed=True)),
    }


def answers(data: dict) -> dict:
    form = EligibilityForm(data)
    assert form.is_valid(), form.errors
    return form.cleaned_data


def check(client, **changes):
    data = {**ELIGIBLE, **changes}
    return client.post(reverse("screening:eligibility"), {k: v for k, v in data.items() if v is not None})


def verdicts_by_post(response):
    return {verdict.post.pk: verdict for verdict in response.context["verdicts"]}


def test_the_check_is_open_to_visitors_and_lists_every_open_post(client, posts):
    response = check(client)
    assert response.status_code == 200
    verdicts = verdicts_by_post(response)
    assert set(verdicts) == {posts["accountant"].pk, posts["ict"].pk, posts["clerk"].pk}
    assert verdicts[posts["accountant"].pk].outcome == PASS
    assert verdicts[posts["clerk"].pk].outcome == PASS
    assert verdicts[posts["ict"].pk].outcome == FAIL


def test_the_reasons_are_the_screening_rules_own_in_malay(client, posts):
    response = check(client, spm_bm_oral_passed="0")
    body = response.content.decode()
    with translation.override("ms"):
        from screening import rules

        expected = rules.spm_bahasa_melayu(
            Facts(spm_bm_grade="A", spm_bm_oral_passed=False), Requirements(closes_on=dt.date(2030, 1, 1))
        ).reason()
    assert expected in body
    with translation.override("ms"):
        assert str(translation.gettext("Not eligible")) in body
    assert all(verdict.outcome == FAIL for verdict in response.context["verdicts"])


def test_the_verdict_is_the_one_evaluate_gives_for_the_asked_rules(posts):
    form = answers({**ELIGIBLE, "field_of_study": "law"})
    facts = facts_from_answers(answers=form)
    (verdict,) = eligibility_check(facts=facts, posts=[posts["accountant"]])
    _overall, _points, results = evaluate(facts, Requirements.for_post(posts["accountant"]))
    by_rule = {result.rule: result for result in results}
    assert verdict.outcome == FAIL
    assert [r.rule for r in verdict.failing] == ["qualification"]
    assert verdict.failing[0] == by_rule["qualification"]


def test_a_related_field_goes_to_hr_and_a_full_accounting_member_qualifies(posts):
    posts["accountant"].related_fields = ["finance"]
    posts["accountant"].save()
    facts = facts_from_answers(answers=answers({**ELIGIBLE, "field_of_study": "finance"}))
    assert eligibility_check(facts=facts, posts=[posts["accountant"]])[0].outcome == REVIEW
    member = {**ELIGIBLE, "qualification_level": "", "accounting_body": "mia", "accounting_membership_number": "12345"}
    facts = facts_from_answers(answers=answers(member))
    assert eligibility_check(facts=facts, posts=[posts["accountant"]])[0].outcome == PASS


def test_experience_counts_the_years_in_the_field_and_high_skill_goes_to_hr(posts):
    enough = {
        **ELIGIBLE,
        "field_of_study": "computer_science",
        "experience_years": "4",
        "field_of_work": "ict_security",
    }
    facts = facts_from_answers(answers=answers(enough))
    assert eligibility_check(facts=facts, posts=[posts["ict"]])[0].outcome == PASS
    other = {**enough, "field_of_work": "accounting", "ict_high_skill": "on"}
    facts = facts_from_answers(answers=answers(other))
    assert eligibility_check(facts=facts, posts=[posts["ict"]])[0].outcome == REVIEW


def test_age_from_the_mykad_or_the_date_of_birth(client, posts):
    young = (timezone.localdate() - dt.timedelta(days=365 * 16)).isoformat()
    response = check(client, mykad="", date_of_birth=young)
    assert all(v.outcome == FAIL for v in response.context["verdicts"])
    assert all("minimum_age" in [r.rule for r in v.failing] for v in response.context["verdicts"])
    response = check(client, mykad="", date_of_birth="")
    assert response.context["verdicts"] is None
    assert response.context["form"].has_error("date_of_birth", code="birth_needed")
    response = check(client, mykad="901301-14-5678")
    assert response.context["form"].has_error("mykad", code="mykad_date")


def test_nothing_is_stored_not_even_in_the_session(client, posts):
    with CaptureQueriesContext(connection) as queries:
        check(client)
    writes = [q["sql"] for q in queries if q["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}]
    assert writes == []
    assert not client.session.keys()
    assert Profile.objects.count() == Application.objects.count() == ScreeningResult.objects.count() == 0
    response = check(client)
    assert "no-store" in response["Cache-Control"]


def test_the_page_is_linked_from_the_menu_and_each_open_post(client, posts):
    url = reverse("screening:eligibility")
    assert url in client.get(reverse("vacancies:home")).content.decode()
    assert url in client.get(posts["clerk"].get_absolute_url()).content.decode()
    with translation.override("en"):
        response = client.get(reverse("screening:eligibility"))
    assert response.status_code == 200
    assert "Check your eligibility" in response.content.decode()


def test_the_review_step_shows_the_verdict_of_the_borang_as_it_stands(client, posts):
    profile = complete_profile(spm_bm_oral_passed=False)
    application = ApplicationFactory(candidate=profile.user, post=posts["accountant"])
    client.force_login(profile.user)
    response = client.get(reverse("applications:step", args=[application.pk, "review"]))
    body = response.content.decode()
    assert 'data-verdict="fail"' in body
    assert "Anda tidak memenuhi:" in body or "You do not meet" in body
    assert ScreeningResult.objects.count() == 0
    verdict = verdict_for_profile(profile=profile, post=posts["accountant"])
    assert [r.rule for r in verdict.failing] == ["spm_bahasa_melayu"]


def test_the_review_verdict_passes_a_complete_eligible_borang(posts):
    profile = complete_profile()
    verdict = verdict_for_profile(profile=profile, post=posts["accountant"])
    assert verdict.outcome == PASS, [(r.rule, r.reason()) for r in verdict.results if r.outcome != PASS]


@pytest.mark.parametrize(("grade", "outcome"), [("6C", PASS), ("1A", PASS), ("7D", FAIL), ("TH", FAIL)])
def test_the_check_takes_the_spm_grades_from_before_2009(posts, grade, outcome):
    facts = facts_from_answers(answers=answers({**ELIGIBLE, "spm_bm_grade": grade}))
    assert eligibility_check(facts=facts, posts=[posts["clerk"]])[0].outcome == outcome
