"""A candidate's whole journey in a real browser: job board to acknowledgement slip, in Malay and English."""

import io
import re
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from PIL import Image
from pypdf import PdfReader

from applications.models import Application, Document

from ..factories import MINIMAL_PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PREFIX = {"ms": "", "en": "/en"}


@pytest.fixture
def files(tmp_path) -> dict[str, Path]:
    photo = tmp_path / "gambar-pasport.jpg"
    Image.new("RGB", (350, 500), (190, 170, 160)).save(photo)
    paths = {"photo": photo}
    for name in ("sijil-spm", "ijazah", "surat-mqa", "sijil-vaksin"):
        paths[name] = tmp_path / f"{name}.pdf"
        paths[name].write_bytes(MINIMAL_PDF)
    return paths


@pytest.fixture
def open_advertisement(transactional_db):
    from django.core.management import call_command

    call_command("loaddata", "advertisement-2023", verbosity=0)
    call_command("readvertise", "1", "--days", "30", "--if-none-open", verbosity=0)


def submit_main_form(page):
    page.locator("main form button[type=submit]").first.click()


@pytest.mark.parametrize("language", ["ms", "en"])
@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_candidate_applies_from_the_job_board_to_the_slip(
    live_server, new_page, screenshot, files, open_advertisement, language, viewport
):
    page = new_page(viewport)
    base = live_server.url + PREFIX[language]
    email = f"calon-{language}-{viewport}@contoh.my"

    # The job board, then post 3 (the accountant)
    page.goto(base + "/")
    screenshot(page, "home")
    page.locator(".post-card a", has_text=re.compile("AKAUNTAN|ACCOUNTANT")).first.click()
    screenshot(page, "post")
    assert page.locator("html").get_attribute("lang") == language
    assert ("Mohon jawatan ini" if language == "ms" else "Apply for this post") in page.inner_text("main")
    page.locator("a.btn-success").click()  # apply: asks to sign in first

    # Register from the sign-in page, verify by the link in the e-mail
    page.locator("main a[href*='daftar'], main a[href*='register']").last.click()
    page.fill("[name=email]", email)
    page.fill("[name=full_name]", "Nur Aisyah binti Ahmad")
    page.fill("[name=password1]", "Kata-laluan-2026!")
    page.fill("[name=password2]", "Kata-laluan-2026!")
    submit_main_form(page)
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.goto(base + "/")
    page.locator(".post-card a", has_text=re.compile("AKAUNTAN|ACCOUNTANT")).first.click()
    page.locator("a.btn-success").click()

    # Step 1: personal particulars
    fields = {
        "full_name": "NUR AISYAH BINTI AHMAD",
        "mykad": "900101-14-5678",
        "date_of_birth": "1990-01-01",
        "place_of_birth": "Kuala Lumpur",
        "address_line1": "No. 12, Jalan Harmoni 3",
        "postcode": "46200",
        "city": "Petaling Jaya",
        "phone": "012-345 6789",
    }
    for name, value in fields.items():
        page.fill(f"[name='personal-{name}']", value)
    page.select_option("[name='personal-citizenship']", "malaysian")
    page.check("[name='personal-sex'][value=F]")
    page.select_option("[name='personal-marital_status']", "single")
    page.select_option("[name='personal-state']", "selangor")
    screenshot(page, "step-personal")
    submit_main_form(page)

    # Step 2: SPM and a degree
    page.fill("[name='education-spm_year']", "2007")
    page.select_option("[name='education-spm_bm_grade']", "A")
    page.check("[name='education-spm_bm_oral_passed'][value=True]")
    page.select_option("[name='education-spm_bi_grade']", "B+")
    page.select_option("[name='qualifications-0-level']", "bachelor")
    page.select_option("[name='qualifications-0-field_of_study']", "accounting")
    page.fill("[name='qualifications-0-institution']", "Universiti Malaya")
    page.fill("[name='qualifications-0-year']", "2012")
    page.fill("[name='qualifications-0-cgpa']", "3.45")
    submit_main_form(page)

    # Step 3: experience (with its field of work), languages, skills, knowledge of IP law
    page.fill("[name='experiences-0-employer']", "Syarikat Audit Bersatu")
    page.fill("[name='experiences-0-position']", "Akauntan Pelatih")
    page.select_option("[name='experiences-0-field_of_work']", "accounting")
    page.fill("[name='experiences-0-started_on']", "2013-01-02")
    for name, level in (("malay_spoken", "excellent"), ("malay_written", "excellent"), ("english_spoken", "good")):
        page.select_option(f"[name='skills-{name}']", level)
    page.select_option("[name='skills-english_written']", "good")
    page.fill("[name='languages-0-name']", "Bahasa Arab")
    page.select_option("[name='languages-0-spoken']", "fair")
    page.select_option("[name='languages-0-written']", "fair")
    for skill in ("word_processing", "spreadsheet", "presentation"):
        page.check(f"[name='skills-skill_{skill}']")
    page.check("[name='skills-ip_law_knowledge_kind'][value=none]")
    screenshot(page, "step-experience")
    submit_main_form(page)

    # Step 4: the four kinds of document; the MQA letter names the degree it recognises (the only one, chosen)
    page.set_input_files("[name=certificate]", [files["sijil-spm"], files["ijazah"]])
    page.set_input_files("[name=photo]", files["photo"])
    page.set_input_files("[name=mqa_letter]", files["surat-mqa"])
    assert (
        page.locator("[name=mqa_qualification] option:checked")
        .inner_text()
        .startswith("Ijazah Sarjana Muda" if language == "ms" else "Bachelor's degree")
    )
    page.set_input_files("[name=vaccination]", files["sijil-vaksin"])
    submit_main_form(page)

    # Step 5: review, declare, consent, submit
    screenshot(page, "review")
    page.check("[name=declaration]")
    page.check("[name=pdpa_consent]")
    page.locator("main form button.btn-success").click()

    application = Application.objects.get(candidate__email=email)
    assert application.status == Application.Status.SUBMITTED
    assert page.locator("main").inner_text().count(application.reference) >= 1
    assert Document.objects.filter(owner=application.candidate).count() == 5
    letter = Document.objects.get(owner=application.candidate, kind="mqa_letter")
    assert letter.qualification.field_of_study == "accounting"
    screenshot(page, "acknowledgement")
    assert any(application.reference in message.subject for message in mail.outbox)

    with page.expect_download() as download:
        page.locator("a[href$='slip.pdf']").click()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(Path(download.value.path()).read_bytes())).pages)
    assert application.reference in text
    assert "NUR AISYAH BINTI AHMAD" in text

    with translation.override(language):
        page.goto(live_server.url + reverse("applications:mine"))
    assert application.reference in page.locator("main").inner_text()
    screenshot(page, "my-applications")
