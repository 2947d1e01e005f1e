"""Every page a visitor or candidate sees fits a 360 px phone without scrolling sideways, in Malay and English."""

import pytest
from django.urls import reverse
from django.utils import translation

from ..factories import (
    ApplicationFactory,
    DocumentFactory,
    PostFactory,
    PostLineFactory,
    submitted_application,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LONG_MQA_LINE = (
    "Pemohon hendaklah menyertakan Surat Akuan Pengiktirafan Diploma/ Ijazah daripada Kementerian Pengajian Tinggi "
    "(https://www2.mqa.gov.my/esisraf/kelayakan.cfm?carian=PengiktirafanKelayakanAkademikPeringkatDiplomaIjazah)"
)


@pytest.fixture
def pages(transactional_db):
    from applications.services import application_start, application_submit, application_withdraw

    post = PostFactory(min_qualification="bachelor", qualification_fields=["accounting"])
    PostLineFactory(post=post, kind="qualification", text_ms=LONG_MQA_LINE, text_en=LONG_MQA_LINE)
    closed = PostFactory(advertisement__closed=True)
    submitted = submitted_application(post, full_name="NUR AISYAH BINTI AHMAD ZULKIFLI AL-HAFIZ BIN MOHD")
    candidate = submitted.candidate
    candidate.set_password("Kata-laluan-2026")
    candidate.save()
    DocumentFactory(owner=candidate, kind="certificate", original_name="sijil-ijazah-sarjana-muda-perakaunan-2012.pdf")
    other = PostFactory(advertisement=post.advertisement)
    withdrawn = application_withdraw(
        application=application_submit(application=application_start(candidate=candidate, post=other))
    )
    draft = ApplicationFactory(candidate=candidate, post=PostFactory(advertisement=post.advertisement))
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
        ("applications:mine", []),
        ("applications:detail", [submitted.pk]),
        ("applications:detail", [withdrawn.pk]),
        ("privacy:account", []),
        ("privacy:profile", []),
        ("accounts:password_change", []),
        ("accounts:email_change", []),
        *[
            ("applications:step", [draft.pk, step])
            for step in ("personal", "education", "experience", "documents", "review")
        ],
    ]
    return candidate, public, signed_in


@pytest.mark.parametrize("language", ["ms", "en"])
def test_every_page_fits_a_360_px_screen(live_server, new_page, screenshot, pages, language):
    candidate, public, signed_in = pages
    page = new_page("narrow")
    too_wide = {}

    def check(name, args):
        with translation.override(language):
            url = reverse(name, args=args)
        page.goto(live_server.url + url)
        width = page.evaluate("document.documentElement.scrollWidth")
        # Nothing hidden in a box that scrolls sideways either (a table whose last column is off screen).
        clipped = page.evaluate(
            "[...document.querySelectorAll('main .table-responsive')]"
            ".filter(e => e.scrollWidth > e.clientWidth + 1).length"
        )
        if width > 360 or clipped:
            too_wide[url] = (width, clipped)
        screenshot(page, f"{name.replace(':', '-')}-{'-'.join(map(str, args))}")

    for name, args in public:
        check(name, args)
    with translation.override(language):
        page.goto(live_server.url + reverse("accounts:login"))
    page.fill("[name=username]", candidate.email)
    page.fill("[name=password]", "Kata-laluan-2026")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/*")
    for name, args in signed_in:
        check(name, args)
    assert not too_wide, too_wide
