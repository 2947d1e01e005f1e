"""HR's journey in Django admin, and the limits of each role, in a real browser."""

import io
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from accounts.roles import HR_OFFICER
from applications.models import Application
from applications.services import application_start, application_submit
from screening.models import Override

from ..factories import (
    DocumentFactory,
    PostFactory,
    ProfileFactory,
    QualificationFactory,
    UserFactory,
    VerifiedUserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Pegawai-HR-2026"


def applicant(post, name, **profile):
    profile = ProfileFactory(full_name=name, **profile)
    QualificationFactory(profile=profile)
    for kind in ("certificate", "photo", "mqa_letter", "vaccination"):
        DocumentFactory(owner=profile.user, kind=kind)
    return application_submit(application=application_start(candidate=profile.user, post=post))


def sign_in_admin(page, base, email):
    page.goto(base + "/admin/login/")
    page.fill("[name=username]", email)
    page.fill("[name=password]", PASSWORD)
    page.click("[type=submit]")


@pytest.fixture
def officer(transactional_db):
    user = UserFactory(email="pegawai@myipo.gov.my", is_staff=True, password=PASSWORD, full_name="Pegawai HR Ujian")
    user.groups.add(Group.objects.get(name=HR_OFFICER))
    return user


def test_an_hr_officer_screens_overrides_shortlists_and_downloads_the_pdf(live_server, new_page, screenshot, officer):
    post = PostFactory(min_qualification="bachelor", title_ms="AKAUNTAN")
    good = applicant(post, "AMINAH BINTI SALLEH")
    foreigner = applicant(post, "JOHN SMITH", citizenship="other")
    page = new_page("desktop", locale="en-GB")
    base = live_server.url + "/en"
    sign_in_admin(page, base, officer.email)

    # Screen the post's applications from the post list
    page.goto(base + "/admin/vacancies/post/")
    page.check(f"input[name=_selected_action][value='{post.pk}']")
    page.select_option("select[name=action]", "screen")
    with page.expect_navigation():
        page.click("button[name=index]")
    expect(page.locator("body")).to_contain_text("2 application(s) screened")

    # Read the failing rule's reason
    page.goto(base + "/admin/applications/application/?outcome=fail")
    screenshot(page, "failing")
    with page.expect_navigation():
        page.click(f"text={foreigner.reference}")
    expect(page.locator("body")).to_contain_text("Not a Malaysian citizen")
    screenshot(page, "reason")

    # Override it, with a reason
    page.goto(base + "/admin/applications/application/")
    page.check(f"input[name=_selected_action][value='{foreigner.pk}']")
    page.select_option("select[name=action]", "override")
    with page.expect_navigation():
        page.click("button[name=index]")
    page.select_option("[name=outcome]", "pass")
    page.fill("[name=reason]", "Telah menjadi warganegara; sijil disahkan oleh HR.")
    with page.expect_navigation():
        page.click("[name=apply]")
    expect(page.locator("body")).to_contain_text("Override recorded")
    assert Override.objects.get(application=foreigner).decided_by == officer

    # Build the shortlist, then download it
    page.goto(base + "/admin/vacancies/post/")
    page.check(f"input[name=_selected_action][value='{post.pk}']")
    page.select_option("select[name=action]", "build_shortlist")
    with page.expect_navigation():
        page.click("button[name=index]")
    with page.expect_navigation():
        page.click("text=Open the shortlist")
    screenshot(page, "shortlist")
    page.goto(base + "/admin/screening/shortlist/")
    page.check("input[name=_selected_action]")
    page.select_option("select[name=action]", "export_pdf")
    with page.expect_download() as download:
        page.click("button[name=index]")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(Path(download.value.path()).read_bytes())).pages)
    assert good.reference in text and foreigner.reference in text
    assert "AMINAH BINTI SALLEH" in text and "JOHN SMITH" in text
    assert re.search(r"Halaman 1 daripada 1", text)


def test_an_hr_officer_cannot_open_what_only_an_administrator_may(live_server, new_page, officer):
    page = new_page("desktop", locale="en-GB")
    sign_in_admin(page, live_server.url + "/en", officer.email)
    for path in ("/en/admin/vacancies/advertisement/add/", "/en/admin/accounts/user/", "/en/admin/auth/group/"):
        response = page.goto(live_server.url + path)
        assert response.status == 403, path


def test_a_candidate_cannot_reach_another_candidates_application_or_document(live_server, new_page):
    post = PostFactory()
    victim = applicant(post, "MANGSA BINTI DATA")
    document = victim.documents.first()
    VerifiedUserFactory(email="penceroboh@contoh.my", password=PASSWORD)
    page = new_page("phone")
    page.goto(live_server.url + "/en/account/login/")
    page.fill("[name=username]", "penceroboh@contoh.my")
    page.fill("[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    paths = (
        victim.get_absolute_url(),
        reverse("applications:slip", args=[victim.pk]),
        reverse("applications:step", args=[victim.pk, "personal"]),
        document.get_absolute_url(),
        reverse("admin:applications_application_change", args=[victim.pk]),
    )
    for path in paths:
        response = page.goto(live_server.url + path)
        assert response.status in {404, 302, 200}, path
        assert "MANGSA BINTI DATA" not in page.content(), path
        assert response.status != 200 or "/admin/login/" in page.url, path
    assert Application.objects.get(pk=victim.pk).full_name == "MANGSA BINTI DATA"
