"""The candidate's full application as a PDF: the BORANG HR prints, for the candidate's own records only."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from applications.services import application_withdraw

from .factories import ApplicationFactory, PostFactory, VerifiedUserFactory, submitted_application

pytestmark = pytest.mark.django_db


def pdf_text(response) -> str:
    return "".join("".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(response.content)).pages)


def test_the_candidate_downloads_the_borang_beside_the_slip(client):
    application = submitted_application(PostFactory())
    client.force_login(application.candidate)
    url = reverse("screening:application_pdf", args=[application.pk])
    assert url in client.get(application.get_absolute_url()).content.decode()
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert f"borang-{application.reference}.pdf" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    text = pdf_text(response)
    assert application.reference in text and "BORANGPERMOHONANJAWATANKOSONG" in text
    assert "NURAISYAHBINTIAHMAD" in text


def test_no_one_else_gets_it_nor_a_draft(client):
    application = submitted_application(PostFactory())
    url = reverse("screening:application_pdf", args=[application.pk])
    assert client.get(url).status_code == 302  # signing in first
    client.force_login(VerifiedUserFactory())
    assert client.get(url).status_code == 404
    draft = ApplicationFactory()
    client.force_login(draft.candidate)
    assert client.get(reverse("screening:application_pdf", args=[draft.pk])).status_code == 404


def test_a_withdrawn_application_has_no_pdf_to_download(client):
    application = application_withdraw(application=submitted_application(PostFactory()))
    client.force_login(application.candidate)
    assert client.get(reverse("screening:application_pdf", args=[application.pk])).status_code == 404
