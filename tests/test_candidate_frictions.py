"""Small frictions: the post chosen survives registering, signing in lands on My applications, a draft resumes at
its first incomplete step, the date of birth and sex come from the MyKad, the postcode matches the state, and the
slip names the documents in English too."""

import io
import re

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from applications.models import Profile

from .factories import (
    PASSWORD,
    ApplicationFactory,
    PostFactory,
    ProfileFactory,
    VerifiedUserFactory,
    submitted_application,
)
from .test_borang import PERSONAL

pytestmark = pytest.mark.django_db


def test_registering_from_the_sign_in_page_keeps_the_post_chosen(client, django_capture_on_commit_callbacks):
    post = PostFactory()
    apply_url = reverse("applications:apply", args=[post.pk])
    login = client.get(apply_url)
    assert login.url.endswith(f"?next={apply_url}")
    page = client.get(login.url).content.decode()
    register_url = reverse("accounts:register") + "?next=" + apply_url
    assert register_url in page.replace("&amp;", "&")
    register_page = client.get(register_url).content.decode()
    assert reverse("accounts:login") + "?next=" + apply_url in register_page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            register_url,
            {"email": "farhan@contoh.my", "full_name": "Farhan", "password1": PASSWORD, "password2": PASSWORD},
        )
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    response = client.get(link)
    assert response.url == apply_url


def test_signing_in_without_a_target_lands_on_my_applications(client):
    user = VerifiedUserFactory()
    ApplicationFactory(candidate=user)
    response = client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
    assert response.url == reverse("applications:mine")


def test_a_draft_resumes_at_its_first_incomplete_step(client):
    profile = ProfileFactory(spm_year=None)  # personal particulars complete; education not
    application = ApplicationFactory(candidate=profile.user)
    client.force_login(profile.user)
    expected = reverse("applications:step", args=[application.pk, "education"])
    assert client.get(reverse("applications:apply", args=[application.post_id])).url == expected
    assert client.get(application.get_absolute_url()).url == expected
    assert application.get_absolute_url() in client.get(reverse("applications:mine")).content.decode()


def test_a_complete_draft_resumes_at_the_review(client, complete_candidate):
    application = ApplicationFactory(candidate=complete_candidate)
    client.force_login(complete_candidate)
    response = client.get(application.get_absolute_url())
    assert response.url == reverse("applications:step", args=[application.pk, "review"])


@pytest.fixture
def draft(client):
    user = VerifiedUserFactory()
    client.force_login(user)
    return ApplicationFactory(candidate=user)


def personal(client, draft, **changes):
    data = {**PERSONAL, **{f"personal-{name}": value for name, value in changes.items()}}
    return client.post(reverse("applications:step", args=[draft.pk, "personal"]), data)


def test_the_date_of_birth_and_sex_are_read_from_the_mykad_when_left_empty(client, draft):
    response = personal(client, draft, date_of_birth="", sex="")
    assert response.status_code == 302, response.context["form"].errors
    profile = Profile.objects.get(user=draft.candidate)
    assert (profile.date_of_birth.isoformat(), profile.sex) == ("1995-03-15", "M")


def test_a_date_of_birth_or_sex_given_is_still_checked_against_the_mykad(client, draft):
    response = personal(client, draft, date_of_birth="1995-03-16", sex="F")
    form = response.context["form"]
    assert form.has_error("date_of_birth", code="dob_mismatch") and form.has_error("sex", code="sex_mismatch")


def test_a_postcode_of_another_state_is_refused(client, draft):
    response = personal(client, draft, postcode="47300", state="kedah")
    assert response.status_code == 200
    assert response.context["form"].has_error("postcode", code="postcode_state")
    assert "47300" in response.content.decode() and "Selangor" in response.content.decode()
    assert personal(client, draft, postcode="47300", state="selangor").status_code == 302


@pytest.mark.parametrize(
    ("postcode", "state"),
    [("01000", "perlis"), ("05100", "kedah"), ("10200", "pulau-pinang"), ("15050", "kelantan"),
     ("20000", "terengganu"), ("25000", "pahang"), ("30000", "perak"), ("40000", "selangor"),
     ("50450", "kuala-lumpur"), ("62000", "putrajaya"), ("63000", "selangor"), ("70000", "negeri-sembilan"),
     ("75000", "melaka"), ("80000", "johor"), ("87000", "labuan"), ("88000", "sabah"), ("93000", "sarawak")],
)  # fmt: skip
def test_the_capital_postcodes_match_their_states(postcode, state):
    from applications.identity import postcode_states

    assert state in postcode_states(postcode)


def test_the_slip_names_the_documents_and_placement_in_english_too(client):
    application = submitted_application(PostFactory())
    client.force_login(application.candidate)
    slip = client.get(reverse("applications:slip", args=[application.pk]))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(slip.content)).pages)
    squeezed = "".join(text.split())  # the PDF's text comes back with spaces where lines wrap or letters kern
    assert "COVID-19vaccinationcertificate" in squeezed
    assert application.post.division.name_en.replace(" ", "") in squeezed


def test_make_run_logs_each_request_once_and_as_text_so_the_emails_stand_out():
    from pathlib import Path

    makefile = (Path(__file__).resolve().parent.parent / "Makefile").read_text()
    assert "run: export DJANGO_REQUEST_LOG_LEVEL ?= WARNING" in makefile
    assert "run: export DJANGO_LOG_FORMAT ?= text" in makefile
