"""Every model constraint has a check before the database, with a message in the page's language: no raw
"Constraint … is violated" and no server error. A new constraint without a case here fails the first test."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.forms import modelform_factory
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from accounts.models import User
from applications.models import Application, ApplicationVersion
from screening.models import ScreeningResult, ScreeningRun, Shortlist, ShortlistEntry
from vacancies.models import AdvertisementLine, Grade, Post, PostLine

from .factories import (
    AdvertisementLineFactory,
    ApplicationFactory,
    PostFactory,
    PostLineFactory,
    ProfileFactory,
    UserFactory,
    VerifiedUserFactory,
    submitted_application,
)

pytestmark = pytest.mark.django_db
OURS = {"accounts", "vacancies", "applications", "screening", "privacy", "audit", "backoffice"}


def constraints() -> dict:
    return {
        constraint.name: constraint
        for model in apps.get_models()
        if model._meta.app_label in OURS
        for constraint in model._meta.constraints
    }


def form_errors(model, fields, data) -> list[str]:
    form = modelform_factory(model, fields=fields)(data)
    assert not form.is_valid()
    return [str(message) for messages in form.errors.values() for message in messages]


def instance_errors(instance) -> list[str]:
    with pytest.raises(ValidationError) as error:
        instance.validate_constraints()
    return [str(message) for message in error.value.messages]


def email_taken(client):
    UserFactory(email="calon@contoh.my")
    return form_errors(User, ["email", "full_name"], {"email": "CALON@contoh.my", "full_name": "Calon"})


def salary_range(client):
    data = {"code": "IP99", "rank": 9, "service_group": "pelaksana", "salary_min": "5000", "salary_max": "1000"}
    return form_errors(Grade, "__all__", data)


def advertisement_line(client):
    line = AdvertisementLineFactory()
    data = {"advertisement": line.advertisement_id, "kind": line.kind, "position": line.position, "text_ms": "Baris"}
    return form_errors(AdvertisementLine, ["advertisement", "kind", "position", "text_ms"], data)


def post_number(client):
    post = PostFactory()
    data = {
        "advertisement": post.advertisement_id,
        "number": post.number,
        "title_ms": "JAWATAN LAIN",
        "contract_type_ms": "KONTRAK",
        "classification_ms": "Perkhidmatan Harta Intelek",
        "grade": post.grade_id,
        "division": post.division_id,
        "min_qualification": "spm",
    }
    return form_errors(Post, list(data), data)


def post_line(client):
    line = PostLineFactory()
    data = {"post": line.post_id, "kind": "duty", "position": line.position, "text_ms": "Tugas"}
    return form_errors(PostLine, ["post", "kind", "position", "text_ms"], data)


def page_errors(response, *messages) -> list[str]:
    assert response.status_code == 200
    body = response.content.decode()
    return [message for message in messages if escape(message) in body]


def mykad_taken(client):
    other = ProfileFactory()
    user = VerifiedUserFactory()
    client.force_login(user)
    application = ApplicationFactory(candidate=user, post=PostFactory())
    from .test_borang import PERSONAL

    data = {**PERSONAL, "personal-mykad": other.mykad, "personal-date_of_birth": "1990-01-01", "personal-sex": "F"}
    response = client.post(reverse("applications:step", args=[application.pk, "personal"]), data)
    return page_errors(response, str(constraints()["applications_one_profile_per_mykad"].violation_error_message))


def cgpa_range(client):
    user = VerifiedUserFactory()
    client.force_login(user)
    application = ApplicationFactory(candidate=user, post=PostFactory())
    data = {
        "education-spm_year": "2012",
        "education-spm_bm_grade": "B+",
        "education-spm_bm_oral_passed": "True",
        "education-spm_bi_grade": "A-",
        "qualifications-TOTAL_FORMS": "1",
        "qualifications-INITIAL_FORMS": "0",
        "qualifications-MIN_NUM_FORMS": "0",
        "qualifications-MAX_NUM_FORMS": "10",
        "qualifications-0-level": "bachelor",
        "qualifications-0-field_of_study": "law",
        "qualifications-0-institution": "UiTM",
        "qualifications-0-year": "2018",
        "qualifications-0-cgpa": "4.50",
    }
    response = client.post(reverse("applications:step", args=[application.pk, "education"]), data)
    return page_errors(response, str(constraints()["applications_cgpa_range"].violation_error_message))


def one_active_application(client):
    application = ApplicationFactory()
    return instance_errors(Application(candidate=application.candidate, post=application.post))


def one_submission_per_mykad(client):
    application = submitted_application(PostFactory())
    copy = Application(
        candidate=UserFactory(), post=application.post, mykad=application.mykad, status=Application.Status.SUBMITTED
    )
    return instance_errors(copy)


def one_version_number(client):
    application = submitted_application(PostFactory())
    version = application.versions.get()
    return instance_errors(ApplicationVersion(application=application, number=1, submitted_at=version.submitted_at))


def one_current_result(client):
    application = submitted_application(PostFactory())
    run = ScreeningRun.objects.create(scope="test", rules_version="test")
    fields = {"application": application, "run": run, "is_current": True, "outcome": "pass"}
    ScreeningResult.objects.create(**fields)
    return instance_errors(ScreeningResult(**fields))


def shortlisted_once(client):
    application = submitted_application(PostFactory())
    shortlist = Shortlist.objects.create(post=application.post)
    hr = UserFactory(is_staff=True)
    ShortlistEntry.objects.create(shortlist=shortlist, application=application, added_by=hr)
    return instance_errors(ShortlistEntry(shortlist=shortlist, application=application, added_by=hr))


def one_notice_per_change(client):
    from screening.models import InterviewChange, InterviewChangeNotice

    application = submitted_application(PostFactory())
    shortlist = Shortlist.objects.create(post=application.post)
    hr = UserFactory(is_staff=True)
    entry = ShortlistEntry.objects.create(shortlist=shortlist, application=application, added_by=hr)
    change = InterviewChange.objects.create(shortlist=shortlist, changed_by=hr, new_venue="Aras 20")
    InterviewChangeNotice.objects.create(change=change, entry=entry)
    return instance_errors(InterviewChangeNotice(change=change, entry=entry))


CASES = {
    "accounts_user_email_ci_unique": email_taken,
    "vacancies_grade_salary_range": salary_range,
    "vacancies_adline_unique": advertisement_line,
    "vacancies_post_number_unique": post_number,
    "vacancies_postline_unique": post_line,
    "applications_one_profile_per_mykad": mykad_taken,
    "applications_cgpa_range": cgpa_range,
    "applications_one_active_per_candidate_and_post": one_active_application,
    "applications_one_submitted_per_mykad_and_post": one_submission_per_mykad,
    "applications_one_version_number": one_version_number,
    "screening_one_current_result": one_current_result,
    "screening_shortlisted_once": shortlisted_once,
    "screening_one_notice_per_change": one_notice_per_change,
}


def test_every_constraint_has_a_case_and_its_own_translated_message():
    assert set(constraints()) == set(CASES)
    for name, constraint in constraints().items():
        assert constraint.violation_error_message != constraint.default_violation_error_message, name
        assert constraint.violation_error_code, name


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_violation_is_caught_before_the_database_with_the_message_in_malay(client, name):
    with translation.override("ms"):
        expected = str(constraints()[name].violation_error_message)
        errors = CASES[name](client)
    assert expected in errors, errors
    assert not any("Constraint" in error or "is violated" in error for error in errors)


def test_a_cgpa_above_4_reads_in_english_on_an_english_page(client):
    with translation.override("en"):
        errors = cgpa_range(client)
    assert errors == ["Enter a CGPA between 0.00 and 4.00."]


def test_the_cgpa_stays_unsaved_and_the_page_does_not_fail(client):
    with translation.override("ms"):
        cgpa_range(client)
    from applications.models import Qualification

    assert not Qualification.objects.filter(cgpa__gt=Decimal(4)).exists()
