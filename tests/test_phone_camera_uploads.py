"""Documents from a phone camera: a photographed page is stored at about 1 MB, readable; PDFs keep their limits."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from applications import uploads
from applications.models import Document

from .factories import ApplicationFactory, VerifiedUserFactory
from .phone_photos import page_photo

pytestmark = pytest.mark.django_db


def test_a_photographed_page_is_stored_at_about_one_megabyte_and_still_readable():
    photo = page_photo()
    assert len(photo) > 4_000_000
    checked = uploads.check_document(SimpleUploadedFile("sijil.jpg", photo), max_bytes=5 * 1024 * 1024)
    assert checked.content_type == "image/jpeg"
    assert checked.size <= uploads.DOCUMENT_TARGET_BYTES
    assert max(checked.width, checked.height) >= uploads.DOCUMENT_READABLE_SIDE


def test_a_large_png_photo_becomes_a_jpeg_and_a_small_scan_stays_png():
    big = io.BytesIO()
    Image.open(io.BytesIO(page_photo(size=(2400, 1800)))).save(big, "PNG")
    checked = uploads.check_document(SimpleUploadedFile("sijil.png", big.getvalue()), max_bytes=5 * 1024 * 1024)
    assert checked.content_type == "image/jpeg" and checked.size <= uploads.DOCUMENT_TARGET_BYTES
    small = io.BytesIO()
    Image.new("L", (1240, 1754), 255).save(small, "PNG")
    checked = uploads.check_document(SimpleUploadedFile("imbasan.png", small.getvalue()), max_bytes=5 * 1024 * 1024)
    assert checked.content_type == "image/png"


def test_five_photographed_certificates_fit_the_allowance_with_room_to_spare(client):
    user = VerifiedUserFactory()
    client.force_login(user)
    application = ApplicationFactory(candidate=user)
    files = [SimpleUploadedFile(f"sijil-{n}.jpg", page_photo(seed=n), "image/jpeg") for n in range(5)]
    response = client.post(
        reverse("applications:step", args=[application.pk, "documents"]),
        {"certificate": files, "stay": "1"},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert response.status_code == 200
    assert response.json() == {"location": reverse("applications:step", args=[application.pk, "documents"])}
    sizes = list(Document.objects.filter(owner=user).values_list("size", flat=True))
    assert len(sizes) == 5 and sum(sizes) <= 5 * uploads.DOCUMENT_TARGET_BYTES
