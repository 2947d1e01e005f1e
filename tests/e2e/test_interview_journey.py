"""From the shortlist to an accepted offer, in a real browser: HR creates a session, the candidate confirms, two
panel members mark, HR produces the paper, the first offer is declined and passes to the reserve list."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from accounts.roles import HR_OFFICER, INTERVIEWER
from interviews.models import MarkSheet, Offer, Selection, SelectionEntry, Slot
from screening.models import Shortlist

from ..factories import PostFactory, UserFactory, close_advertisement, marking_scheme, shortlisted

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Pegawai-HR-2026"
CANDIDATE_PASSWORD = "Kata-laluan-2026"
NAMES = ["NUR AISYAH BINTI AHMAD", "MUHAMMAD HAFIZ BIN OMAR", "TAN MEI LING"]
# Each panel member's marks (of 10) on the four criteria of the default scheme, per candidate: AISYAH first,
# HAFIZ second (the reserve), TAN third.
MARKS = {
    NAMES[0]: [[9, 9, 8, 9], [9, 8, 9, 8]],
    NAMES[1]: [[8, 7, 8, 7], [7, 8, 7, 8]],
    NAMES[2]: [[5, 6, 5, 6], [6, 5, 6, 5]],
}


def staff(email, role, name):
    user = UserFactory(email=email, is_staff=True, password=PASSWORD, full_name=name)
    user.groups.add(Group.objects.get(name=role))
    return user


def sign_in(page, url, email, password=PASSWORD):
    page.goto(url)
    page.fill("[name=username]", email)
    page.fill("[name=password]", password)
    with page.expect_navigation():
        page.click("main form [type=submit], #login-form [type=submit]")


def run_action(page, changelist_url, action, pks=None):
    page.goto(changelist_url)
    if pks is None:
        page.check("#action-toggle")
    else:
        for pk in pks:
            page.check(f"input[name=_selected_action][value='{pk}']")
    page.select_option("select[name=action]", action)
    with page.expect_navigation():
        page.click("button[name=index]")


@pytest.fixture
def journey(transactional_db):
    post = PostFactory(title_ms="PEGAWAI TEKNOLOGI MAKLUMAT", min_qualification="bachelor")
    entries = shortlisted(post, 3, published=False)
    for entry, name in zip(entries, NAMES, strict=True):
        application = entry.application
        application.full_name = name
        application.save(update_fields=["full_name"])
        application.candidate.set_password(CANDIDATE_PASSWORD)
        application.candidate.save()
    close_advertisement(post.advertisement)
    marking_scheme(post, fixed=True)
    return {
        "post": post,
        "entries": entries,
        "officer": staff("pegawai@myipo.gov.my", HR_OFFICER, "Pegawai HR Ujian"),
        "panel": [
            staff("panel.satu@myipo.gov.my", INTERVIEWER, "Encik Panel Satu"),
            staff("panel.dua@myipo.gov.my", INTERVIEWER, "Puan Panel Dua"),
        ],
    }


def test_from_the_shortlist_to_an_offer_passed_to_the_reserve(live_server, new_page, screenshot, journey):
    base = live_server.url
    post, entries, officer = journey["post"], journey["entries"], journey["officer"]
    day = timezone.localdate() + dt.timedelta(days=10)
    hr = new_page("desktop")
    sign_in(hr, base + "/admin/login/", officer.email)
    expect(hr.locator("#content-main")).to_contain_text("5. Temu duga")
    screenshot(hr, "index")

    # 1. HR creates a session with its panel of two, then gives every shortlisted candidate a slot.
    hr.goto(base + "/admin/interviews/session/add/")
    hr.select_option("[name=shortlist]", str(entries[0].shortlist_id))
    hr.fill("[name=starts_at_0]", day.isoformat())
    hr.fill("[name=starts_at_1]", "09:00")
    hr.fill("[name=venue]", "Bilik Mesyuarat Utama, Aras 32, Menara UOA Bangsar, Kuala Lumpur")
    hr.fill("[name=slot_minutes]", "30")
    hr.fill("[name=respond_by_0]", (day - dt.timedelta(days=3)).isoformat())
    hr.fill("[name=respond_by_1]", "17:00")
    for number, member in enumerate(journey["panel"]):
        hr.select_option(f"[name=members-{number}-member]", str(member.pk))
    hr.check("[name=members-0-is_chair]")
    screenshot(hr, "session-add")
    with hr.expect_navigation():
        hr.click("[name=_save]")
    expect(hr.locator(".messagelist")).to_be_visible()
    run_action(hr, base + "/admin/interviews/session/", "assign_slots")
    screenshot(hr, "assign-slots")
    with hr.expect_navigation():
        hr.click("input[name=apply]")
    assert Slot.objects.filter(entry__in=entries).count() == 3

    # ... and publishes the shortlist: each candidate is invited with their own slot.
    run_action(hr, base + "/admin/screening/shortlist/", "publish", [entries[0].shortlist_id])
    with hr.expect_navigation():
        hr.click("input[name=apply]")
    assert Shortlist.objects.get(pk=entries[0].shortlist_id).published_at is not None

    # 2. The first candidate confirms on a phone.
    aisyah = new_page("narrow")
    sign_in(aisyah, base + reverse("accounts:login"), entries[0].application.candidate.email, CANDIDATE_PASSWORD)
    aisyah.goto(base + reverse("applications:detail", args=[entries[0].application_id]))
    card = aisyah.locator("#interview")
    expect(card).to_contain_text("9:00 pagi")
    screenshot(aisyah, "slot-card")
    with aisyah.expect_navigation():
        aisyah.click("[data-action=confirm-slot] button")
    assert Slot.objects.get(entry=entries[0]).response == Slot.Response.CONFIRMED

    # HR records that all three attended.
    run_action(hr, base + "/admin/interviews/slot/", "mark_attended")
    assert Slot.objects.filter(attendance=Slot.Attendance.ATTENDED).count() == 3

    # 3. Each panel member marks each candidate on their phone and submits.
    for number, member in enumerate(journey["panel"]):
        phone = new_page("phone")
        sign_in(phone, base + "/admin/login/", member.email)
        for name, marks in MARKS.items():
            phone.goto(base + "/admin/interviews/panel/")
            with phone.expect_navigation():
                phone.click(f"text={name}")
            inputs = phone.locator("input[name^=mark_]")
            expect(inputs).to_have_count(4)
            for index, value in enumerate(marks[number]):
                inputs.nth(index).fill(str(value))
            phone.fill("[name=comment]", f"Ulasan {member.full_name} bagi {name}.")
            if name == NAMES[0]:
                screenshot(phone, f"marks-{number}")
            with phone.expect_navigation():
                phone.click("[name=submit]")
            expect(phone.locator(".status.locked")).to_be_visible()
    assert MarkSheet.objects.filter(submitted_at__isnull=False).count() == 6

    # 4. HR sets the vacancies, ranks, and downloads the selection paper.
    hr.goto(base + "/admin/interviews/selection/add/")
    hr.select_option("[name=post]", str(post.pk))
    hr.fill("[name=vacancies]", "1")
    hr.fill("[name=reserve_size]", "1")
    with hr.expect_navigation():
        hr.click("[name=_save]")
    selection = Selection.objects.get(post=post)
    hr.goto(base + f"/admin/interviews/selection/{selection.pk}/ranking/")
    with hr.expect_navigation():
        hr.click("form input[type=submit].default")
    expect(hr.locator("#result_list tbody tr")).to_have_count(3)
    screenshot(hr, "ranking")
    with hr.expect_download() as download:
        hr.click(".next-steps a[href$='paper.pdf']")
    paper = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    text = "\n".join(page.extract_text() for page in paper.pages)
    assert "PEGAWAI TEKNOLOGI MAKLUMAT" in text
    first, second, third = (entry.application.reference for entry in entries)
    assert text.index(first) < text.index(second) < text.index(third)  # ranked by their marks

    # The meeting approves as proposed; HR sends the offer to the selected candidate.
    hr.goto(base + f"/admin/interviews/selection/{selection.pk}/ranking/")
    with hr.expect_navigation():
        hr.click(".next-steps a[href$='/decision/']")
    hr.check("[name=decision][value=approved]")
    hr.fill("[name=meeting]", "Mesyuarat Pengurusan MyIPO Bil. 12/2026")
    hr.fill("[name=meeting_on]", timezone.localdate().isoformat())
    with hr.expect_navigation():
        hr.click(".submit-row [type=submit]")
    selection.refresh_from_db()
    assert selection.decision == Selection.Decision.APPROVED
    send_offer(hr, base, selection, post)
    first = Offer.objects.get()
    assert first.selection_entry.slot.entry == entries[0]

    # 5. The selected candidate declines in the account; HR offers the post to the reserve.
    aisyah.goto(base + reverse("applications:detail", args=[entries[0].application_id]))
    screenshot(aisyah, "offer")
    aisyah.check("#answer-decline")
    with aisyah.expect_navigation():
        aisyah.click("[data-action=offer-answer] button[type=submit]")
    first.refresh_from_db()
    assert first.status == Offer.Status.DECLINED and first.responded_at is not None
    hr.goto(base + reverse("admin:interviews_offer_refill"))
    expect(hr.locator("body")).to_contain_text(NAMES[1])
    with hr.expect_navigation():
        hr.click("input[type=submit]")
    reserve = SelectionEntry.objects.get(slot__entry=entries[1])
    assert reserve.final == SelectionEntry.Category.SELECTED
    send_offer(hr, base, selection, post)
    assert Offer.objects.get(selection_entry=reserve).status == Offer.Status.SENT

    hafiz = new_page("narrow")
    sign_in(hafiz, base + reverse("accounts:login"), entries[1].application.candidate.email, CANDIDATE_PASSWORD)
    hafiz.goto(base + reverse("applications:detail", args=[entries[1].application_id]))
    hafiz.check("#answer-accept")
    with hafiz.expect_navigation():
        hafiz.click("[data-action=offer-answer] button[type=submit]")
    assert Offer.objects.get(selection_entry=reserve).status == Offer.Status.ACCEPTED
    screenshot(hafiz, "accepted")

    # 6. The advertisement's dashboard counts each stage of the post.
    hr.goto(base + reverse("admin:vacancies_advertisement_report", args=[post.advertisement_id]))
    row = hr.locator(".later-stages tbody tr").filter(has_text=post.title_ms)
    # invited, confirmed, attended, selected, offered, accepted
    expect(row.locator("td").nth(1)).to_have_text("3")
    expect(row.locator("td").nth(2)).to_have_text("1")
    expect(row.locator("td").nth(3)).to_have_text("3")
    expect(row.locator("td").nth(6)).to_have_text("1")
    screenshot(hr, "dashboard")


def send_offer(hr, base, selection, post):
    hr.goto(base + reverse("admin:interviews_selection_offers", args=[selection.pk]))
    with hr.expect_navigation():
        hr.click("a.button[href*='/send/']")
    hr.fill("[name=salary]", str(post.grade.salary_min))
    hr.fill("[name=contract_months]", "24")
    now = timezone.localtime()
    hr.fill("[name=respond_by]", (now + dt.timedelta(days=7)).strftime("%Y-%m-%dT17:00"))
    hr.fill("[name=report_at]", (now + dt.timedelta(days=30)).strftime("%Y-%m-%dT08:30"))
    hr.fill("[name=report_place]", "Bahagian Sumber Manusia, Aras 32, Menara UOA Bangsar, Kuala Lumpur")
    with hr.expect_navigation():
        hr.click(".submit-row [type=submit]")
