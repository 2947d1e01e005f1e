"""Uploading from a phone: several files chosen at once, a progress bar while they travel, and the reasons shown
in place when a file is refused."""

import pytest
from django.urls import reverse

from ..factories import ApplicationFactory, ProfileFactory
from ..phone_photos import page_photo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def draft(transactional_db):
    profile = ProfileFactory()
    profile.user.set_password("Kata-laluan-2026")
    profile.user.save()
    return ApplicationFactory(candidate=profile.user)


def test_several_photographed_certificates_upload_with_a_progress_bar(
    live_server, new_page, screenshot, draft, tmp_path
):
    from playwright.sync_api import expect

    page = new_page("narrow")
    page.goto(live_server.url + reverse("accounts:login"))
    page.fill("[name=username]", draft.candidate.email)
    page.fill("[name=password]", "Kata-laluan-2026")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/permohonan/")
    page.goto(live_server.url + reverse("applications:step", args=[draft.pk, "documents"]))
    photos = []
    for number in range(3):
        path = tmp_path / f"sijil-{number}.jpg"
        path.write_bytes(page_photo(seed=number))
        photos.append(path)
    page.set_input_files("[name=certificate]", photos)  # chosen at once
    page.locator("main form[data-upload-progress] button[name=stay]").click()
    expect(page.locator(".upload-progress")).to_be_visible()
    screenshot(page, "uploading")
    expect(page.locator(".alert-success")).to_be_visible(timeout=60_000)
    expect(page.locator("main")).to_contain_text("sijil-2.jpg")
    assert draft.candidate.documents.count() == 3
    screenshot(page, "uploaded")

    broken = tmp_path / "rosak.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    page.set_input_files("[name=certificate]", broken)
    page.locator("main form[data-upload-progress] button[name=stay]").click()
    expect(page.locator("main .alert-danger")).to_be_visible(timeout=30_000)
    expect(page.locator("main")).to_contain_text("rosak.pdf")
    screenshot(page, "refused")
