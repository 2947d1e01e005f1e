"""The open re-advertisement in a browser: how to apply online, its closing date, and a way to each post's form."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def open_advertisement(transactional_db):
    from django.core.management import call_command

    from vacancies.models import Advertisement

    call_command("loaddata", "advertisement-2023", verbosity=0)
    call_command("readvertise", "1", "--days", "30", "--if-none-open", verbosity=0)
    return Advertisement.objects.get(readvertised_from=1)


@pytest.mark.parametrize("language", ["ms", "en"])
@pytest.mark.parametrize("viewport", ["narrow", "desktop"])
def test_the_open_advertisement_leads_to_applying_online(
    live_server, new_page, screenshot, open_advertisement, language, viewport
):
    from playwright.sync_api import expect

    page = new_page(viewport)
    with translation.override(language):
        page.goto(live_server.url + open_advertisement.get_absolute_url())
    main = page.locator("main")
    expect(main).not_to_contain_text("28 November 2023")
    expect(main).not_to_contain_text(re.compile("sampul surat|envelope"))
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    screenshot(page, "advertisement")
    page.locator("a[href='#how-to-apply']").click()
    expect(page.locator("#how-to-apply a.btn-success")).to_have_count(9)
    page.locator("#how-to-apply a.btn-success").nth(2).click()
    expect(page).to_have_url(re.compile(r"/(akaun|account)/"))
    with translation.override(language):
        page.goto(live_server.url + reverse("vacancies:archive"))
    screenshot(page, "archive")
