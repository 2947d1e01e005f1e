"""PDPA 2010: HR sees a document only through a submitted application; a candidate's allowance and the
one-photo rule hold when uploads arrive at the same moment."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.roles import HR_OFFICER
from applications.models import Application, Document
from applications.services import ApplicationError, application_withdraw, document_add

from .concurrency import at_once
from .factories import (
    DocumentFactory,
    PostFactory,
    ProfileFactory,
    VerifiedUserFactory,
    hr_staff,
    submitted_application,
)

MB = 1024 * 1024
DOCUMENTS = "/admin/applications/document/"


@pytest.mark.django_db
def test_hr_cannot_open_a_document_of_a_candidate_who_never_applied(client):
    draft_only = DocumentFactory(owner=ProfileFactory().user)
    hr_staff(HR_OFFICER, client)
    assert client.get(draft_only.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_hr_opens_a_document_that_a_submitted_application_holds(client):
    application = submitted_application(PostFactory(min_qualification="bachelor"))
    hr_staff(HR_OFFICER, client)
    assert client.get(application.documents.first().get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_the_document_list_shows_hr_only_documents_of_submitted_applications(client):
    application = submitted_application(PostFactory(min_qualification="bachelor"))
    DocumentFactory(owner=ProfileFactory().user, original_name="draf-sahaja.pdf")
    withdrawn = submitted_application(PostFactory(min_qualification="bachelor"))
    application_withdraw(application=withdrawn)
    hr_staff(HR_OFFICER, client)
    response = client.get(DOCUMENTS)
    listed = set(response.context["cl"].result_list.values_list("pk", flat=True))
    assert listed == set(application.documents.values_list("pk", flat=True))
    assert "draf-sahaja.pdf" not in response.content.decode()
    other = Document.objects.exclude(pk__in=listed).first()
    assert client.get(f"{DOCUMENTS}{other.pk}/change/").status_code in {302, 404}


@pytest.mark.django_db
def test_the_owner_still_opens_their_own_draft_documents(client):
    document = DocumentFactory(owner=VerifiedUserFactory())
    client.force_login(document.owner)
    assert client.get(document.get_absolute_url()).status_code == 200


def pdf_of(size: int) -> bytes:
    """A real one-page PDF of about `size` bytes: a page showing an uncompressed picture of random pixels."""
    import os

    import pikepdf

    side = int((size / 3) ** 0.5)
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    image = pikepdf.Stream(pdf, os.urandom(side * side * 3))
    image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
    image.Width = image.Height = side
    image.ColorSpace, image.BitsPerComponent = pikepdf.Name.DeviceRGB, 8
    page = pdf.pages[0]
    page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
    page.Contents = pikepdf.Stream(pdf, b"q 500 0 0 500 40 200 cm /Im0 Do Q")
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def photo_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (350, 500), (100, 120, 140)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_ten_uploads_at_once_never_pass_the_25_mb_allowance(postgresql, settings):
    owner = VerifiedUserFactory()
    content = pdf_of(int(4.9 * MB))

    def upload(number):
        return document_add(owner=owner, kind="certificate", upload=SimpleUploadedFile(f"s{number}.pdf", content))

    results = at_once(10, upload)
    stored = Document.objects.filter(owner=owner)
    assert sum(stored.values_list("size", flat=True)) <= settings.APPLICATION_MAX_BYTES
    assert stored.count() == 5
    assert sum(isinstance(result, ApplicationError) for result in results) == 5
    assert not [
        result
        for result in results
        if isinstance(result, Exception | None) and not isinstance(result, ApplicationError)
    ]


def test_twenty_photos_at_once_leave_one_current_photo(postgresql):
    owner = VerifiedUserFactory()
    content = photo_bytes()
    results = at_once(
        20, lambda n: document_add(owner=owner, kind="photo", upload=SimpleUploadedFile("p.jpg", content))
    )
    assert all(isinstance(result, Document) for result in results), results
    assert Document.objects.current().filter(owner=owner, kind="photo").count() == 1
    assert Application.objects.count() == 0
