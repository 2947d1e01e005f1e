"""Amending a submitted application on a phone, before the closing date, under the same reference."""

import pytest
from django.urls import reverse
from django.utils import translation

from ..factories import PostFactory, submitted_application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["ms", "en"])
def test_a_candidate_amends_a_submitted_application(live_server, new_page, screenshot, language):
    from playwright.sync_api import expect

    application = submitted_application(PostFactory(min_qualification="bachelor", qualification_fields=["accounting"]))
    application.candidate.set_password("Kata-laluan-2026")
    application.candidate.save()
    page = new_page("narrow")
    with translation.override(language):
        login, detail = reverse("accounts:login"), application.get_absolute_url()
    page.goto(live_server.url + login)
    page.fill("[name=username]", application.candidate.email)
    page.fill("[name=password]", "Kata-laluan-2026")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/*")
    page.goto(live_server.url + detail)
    screenshot(page, "submitted")
    page.locator("form[data-action=amend] button").click()
    page.fill("[name=personal-city]", "Shah Alam")
    page.fill("[name=personal-postcode]", "40000")
    screenshot(page, "amending")
    page.locator("main form button[type=submit]").first.click()
    page.goto(page.url.rsplit("/", 2)[0] + "/review/")
    page.check("[name=declaration]")
    page.check("[name=pdpa_consent]")
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator("[data-stage=amended]")).to_be_visible()
    expect(page.locator("main")).to_contain_text(application.reference)
    expect(page.locator("main")).to_contain_text("Shah Alam")
    screenshot(page, "amended")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
