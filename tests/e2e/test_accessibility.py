"""axe-core on every public and candidate page, in Malay and English: no serious or critical violation."""

from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from ..factories import ApplicationFactory, PostFactory, ProfileFactory, VerifiedUserFactory

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
    """Every page a visitor or candidate sees, by name and URL name with arguments."""
    post = PostFactory()
    closed = PostFactory(advertisement__closed=True)
    candidate = VerifiedUserFactory(password="Kata-laluan-2026")
    ProfileFactory(user=candidate)
    application = ApplicationFactory(candidate=candidate, post=post)
    public = [
        ("vacancies:home", []),
        ("vacancies:post_list", []),
        ("vacancies:post_detail", [post.pk]),
        ("vacancies:post_detail", [closed.pk]),
        ("vacancies:advertisement_detail", [post.advertisement_id]),
        ("vacancies:archive", []),
        ("screening:eligibility", []),
        ("vacancies:help", []),
        ("accounts:login", []),
        ("accounts:register", []),
        ("accounts:password_reset", []),
    ]
    signed_in = [
        ("accounts:verify_sent", []),
        ("applications:mine", []),
        ("privacy:account", []),
        ("privacy:profile", []),
        ("accounts:password_change", []),
        ("accounts:email_change", []),
        *[
            ("applications:step", [application.pk, step])
            for step in ("personal", "education", "experience", "documents", "review")
        ],
    ]
    return candidate, public, signed_in


@pytest.mark.parametrize("language", ["ms", "en"])
def test_no_serious_accessibility_violations(live_server, new_page, pages, language):
    candidate, public, signed_in = pages
    page = new_page("phone", bypass_csp=True)  # our CSP rightly refuses the injected axe script
    found = {}

    def check(name, args):
        with translation.override(language):
            url = reverse(name, args=args)
        page.goto(live_server.url + url)
        assert page.locator("html").get_attribute("lang") == language
        if problems := violations(page):
            found[url] = problems

    for name, args in public:
        check(name, args)
    with translation.override(language):
        page.goto(live_server.url + reverse("accounts:login"))
    page.fill("[name=username]", candidate.email)
    page.fill("[name=password]", "Kata-laluan-2026")
    page.locator("main form button[type=submit]").click()
    for name, args in signed_in:
        check(name, args)
    assert not found, found


def test_the_borang_works_by_keyboard_alone(live_server, new_page, pages):
    candidate, _public, _signed_in = pages
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
    application = candidate.applications.get()
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
