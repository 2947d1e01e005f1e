"""HR's work in Django admin: the application list, actions, read-only evidence, and what each role may open."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from accounts.roles import HR_ADMINISTRATOR, HR_OFFICER
from applications.models import Application
from applications.services import application_start, application_submit
from privacy.services import candidate_data
from screening.models import Override, ScreeningResult, Shortlist
from screening.rules import reason_text

from .factories import DocumentFactory, PostFactory, ProfileFactory, QualificationFactory, UserFactory

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/applications/application/"


def staff(role):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def officer_client(client):
    client.force_login(staff(HR_OFFICER))
    return client


def make_applications(post, count, start=0):
    made = []
    for number in range(start, start + count):
        profile = ProfileFactory(full_name=f"CALON {number}")
        QualificationFactory(profile=profile)
        for kind in ("certificate", "photo", "mqa_letter", "vaccination"):
            DocumentFactory(owner=profile.user, kind=kind)
        made.append(application_submit(application=application_start(candidate=profile.user, post=post)))
    return made


@pytest.fixture
def post(db):
    return PostFactory(min_qualification="bachelor")


def test_the_changelist_shows_the_columns_hr_needs(officer_client, post):
    application = make_applications(post, 1)[0]
    officer_client.post(CHANGELIST, {"action": "screen", "_selected_action": [application.pk]})
    page = officer_client.get(CHANGELIST).content.decode()
    assert application.reference in page
    assert "CALON 0" in page
    assert ">36<" in page or ">35<" in page or ">34<" in page  # age on the closing date
    assert "Layak" in page or "Eligible" in page


def test_the_changelist_query_count_does_not_grow_with_rows(officer_client, post, django_assert_max_num_queries):
    make_applications(post, 2)
    officer_client.get(CHANGELIST)
    with django_assert_max_num_queries(12) as first:
        officer_client.get(CHANGELIST)
    make_applications(post, 8, start=2)
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = officer_client.get(CHANGELIST)
    assert response.context["cl"].result_count == 10


def test_search_by_name_mykad_and_reference(officer_client, post):
    application = make_applications(post, 1)[0]
    for term in ("CALON 0", "900101145678", application.reference):
        response = officer_client.get(CHANGELIST, {"q": term})
        assert response.context["cl"].result_count == 1, term


def test_filter_by_outcome(officer_client, post):
    applications = make_applications(post, 2)
    officer_client.post(CHANGELIST, {"action": "screen", "_selected_action": [a.pk for a in applications]})
    assert officer_client.get(CHANGELIST, {"outcome": "pass"}).context["cl"].result_count == 2
    assert officer_client.get(CHANGELIST, {"outcome": "fail"}).context["cl"].result_count == 0


def test_override_action_asks_for_a_reason_then_records_it(officer_client, post):
    application = make_applications(post, 1)[0]
    data = {"action": "override", "_selected_action": [application.pk]}
    response = officer_client.post(CHANGELIST, {**data, "apply": "1", "outcome": "fail", "reason": ""})
    assert response.status_code == 200
    assert not Override.objects.exists()
    officer_client.post(CHANGELIST, {**data, "apply": "1", "outcome": "fail", "reason": "Sijil didapati palsu."})
    override = Override.objects.get()
    assert (override.outcome, override.reason) == ("fail", "Sijil didapati palsu.")
    page = officer_client.get(reverse("admin:applications_application_change", args=[application.pk])).content
    assert "Sijil didapati palsu." in page.decode()


def test_submitted_data_is_read_only_in_the_admin(officer_client, post):
    application = make_applications(post, 1)[0]
    url = reverse("admin:applications_application_change", args=[application.pk])
    response = officer_client.post(url, {"full_name": "DIUBAH"})
    application.refresh_from_db()
    assert application.full_name == "CALON 0"
    assert response.status_code in {200, 403}


def test_the_detail_shows_each_rules_reason(officer_client, post):
    application = make_applications(post, 1)[0]
    officer_client.post(CHANGELIST, {"action": "screen", "_selected_action": [application.pk]})
    page = officer_client.get(reverse("admin:applications_application_change", args=[application.pk])).content.decode()
    assert ScreeningResult.objects.filter(application=application).exists()
    for rule in ScreeningResult.objects.get(application=application).rules:
        assert reason_text(rule, "ms").replace("'", "&#x27;") in page


def test_screen_post_and_build_shortlist_from_the_post_admin(officer_client, post):
    make_applications(post, 3)
    officer_client.post("/admin/vacancies/post/", {"action": "screen", "_selected_action": [post.pk]})
    assert ScreeningResult.objects.current().count() == 3
    officer_client.post("/admin/vacancies/post/", {"action": "build_shortlist", "_selected_action": [post.pk]})
    shortlist = Shortlist.objects.get(post=post)
    assert shortlist.entries.count() == 3
    response = officer_client.post(
        "/admin/screening/shortlist/", {"action": "export_pdf", "_selected_action": [shortlist.pk]}
    )
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_an_hr_officer_cannot_do_what_only_an_administrator_may(officer_client, client, post):
    assert officer_client.get("/admin/vacancies/advertisement/add/").status_code == 403
    assert officer_client.get("/admin/accounts/user/").status_code == 403
    assert officer_client.get(reverse("admin:vacancies_post_change", args=[post.pk])).status_code == 200  # view only
    client.force_login(staff(HR_ADMINISTRATOR))
    assert client.get("/admin/vacancies/advertisement/add/").status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 200


def test_candidates_never_reach_the_admin(client, post):
    client.force_login(make_applications(post, 1)[0].candidate)
    response = client.get(CHANGELIST)
    assert response.status_code == 302
    assert Application.objects.count() == 1


def test_duplicates_of_one_mykad_from_different_accounts_are_flagged_in_the_changelist(officer_client, post):
    first, second, alone = make_applications(post, 3)
    # a second account's submission under the first's MyKad, made before one per MyKad and post was enforced
    Application.objects.filter(pk=second.pk).update(mykad=first.mykad, legacy_duplicate=True)
    response = officer_client.get(CHANGELIST, {"shared_mykad": "yes"})
    assert {a.pk for a in response.context["cl"].result_list} == {first.pk, second.pk}
    flags = {a.pk: a.mykad_shared for a in officer_client.get(CHANGELIST).context["cl"].result_list}
    assert flags == {first.pk: True, second.pk: True, alone.pk: False}


def test_hr_administrator_ticks_the_related_fields_of_a_post(client, post):
    client.force_login(staff(HR_ADMINISTRATOR))
    url = reverse("admin:vacancies_post_change", args=[post.pk])
    form = client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if name in form.fields and value is not None and not isinstance(value, list)
    }
    data.update(
        {
            "advertisement": post.advertisement_id,
            "grade": post.grade_id,
            "division": post.division_id,
            "related_fields": ["law", "intellectual_property"],
            "experience_fields": ["legal"],
            "lines-TOTAL_FORMS": "0",
            "lines-INITIAL_FORMS": "0",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    post.refresh_from_db()
    assert (post.related_fields, post.experience_fields, post.qualification_fields) == (
        ["law", "intellectual_property"],
        ["legal"],
        [],
    )
    data["related_fields"] = ["not_a_field"]
    assert client.post(url, data).status_code == 200


OLD_RESULT = [
    # a result stored by rules 2026.1: its rules, reasons rendered then in both languages
    {"rule": "citizenship", "outcome": "pass", "reason_ms": "Warganegara Malaysia.", "reason_en": "Malaysian citizen."},
    {
        "rule": "experience",
        "outcome": "review",
        "reason_ms": "Pengalaman 3.0 tahun, di bawah 3 (lama).",
        "reason_en": "3.0 years of experience, below 3: HR to judge whether high skill makes up for it.",
    },
    {"rule": "preferences", "outcome": "pass", "reason_ms": "Keutamaan (1 mata).", "reason_en": "(1 points)."},
]


def test_a_result_screened_under_the_old_rules_stays_readable(officer_client, post):
    from screening.models import ScreeningRun
    from screening.reports import campaign_report, report_csv

    application = make_applications(post, 1)[0]
    run = ScreeningRun.objects.create(scope="2023", rules_version="2026.1")
    ScreeningResult.objects.create(
        application=application,
        run=run,
        outcome="review",
        points=1,
        rules=OLD_RESULT,
        review_rules="|experience|",
    )
    page = officer_client.get(reverse("admin:applications_application_change", args=[application.pk])).content.decode()
    assert "Pengalaman 3.0 tahun, di bawah 3 (lama)." in page
    assert "2026.1" in page
    report = campaign_report(post.advertisement)
    assert ("Pengalaman", 0, 1) in [(str(name), failed, review) for name, failed, review in report["rules"]]
    assert report_csv(report)
    with translation.override("en"):
        english = officer_client.get(
            reverse("admin:applications_application_change", args=[application.pk])
        ).content.decode()
    assert "3.0 years of experience, below 3" in english
    exported = candidate_data(application.candidate)["applications"][0]["screening"][0]["rules"]
    assert [(rule["reason_ms"], rule["reason_en"]) for rule in exported] == [
        (rule["reason_ms"], rule["reason_en"]) for rule in OLD_RESULT
    ]
