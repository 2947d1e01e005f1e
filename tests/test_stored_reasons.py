"""A screening result keeps each rule's message id and parameters; its reasons read in the viewer's language."""

import json

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.roles import HR_OFFICER
from applications.models import Application
from privacy.services import candidate_data
from screening.models import ScreeningResult
from screening.rules import reason_text
from screening.services import screening_run

from .factories import PostFactory, hr_staff, submitted_application

pytestmark = pytest.mark.django_db

OLD_ENTRY = {
    "rule": "citizenship",
    "outcome": "fail",
    "reason_ms": "Bukan warganegara (lama).",
    "reason_en": "Not a citizen (old).",
}


@pytest.fixture
def foreigner():
    application = submitted_application(PostFactory(), citizenship="other")
    screening_run(applications=Application.objects.all(), scope="all")
    return application


def current(application) -> ScreeningResult:
    return ScreeningResult.objects.current().get(application=application)


def test_a_result_stores_message_ids_and_json_safe_parameters_not_texts(foreigner):
    rules = current(foreigner).rules
    assert all("msg" in rule and "reason_ms" not in rule and "reason_en" not in rule for rule in rules)
    assert json.loads(json.dumps(rules)) == rules
    age = next(rule for rule in rules if rule["rule"] == "minimum_age")
    closes_on = foreigner.post.advertisement.closes_on
    assert age["params"]["date"] == {"date": closes_on.isoformat()}
    assert closes_on.strftime("%d.%m.%Y") in reason_text(age, "en")


def test_a_stored_reason_reads_in_either_language(foreigner):
    citizenship = current(foreigner).failing()[0]
    assert reason_text(citizenship, "en").startswith("Not a Malaysian citizen")
    assert reason_text(citizenship, "ms").startswith("Bukan warganegara Malaysia")
    with translation.override("en"):
        assert reason_text(citizenship) == reason_text(citizenship, "en")
        assert current(foreigner).reasons("ms")[0][2] == reason_text(citizenship, "ms")


def test_a_result_of_the_old_format_reads_as_it_was_stored():
    assert reason_text(OLD_ENTRY, "ms") == "Bukan warganegara (lama)."
    assert reason_text(OLD_ENTRY, "en") == "Not a citizen (old)."
    with translation.override("en"):
        assert reason_text(OLD_ENTRY) == "Not a citizen (old)."


def test_hr_reads_the_reasons_in_the_language_of_the_page(client, foreigner):
    hr_staff(HR_OFFICER, client)
    citizenship = current(foreigner).failing()[0]
    malay = client.get(reverse("admin:applications_application_change", args=[foreigner.pk])).content.decode()
    with translation.override("en"):  # /en/admin/…
        english = client.get(reverse("admin:applications_application_change", args=[foreigner.pk])).content.decode()
    assert reason_text(citizenship, "ms") in malay and reason_text(citizenship, "en") not in malay
    assert reason_text(citizenship, "en") in english and reason_text(citizenship, "ms") not in english


def test_the_candidates_data_export_gives_each_reason_in_both_languages(foreigner):
    exported = candidate_data(foreigner.candidate)["applications"][0]["screening"][0]["rules"]
    citizenship = next(rule for rule in exported if rule["rule"] == "citizenship")
    assert citizenship["reason_ms"].startswith("Bukan warganegara Malaysia")
    assert citizenship["reason_en"].startswith("Not a Malaysian citizen")


def result_page(client, result, language="ms") -> str:
    with translation.override(language):
        return client.get(reverse("admin:screening_screeningresult_change", args=[result.pk])).content.decode()


def test_a_result_page_reads_its_reasons_in_the_language_of_the_page(client, foreigner):
    hr_staff(HR_OFFICER, client)
    result = current(foreigner)
    citizenship = result.failing()[0]
    malay, english = result_page(client, result), result_page(client, result, "en")
    assert reason_text(citizenship, "ms") in malay and reason_text(citizenship, "en") not in malay
    assert reason_text(citizenship, "en") in english and "citizenship.fail" not in english


def test_a_result_page_of_the_old_format_shows_the_reasons_as_stored(client, foreigner):
    hr_staff(HR_OFFICER, client)
    old = ScreeningResult.objects.create(
        application=foreigner, run=current(foreigner).run, is_current=False, outcome="fail", rules=[OLD_ENTRY]
    )
    assert "Bukan warganegara (lama)." in result_page(client, old)
    assert "Not a citizen (old)." in result_page(client, old, "en")


def test_the_result_list_costs_the_same_queries_for_one_result_or_many(client, django_assert_num_queries):
    hr_staff(HR_OFFICER, client)
    post = PostFactory()
    submitted_application(post)
    screening_run(applications=Application.objects.all(), scope="one")
    client.get("/admin/screening/screeningresult/")
    with django_assert_num_queries(7):
        client.get("/admin/screening/screeningresult/")
    for _ in range(4):
        submitted_application(post)
    screening_run(applications=Application.objects.all(), scope="five")
    with django_assert_num_queries(7):
        client.get("/admin/screening/screeningresult/")
