"""Semak kelayakan in a real browser: a visitor on a phone answers a few questions and reads a verdict per post."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PREFIX = {"ms": "", "en": "/en"}


@pytest.fixture
def open_advertisement(transactional_db):
    from django.core.management import call_command

    call_command("loaddata", "advertisement-2023", verbosity=0)
    call_command("readvertise", "1", "--days", "30", "--if-none-open", verbosity=0)


@pytest.mark.parametrize("language", ["ms", "en"])
@pytest.mark.parametrize("viewport", ["narrow", "desktop"])
def test_a_visitor_checks_eligibility_for_every_open_post(
    live_server, new_page, screenshot, open_advertisement, language, viewport
):
    from playwright.sync_api import expect

    page = new_page(viewport)
    page.goto(live_server.url + PREFIX[language] + "/")
    page.locator(".hero a[href*='eligibility'], .hero a[href*='kelayakan']").click()
    page.fill("[name=mykad]", "900101-14-5678")
    page.select_option("[name=citizenship]", "malaysian")
    page.select_option("[name=spm_bm_grade]", "A")
    page.check("[name=spm_bm_oral_passed][value='1']")
    page.select_option("[name=qualification_level]", "bachelor")
    page.select_option("[name=field_of_study]", "accounting")
    screenshot(page, "form")
    page.locator("main form button[type=submit]").click()

    results = page.locator("article[data-verdict]")
    expect(results).to_have_count(9)
    expect(page.locator("article[data-verdict=pass]").first).to_be_visible()
    expect(page.locator("article[data-verdict=fail]").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    screenshot(page, "results")
    page.locator("article[data-verdict=pass] a.btn-success").first.click()
    expect(page).to_have_url(re.compile(r"/(akaun/|account/)"))
