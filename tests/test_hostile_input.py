"""Hostile values thrown at every text field of every form: a clear answer, never a 500, nothing stored."""

import pytest
from django.urls import reverse

from accounts.models import User
from applications.models import Profile

from .factories import ApplicationFactory, ProfileFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db

HOSTILE = {
    "overlong": "A" * 20_000,
    "control characters": "Nur\x00Aisyah\x07\x1b[31m",
    "script": "<script>alert(document.cookie)</script>",
    "svg onload": '"><svg onload=alert(1)>',
    "sql": "'; DROP TABLE applications_application; --",
    "template": "{{ settings.SECRET_KEY }} {% debug %}",
    "path traversal": "../../../../etc/passwd",
    "unicode bidi": "\u202enip.exe",
    "null only": "\x00",
}


def forms(candidate, application):
    """(url, valid data, text fields) for every form a visitor or candidate can post."""
    step = lambda name: reverse("applications:step", args=[application.pk, name])  # noqa: E731
    personal = {
        "personal-full_name": "NUR AISYAH BINTI AHMAD",
        "personal-mykad": "900101-14-5678",
        "personal-citizenship": "malaysian",
        "personal-date_of_birth": "1990-01-01",
        "personal-place_of_birth": "Kuala Lumpur",
        "personal-sex": "F",
        "personal-marital_status": "single",
        "personal-address_line1": "No. 12",
        "personal-address_line2": "",
        "personal-postcode": "46200",
        "personal-city": "Petaling Jaya",
        "personal-state": "selangor",
        "personal-phone": "0123456789",
    }
    education = {
        "education-spm_year": "2007",
        "education-spm_bm_grade": "A",
        "education-spm_bm_oral_passed": "True",
        "education-spm_bi_grade": "B",
        "education-spm_other_subjects": "",
        "education-professional_memberships": "",
        "qualifications-TOTAL_FORMS": "1",
        "qualifications-INITIAL_FORMS": "0",
        "qualifications-MIN_NUM_FORMS": "0",
        "qualifications-MAX_NUM_FORMS": "10",
        "qualifications-0-level": "bachelor",
        "qualifications-0-field_of_study": "law",
        "qualifications-0-programme": "LLB",
        "qualifications-0-institution": "UM",
        "qualifications-0-year": "2012",
    }
    experience = {
        "skills-malay_spoken": "excellent",
        "skills-malay_written": "excellent",
        "skills-english_spoken": "good",
        "skills-english_written": "good",
        "skills-ip_law_knowledge_kind": "course",
        "skills-ip_law_knowledge": "Kursus Asas Harta Intelek, MyIPO, 2019",
        "experiences-TOTAL_FORMS": "1",
        "experiences-INITIAL_FORMS": "0",
        "experiences-MIN_NUM_FORMS": "0",
        "experiences-MAX_NUM_FORMS": "10",
        "experiences-0-employer": "Syarikat",
        "experiences-0-position": "Kerani",
        "experiences-0-field_of_work": "administration",
        "experiences-0-started_on": "2015-01-01",
        "languages-TOTAL_FORMS": "1",
        "languages-INITIAL_FORMS": "0",
        "languages-MIN_NUM_FORMS": "0",
        "languages-MAX_NUM_FORMS": "10",
        "languages-0-name": "Bahasa Melayu",
        "languages-0-spoken": "good",
        "languages-0-written": "good",
    }
    return {
        "personal": (
            step("personal"),
            personal,
            [
                k
                for k in personal
                if k.split("-")[1] not in {"citizenship", "sex", "marital_status", "state", "date_of_birth"}
            ],
        ),
        "education": (
            step("education"),
            education,
            [
                "education-spm_other_subjects",
                "education-professional_memberships",
                "qualifications-0-programme",
                "qualifications-0-institution",
                "education-spm_year",
                "qualifications-0-year",
            ],
        ),
        "experience": (
            step("experience"),
            experience,
            [
                "skills-ip_law_knowledge",
                "experiences-0-employer",
                "experiences-0-position",
                "languages-0-name",
                "experiences-0-started_on",
            ],
        ),
    }


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_the_borang_answers_hostile_values_with_a_message_and_keeps_what_was_saved(client, value):
    profile = ProfileFactory()
    application = ApplicationFactory(candidate=profile.user)
    client.force_login(profile.user)
    for url, data, fields in forms(profile.user, application).values():
        for field in fields:
            response = client.post(url, {**data, field: value})
            assert response.status_code in {200, 302}, (field, response.status_code)
            if response.status_code == 200:
                assert "alert alert-danger" in response.content.decode(), field
                assert "<script>alert(document.cookie)</script>" not in response.content.decode()
    stored = Profile.objects.get(pk=profile.pk)
    for name in ("full_name", "address_line1", "city", "place_of_birth"):
        assert "<" not in getattr(stored, name) and "\x00" not in getattr(stored, name)
        assert len(getattr(stored, name)) < 200


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_registration_and_sign_in_refuse_hostile_values_without_an_error(client, value):
    for field in ("email", "full_name", "password1"):
        data = {
            "email": "a@contoh.my",
            "full_name": "Ali",
            "password1": "Kata-laluan-2026",
            "password2": "Kata-laluan-2026",
        }
        response = client.post(reverse("accounts:register"), {**data, field: value})
        assert response.status_code in {200, 302}, field
        assert not User.objects.exists(), field
        User.objects.all().delete()
        client.logout()
    response = client.post(reverse("accounts:login"), {"username": value, "password": value})
    assert response.status_code in {200, 429}


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_the_job_board_filters_survive_hostile_values(client, value):
    for field in ("q", "grade", "service_group", "division"):
        response = client.get(reverse("vacancies:post_list"), {field: value})
        assert response.status_code == 200, field
        assert "<script>alert(document.cookie)</script>" not in response.content.decode()


def test_guessing_ids_and_steps_gives_404_not_500(client):
    client.force_login(VerifiedUserFactory())
    for path in (
        "/permohonan/99999/",
        "/permohonan/99999/personal/",
        "/permohonan/abc/",
        "/dokumen/not-a-uuid/",
        "/jawatan/99999/",
        "/iklan/0/",
        "/mohon/99999/",
    ):
        assert client.get(path).status_code == 404, path
