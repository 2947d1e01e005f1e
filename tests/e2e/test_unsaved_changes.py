"""Typing is not lost without warning: leaving a changed form asks first; saving does not."""

import pytest
from django.urls import reverse

from ..factories import ApplicationFactory, ProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def draft(transactional_db):
    profile = ProfileFactory()
    profile.user.set_password("Kata-laluan-2026")
    profile.user.save()
    return ApplicationFactory(candidate=profile.user)


def sign_in(page, live_server, user):
    page.goto(live_server.url + reverse("accounts:login"))
    page.fill("[name=username]", user.email)
    page.fill("[name=password]", "Kata-laluan-2026")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/permohonan/")


@pytest.mark.parametrize("viewport", ["narrow", "desktop"])
def test_leaving_a_changed_step_asks_first_and_saving_does_not(live_server, new_page, draft, viewport):
    from playwright.sync_api import expect

    page = new_page(viewport)
    sign_in(page, live_server, draft.candidate)
    personal = live_server.url + reverse("applications:step", args=[draft.pk, "personal"])
    page.goto(personal)
    dialogs = []

    def dismiss(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()  # stay on the page

    page.on("dialog", dismiss)
    page.goto(personal)  # no change yet: leaves without a question
    assert dialogs == []
    page.fill("[name=personal-city]", "Shah Alam")
    page.locator(".step-nav a").nth(1).click()
    expect(page.locator("[name=personal-city]")).to_have_value("Shah Alam")
    assert dialogs == ["beforeunload"]
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(live_server.url + reverse("applications:step", args=[draft.pk, "education"]))
    assert dialogs == ["beforeunload"]
