"""The BORANG in the browser's terms: steps that save, uploads, submission, slip, My applications, privacy."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image
from pypdf import PdfReader

from accounts.roles import HR_OFFICER
from applications.forms import PersonalForm
from applications.models import Application, Document, Profile
from applications.services import profile_personal_save

from .factories import (
    MINIMAL_PDF,
    AdvertisementFactory,
    ApplicationFactory,
    DocumentFactory,
    PostFactory,
    ProfileFactory,
    QualificationFactory,
    UserFactory,
    VerifiedUserFactory,
    submitted_application,
)

pytestmark = pytest.mark.django_db

PERSONAL = {
    "personal-full_name": "MUHAMMAD FARHAN BIN ABDULLAH",
    "personal-mykad": "950315-10-5431",
    "personal-citizenship": "malaysian",
    "personal-date_of_birth": "1995-03-15",
    "personal-place_of_birth": "Klang, Selangor",
    "personal-sex": "M",
    "personal-marital_status": "single",
    "personal-address_line1": "No. 8, Jalan Sentosa 2/1",
    "personal-address_line2": "",
    "personal-postcode": "41200",
    "personal-city": "Klang",
    "personal-state": "selangor",
    "personal-phone": "+60 12-345 6789",
}


def image_upload(name="gambar.jpg", size=(350, 500), fmt="JPEG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 180, 160)).save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def candidate_client(client):
    user = VerifiedUserFactory()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def open_post(db):
    return PostFactory()


def step_url(application, step):
    return reverse("applications:step", args=[application.pk, step])


def test_applying_needs_a_signed_in_candidate(client, open_post):
    response = client.get(reverse("applications:apply", args=[open_post.pk]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_applying_needs_a_verified_email(client, open_post):
    client.force_login(UserFactory())
    response = client.get(reverse("applications:apply", args=[open_post.pk]))
    assert response["Location"] == reverse("accounts:verify_sent")


def test_applying_starts_a_draft_at_the_first_step(candidate_client, open_post):
    response = candidate_client.get(reverse("applications:apply", args=[open_post.pk]))
    application = Application.objects.get(candidate=candidate_client.user, post=open_post)
    assert response["Location"] == step_url(application, "personal")
    assert application.status == Application.Status.DRAFT


def test_a_closed_post_cannot_be_applied_for(candidate_client):
    post = PostFactory(advertisement=AdvertisementFactory(closed=True))
    response = candidate_client.get(reverse("applications:apply", args=[post.pk]), follow=True)
    assert "telah ditutup" in response.content.decode()
    assert not Application.objects.exists()


def test_personal_particulars_are_saved_with_the_mykad_normalised(candidate_client, open_post):
    application = ApplicationFactory(candidate=candidate_client.user, post=open_post)
    response = candidate_client.post(step_url(application, "personal"), PERSONAL)
    assert response.status_code == 302
    assert response["Location"] == step_url(application, "education")
    profile = Profile.objects.get(user=candidate_client.user)
    assert (profile.mykad, profile.phone, profile.sex) == ("950315105431", "+60123456789", "M")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"personal-mykad": "951315-10-5431"}, "mykad", "tarikh lahir"),
        ({"personal-mykad": "950315-17-5431"}, "mykad", "tempat lahir"),
        ({"personal-mykad": "95031510543"}, "mykad", "12 digit"),
        ({"personal-date_of_birth": "1995-03-16"}, "date_of_birth", "tidak sepadan"),
        ({"personal-sex": "F"}, "sex", "tidak sepadan"),
        ({"personal-full_name": "<script>alert(1)</script>"}, "full_name", "< dan >"),
        ({"personal-address_line1": "Jalan <b>1</b>"}, "address_line1", "< dan >"),
        ({"personal-city": "Klang\x00"}, "city", "kawalan"),
        ({"personal-postcode": "4120"}, "postcode", "poskod"),
        ({"personal-phone": "12345"}, "phone", "012-345 6789"),
    ],
)
def test_bad_personal_input_gets_a_clear_malay_message_and_nothing_saved_is_lost(
    candidate_client, open_post, changes, field, message
):
    ProfileFactory(user=candidate_client.user)
    application = ApplicationFactory(candidate=candidate_client.user, post=open_post)
    response = candidate_client.post(step_url(application, "personal"), {**PERSONAL, **changes})
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors[field])
    assert message.lower() in errors.lower(), errors
    profile = Profile.objects.get(user=candidate_client.user)
    assert profile.full_name == "NUR AISYAH BINTI AHMAD"
    assert profile.mykad == "900101145678"


def test_education_step_saves_spm_and_a_degree(candidate_client, open_post):
    application = ApplicationFactory(candidate=candidate_client.user, post=open_post)
    data = {
        "education-spm_year": "2012",
        "education-spm_bm_grade": "B+",
        "education-spm_bm_oral_passed": "True",
        "education-spm_bi_grade": "A-",
        "education-spm_other_subjects": "",
        "education-professional_memberships": "",
        "qualifications-TOTAL_FORMS": "1",
        "qualifications-INITIAL_FORMS": "0",
        "qualifications-MIN_NUM_FORMS": "0",
        "qualifications-MAX_NUM_FORMS": "10",
        "qualifications-0-level": "bachelor",
        "qualifications-0-field_of_study": "law",
        "qualifications-0-programme": "Sarjana Muda Undang-Undang",
        "qualifications-0-institution": "UiTM",
        "qualifications-0-year": "2018",
        "qualifications-0-cgpa": "3.21",
    }
    response = candidate_client.post(step_url(application, "education"), data)
    assert response.status_code == 302, response.context and response.context["formset"].errors
    profile = Profile.objects.get(user=candidate_client.user)
    assert (profile.spm_bm_grade, profile.spm_bm_oral_passed) == ("B+", True)
    assert profile.qualifications.get().field_of_study == "law"

    data["qualifications-0-cgpa"] = "4.5"
    data["qualifications-0-level"] = "bachelor"
    response = candidate_client.post(step_url(application, "education"), data)
    assert response.status_code == 200
    assert profile.qualifications.count() == 1


def test_uploads_keep_the_good_files_and_explain_the_bad_ones(candidate_client, open_post):
    application = ApplicationFactory(candidate=candidate_client.user, post=open_post)
    response = candidate_client.post(
        step_url(application, "documents"),
        {
            "certificate": [
                SimpleUploadedFile("spm.pdf", MINIMAL_PDF, content_type="application/pdf"),
                SimpleUploadedFile("virus.pdf", b"MZ\x90\x00" + b"\x00" * 100, content_type="application/pdf"),
            ],
            "photo": image_upload(),
            "vaccination": SimpleUploadedFile("vaksin.jpg", b"<html><script>alert(1)</script></html>"),
        },
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "virus.pdf" in " ".join(errors["certificate"])
    assert "vaksin.jpg" in " ".join(errors["vaccination"])
    stored = Document.objects.filter(owner=candidate_client.user)
    assert sorted(stored.values_list("kind", flat=True)) == ["certificate", "photo"]
    for document in stored:
        assert "spm" not in document.file.name and "gambar" not in document.file.name
        assert document.file.name.startswith(f"documents/{candidate_client.user.pk}/")


def test_a_new_photo_replaces_the_old_one(candidate_client, open_post):
    application = ApplicationFactory(candidate=candidate_client.user, post=open_post)
    for _round in range(2):
        candidate_client.post(step_url(application, "documents"), {"photo": image_upload()})
    assert Document.objects.current().filter(owner=candidate_client.user, kind="photo").count() == 1


def submit(client, application):
    return client.post(step_url(application, "review"), {"declaration": "on", "pdpa_consent": "on"})


def test_submission_needs_the_declaration_and_consent(client, complete_candidate, open_post):
    client.force_login(complete_candidate)
    application = ApplicationFactory(candidate=complete_candidate, post=open_post)
    response = client.post(step_url(application, "review"), {"declaration": "on"})
    assert response.status_code == 200
    assert response.context["form"].errors["pdpa_consent"]
    application.refresh_from_db()
    assert application.is_draft


def test_submission_shows_the_reference_and_the_slip_downloads(client, complete_candidate, open_post):
    client.force_login(complete_candidate)
    application = ApplicationFactory(candidate=complete_candidate, post=open_post)
    response = submit(client, application)
    application.refresh_from_db()
    assert response["Location"] == application.get_absolute_url()
    page = client.get(application.get_absolute_url()).content.decode()
    assert application.reference in page
    slip = client.get(reverse("applications:slip", args=[application.pk]))
    assert slip["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(slip.content)).pages)
    assert application.reference in text
    assert "NUR AISYAH BINTI AHMAD" in text
    assert "90****-**-5678" in text
    assert "900101145678" not in text


def test_a_double_click_on_submit_makes_one_application(client, complete_candidate, open_post):
    client.force_login(complete_candidate)
    application = ApplicationFactory(candidate=complete_candidate, post=open_post)
    first, second = submit(client, application), submit(client, application)
    assert first.status_code == second.status_code == 302
    assert Application.objects.submitted().count() == 1


def test_my_applications_lists_post_reference_time_and_status(client, complete_candidate, open_post):
    client.force_login(complete_candidate)
    application = ApplicationFactory(candidate=complete_candidate, post=open_post)
    submit(client, application)
    application.refresh_from_db()
    page = client.get(reverse("applications:mine")).content.decode()
    assert application.reference in page
    assert open_post.full_title in page
    assert "Dihantar" in page


def test_a_draft_after_the_closing_date_is_readable_but_cannot_be_submitted(client, complete_candidate):
    post = PostFactory(advertisement=AdvertisementFactory(closed=True))
    application = ApplicationFactory(candidate=complete_candidate, post=post)
    client.force_login(complete_candidate)
    response = client.get(step_url(application, "review"))
    assert response.status_code == 200
    assert "tidak boleh dihantar lagi" in response.content.decode()
    response = submit(client, application)
    application.refresh_from_db()
    assert application.is_draft


def test_another_candidate_cannot_reach_an_application_or_its_documents(client, complete_candidate, open_post):
    application = ApplicationFactory(candidate=complete_candidate, post=open_post)
    document = complete_candidate.documents.first()
    client.force_login(VerifiedUserFactory())
    assert client.get(application.get_absolute_url()).status_code == 404
    assert client.get(step_url(application, "personal")).status_code == 404
    assert client.get(reverse("applications:slip", args=[application.pk])).status_code == 404
    assert client.get(document.get_absolute_url()).status_code == 404
    assert client.post(reverse("applications:document_delete", args=[document.pk])).status_code == 404


def test_documents_are_not_reachable_without_signing_in(client, complete_candidate):
    document = complete_candidate.documents.first()
    response = client.get(document.get_absolute_url())
    assert response.status_code == 302
    assert "/media/" not in document.get_absolute_url()


def test_the_owner_downloads_a_document_as_an_attachment_that_is_never_sniffed(client, complete_candidate):
    document = complete_candidate.documents.get(kind="certificate")
    client.force_login(complete_candidate)
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == MINIMAL_PDF


def test_an_hr_officer_can_open_a_document_of_a_submitted_application(client):
    application = submitted_application(PostFactory(min_qualification="bachelor"))
    officer = UserFactory(is_staff=True)
    officer.groups.add(Group.objects.get(name=HR_OFFICER))
    client.force_login(officer)
    assert client.get(application.documents.first().get_absolute_url()).status_code == 200


def test_staff_without_the_hr_role_cannot_open_documents(client, complete_candidate):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(complete_candidate.documents.first().get_absolute_url()).status_code == 404


def english_url(application, step):
    with translation.override("en"):
        return step_url(application, step)


def test_a_mykad_registered_to_another_account_is_refused_with_a_way_forward(candidate_client, open_post):
    ProfileFactory(mykad="950315105431")
    application = ApplicationFactory(candidate=candidate_client.user, post=open_post)
    response = candidate_client.post(english_url(application, "personal"), PERSONAL)
    assert response.status_code == 200
    error = " ".join(response.context["form"].errors["mykad"])
    assert "already registered with another account" in error
    assert "Sign in with that account" in error and "contact MyIPO" in error


def test_a_mykad_taken_between_checking_and_saving_is_refused_the_same_way(db):
    profile = ProfileFactory(mykad="")
    form = PersonalForm({**PERSONAL}, instance=profile, prefix="personal")
    assert form.is_valid(), form.errors
    ProfileFactory(mykad="950315105431")
    assert profile_personal_save(form=form) is None
    assert form.has_error("mykad", code="mykad_taken")


@pytest.mark.parametrize("born", ["1923-01-01", "2023-01-01"])
def test_a_mykad_of_either_century_matches_its_declared_date_of_birth(candidate_client, open_post, born):
    application = ApplicationFactory(candidate=candidate_client.user, post=open_post)
    data = {**PERSONAL, "personal-mykad": "230101-14-5678", "personal-date_of_birth": born, "personal-sex": "F"}
    response = candidate_client.post(step_url(application, "personal"), data)
    assert response.status_code == 302, response.context["form"].errors
    assert str(Profile.objects.get(user=candidate_client.user).date_of_birth) == born


EDUCATION = {
    "education-spm_year": "2005",
    "education-spm_bm_grade": "5C",
    "education-spm_bm_oral_passed": "True",
    "education-spm_bi_grade": "TH",
    "education-spm_other_subjects": "",
    "education-professional_memberships": "",
    "education-accounting_body": "acca",
    "education-accounting_membership_number": "2345678",
    "qualifications-TOTAL_FORMS": "0",
    "qualifications-INITIAL_FORMS": "0",
    "qualifications-MIN_NUM_FORMS": "0",
    "qualifications-MAX_NUM_FORMS": "10",
}


def test_education_takes_old_spm_grades_absence_and_an_accounting_body_with_its_number(candidate_client, open_post):
    application = ApplicationFactory(candidate=candidate_client.user, post=open_post)
    response = candidate_client.post(step_url(application, "education"), EDUCATION)
    assert response.status_code == 302, response.context["form"].errors
    profile = Profile.objects.get(user=candidate_client.user)
    assert (profile.spm_bm_grade, profile.spm_bi_grade) == ("5C", "TH")
    assert (profile.accounting_body, profile.accounting_membership_number) == ("acca", "2345678")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"education-accounting_membership_number": ""}, "accounting_membership_number"),
        ({"education-accounting_body": ""}, "accounting_body"),
    ],
)
def test_an_accounting_body_needs_its_membership_number_and_the_other_way_round(
    candidate_client, open_post, changes, field
):
    application = ApplicationFactory(candidate=candidate_client.user, post=open_post)
    response = candidate_client.post(step_url(application, "education"), {**EDUCATION, **changes})
    assert response.status_code == 200
    assert response.context["form"].errors[field]


EXPERIENCE = {
    "skills-malay_spoken": "excellent",
    "skills-malay_written": "good",
    "skills-english_spoken": "good",
    "skills-english_written": "fair",
    "skills-skill_word_processing": "on",
    "skills-skill_spreadsheet": "on",
    "skills-ip_law_knowledge_kind": "course",
    "skills-ip_law_knowledge": "Kursus Asas Harta Intelek, MyIPO, 2019",
    "experiences-TOTAL_FORMS": "1",
    "experiences-INITIAL_FORMS": "0",
    "experiences-MIN_NUM_FORMS": "0",
    "experiences-MAX_NUM_FORMS": "10",
    "experiences-0-employer": "Jabatan Digital Negara",
    "experiences-0-position": "Pentadbir Rangkaian",
    "experiences-0-field_of_work": "networks",
    "experiences-0-started_on": "2019-01-02",
    "languages-TOTAL_FORMS": "0",
    "languages-INITIAL_FORMS": "0",
    "languages-MIN_NUM_FORMS": "0",
    "languages-MAX_NUM_FORMS": "10",
}


def test_experience_step_saves_the_field_of_work_languages_skills_and_ip_law_knowledge(candidate_client, open_post):
    application = ApplicationFactory(candidate=candidate_client.user, post=open_post)
    response = candidate_client.post(step_url(application, "experience"), EXPERIENCE)
    assert response.status_code == 302, response.context["form"].errors
    profile = Profile.objects.get(user=candidate_client.user)
    assert profile.experiences.get().field_of_work == "networks"
    assert (profile.malay_written, profile.english_written, profile.ip_law_knowledge_kind) == ("good", "fair", "course")
    assert (profile.skill_word_processing, profile.skill_presentation) == (True, False)


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"experiences-0-field_of_work": ""}, ("experiences", "field_of_work")),
        ({"skills-ip_law_knowledge": ""}, ("form", "ip_law_knowledge")),
        ({"skills-ip_law_knowledge_kind": ""}, ("form", "ip_law_knowledge_kind")),
        ({"skills-english_written": ""}, ("form", "english_written")),
    ],
)
def test_experience_step_asks_what_the_rules_need(candidate_client, open_post, changes, errors):
    application = ApplicationFactory(candidate=candidate_client.user, post=open_post)
    response = candidate_client.post(step_url(application, "experience"), {**EXPERIENCE, **changes})
    assert response.status_code == 200
    context, field = errors
    found = response.context[context].errors[0] if context == "experiences" else response.context[context].errors
    assert found[field]


def test_high_skill_is_asked_only_by_a_post_that_asks_for_experience(candidate_client, open_post):
    ict_post = PostFactory(min_experience_years=3, experience_fields=["ict_security", "data_centre", "networks"])
    ProfileFactory(user=candidate_client.user, ict_high_skill=True, ict_high_skill_details="CCNA")
    other = ApplicationFactory(candidate=candidate_client.user, post=open_post)
    assert "skills-ict_high_skill" not in candidate_client.get(step_url(other, "experience")).content.decode()
    assert candidate_client.post(step_url(other, "experience"), EXPERIENCE).status_code == 302
    assert Profile.objects.get(user=candidate_client.user).ict_high_skill_details == "CCNA"  # not asked, kept

    application = ApplicationFactory(candidate=candidate_client.user, post=ict_post)
    with translation.override("en"):
        page = candidate_client.get(english_url(application, "experience")).content.decode()
    assert "skills-ict_high_skill" in page
    assert "at least 3 years of experience in ICT security operations, Data centre operations" in page
    response = candidate_client.post(step_url(application, "experience"), {**EXPERIENCE, "skills-ict_high_skill": "on"})
    assert response.context["form"].errors["ict_high_skill_details"]


def test_an_mqa_letter_is_uploaded_for_the_degree_it_recognises(client, open_post):
    profile = ProfileFactory()
    degree = QualificationFactory(profile=profile)
    QualificationFactory(profile=profile, level="stpm", field_of_study="other", year=2008)
    client.force_login(profile.user)
    application = ApplicationFactory(candidate=profile.user, post=open_post)
    letter = SimpleUploadedFile("mqa.pdf", MINIMAL_PDF, content_type="application/pdf")
    page = client.get(step_url(application, "documents"))
    assert list(page.context["form"].fields["mqa_qualification"].queryset) == [degree]
    response = client.post(step_url(application, "documents"), {"mqa_letter": letter, "mqa_qualification": degree.pk})
    assert response.status_code == 302
    assert Document.objects.get(kind="mqa_letter").qualification == degree


def test_an_mqa_letter_needs_the_qualification_it_recognises(client, open_post):
    profile = ProfileFactory()
    QualificationFactory(profile=profile)
    QualificationFactory(profile=profile, level="master", field_of_study="law", year=2016)
    client.force_login(profile.user)
    application = ApplicationFactory(candidate=profile.user, post=open_post)
    letter = SimpleUploadedFile("mqa.pdf", MINIMAL_PDF, content_type="application/pdf")
    response = client.post(step_url(application, "documents"), {"mqa_letter": letter})
    assert response.status_code == 400
    assert response.context["form"].has_error("mqa_letter", code="mqa_qualification")
    assert not Document.objects.exists()


def test_an_mqa_letter_uploaded_earlier_is_linked_to_its_degree_by_the_candidate_only(client, open_post):
    profile = ProfileFactory()
    degree = QualificationFactory(profile=profile)
    letter = DocumentFactory(owner=profile.user, kind="mqa_letter")
    stranger = QualificationFactory()
    client.force_login(profile.user)
    url = reverse("applications:document_link", args=[letter.pk])
    client.post(url, {"qualification": stranger.pk})
    letter.refresh_from_db()
    assert letter.qualification is None
    client.post(url, {"qualification": degree.pk})
    letter.refresh_from_db()
    assert letter.qualification == degree
    client.force_login(stranger.profile.user)
    assert client.post(url, {"qualification": stranger.pk}).status_code == 404


def borang_with(answers: int):
    """A candidate signed in with a draft for a degree post and `answers` qualifications, jobs and MQA letters."""
    from .factories import ExperienceFactory

    profile = ProfileFactory()
    for year in range(answers):
        degree = QualificationFactory(profile=profile, year=2010 + year)
        ExperienceFactory(profile=profile, started_on=f"{2012 + year}-01-02", ended_on=f"{2012 + year}-12-31")
        DocumentFactory(owner=profile.user, kind="mqa_letter", qualification=degree)
    for kind in ("certificate", "photo", "vaccination"):
        DocumentFactory(owner=profile.user, kind=kind)
    post = PostFactory(min_qualification="bachelor", qualification_fields=["accounting"])
    return profile.user, ApplicationFactory(candidate=profile.user, post=post)


@pytest.mark.parametrize(
    ("step", "queries"), [("personal", 8), ("education", 9), ("experience", 10), ("documents", 10), ("review", 8)]
)
def test_a_step_page_reads_each_answer_once_however_many_there_are(client, step, queries, django_assert_num_queries):
    """What is missing, the qualification relied on and the review's snapshot share one read of the answers and the
    documents (the step pages made 10 to 18 queries: the documents read three times on the review, and each MQA
    letter's qualification once more)."""
    for answers in (1, 3):
        user, application = borang_with(answers)
        client.force_login(user)
        with django_assert_num_queries(queries):
            assert client.get(step_url(application, step)).status_code == 200
