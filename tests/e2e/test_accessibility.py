"""axe-core on every public and candidate page, in Malay and English: no serious or critical violation."""

from pathlib import Path

import pytest
from django.urls import reverse

from .candidate_pages import candidate_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text("utf-8")  # axe-core from npm, vendored


def violations(page):
    page.add_script_tag(content=AXE)
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


@pytest.fixture
def pages(transactional_db):
    return candidate_pages()


@pytest.mark.parametrize("language", ["ms", "en"])
def test_no_serious_accessibility_violations(live_server, new_page, pages, language):
    page = new_page("phone", bypass_csp=True)  # our CSP rightly refuses the injected axe script
    found = {}

    def check(name, args, url):
        page.goto(live_server.url + url)
        assert page.locator("html").get_attribute("lang") == language
        if problems := violations(page):
            found[url] = problems

    pages.walk(page, live_server, language, check)
    assert not found, found


def test_the_borang_works_by_keyboard_alone(live_server, new_page, pages):
    candidate = pages.candidate
    page = new_page("desktop")
    page.goto(live_server.url + reverse("vacancies:home"))
    page.keyboard.press("Tab")  # the skip link comes first
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#content"
    page.goto(live_server.url + reverse("accounts:login"))
    page.locator("[name=username]").focus()
    page.keyboard.type(candidate.email)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "password"
    page.keyboard.type("Kata-laluan-2026")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    application = pages.draft
    page.goto(live_server.url + reverse("applications:step", args=[application.pk, "experience"]))
    box = page.locator("[name='skills-skill_word_processing']")
    before = box.is_checked()
    box.focus()
    page.keyboard.press("Space")
    assert box.is_checked() is not before
    page.locator("[name='skills-english_spoken']").focus()
    page.keyboard.press("ArrowDown")
    page.locator("main form button[type=submit]").first.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    candidate.profile.refresh_from_db()
    assert candidate.profile.skill_word_processing is not before
