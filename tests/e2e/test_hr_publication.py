"""HR publishes a shortlist, moves the interview, withdraws an invitation and reads the dashboard, in a browser."""

import datetime as dt
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import HR_OFFICER
from applications.models import Application
from applications.services import application_open_for_hr
from screening.models import Override, Shortlist, ShortlistEntry
from screening.services import shortlist_add, shortlist_publish

from ..factories import PostFactory, close_advertisement, hr_staff, submitted_application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Pegawai-HR-2026"
AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text("utf-8")


def sign_in_admin(page, base, email):
    page.goto(base + "/admin/login/")
    page.fill("[name=username]", email)
    page.fill("[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("[type=submit]")


def run_action(page, url, selected, action):
    page.goto(url)
    for pk in selected:
        page.check(f"input[name=_selected_action][value='{pk}']")
    page.select_option("select[name=action]", action)
    with page.expect_navigation():
        page.click("button[name=index]")


def in_malaysia(days, hour, minute=0):
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@pytest.fixture
def officer(transactional_db):
    return hr_staff(HR_OFFICER, email="pegawai@myipo.gov.my", password=PASSWORD, full_name="Pegawai HR Ujian")


@pytest.fixture
def campaign(officer):
    """Post 9: three applicants, two on the shortlist, the interview in two weeks at 9:00, the advertisement closed."""
    post = PostFactory(number=9, title_ms="PEMBANTU TADBIR", title_en="ADMINISTRATIVE ASSISTANT")
    applicants = [submitted_application(post, full_name=name) for name in ("AMINAH BINTI SALLEH", "RAVI A/L KUMAR")]
    others = [submitted_application(post, full_name="TIDAK TERPILIH")]
    shortlist = Shortlist.objects.create(
        post=post, interview_at=in_malaysia(14, 9), interview_venue="Bilik Mesyuarat Utama, Aras 20, Menara MyIPO"
    )
    for application in applicants:
        shortlist_add(
            shortlist=shortlist,
            application=application,
            added_by=officer,
            decision_reason="Layak setelah disemak oleh HR.",
        )
    close_advertisement(post.advertisement)
    return {"post": post, "shortlist": shortlist, "applicants": applicants, "others": others}


def test_publishing_shows_what_will_happen_and_refuses_what_is_not_ready(
    live_server, new_page, screenshot, officer, campaign
):
    not_ready = Shortlist.objects.create(
        post=PostFactory(title_ms="JURUTERA"), interview_at=dt.datetime(2020, 3, 2, 1, 0, tzinfo=dt.UTC)
    )
    page = new_page("desktop")
    sign_in_admin(page, live_server.url, officer.email)
    shortlists = live_server.url + "/admin/screening/shortlist/"

    # The list gives the interview in Malaysian time, in Malay
    page.goto(shortlists)
    expect(page.locator("#result_list")).to_contain_text("9:00 pagi")
    screenshot(page, "list")

    # A shortlist that is not ready: the reasons, and no way to confirm
    run_action(page, shortlists, [not_ready.pk], "publish")
    expect(page.locator("ul.refusals li")).to_have_count(4)  # empty, no venue, in the past, not closed
    expect(page.locator("input[name=apply]")).to_be_disabled()
    screenshot(page, "refused")

    # The ready one: how many are invited, how many told nothing, the interview; nothing happens yet
    run_action(page, shortlists, [campaign["shortlist"].pk], "publish")
    expect(page.locator(".to-invite")).to_have_text("2")
    expect(page.locator(".not-shortlisted")).to_have_text("1")
    expect(page.locator(".interview-at")).to_contain_text("9:00 pagi")
    expect(page.locator("input[name=apply]")).to_be_enabled()
    screenshot(page, "confirm")
    assert Shortlist.objects.get(pk=campaign["shortlist"].pk).published_at is None

    mail.outbox.clear()  # the acknowledgements of the applications
    with page.expect_navigation():
        page.click("input[name=apply]")
    expect(page.locator(".messagelist")).to_contain_text("2")
    shortlist = Shortlist.objects.get(pk=campaign["shortlist"].pk)
    assert shortlist.published_by == officer
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        application.candidate.email for application in campaign["applicants"]
    )
    assert "9:00 pagi" in mail.outbox[0].body
    assert Application.objects.get(pk=campaign["others"][0].pk).status == Application.Status.NOT_SHORTLISTED
    screenshot(page, "published")


def test_moving_the_interview_and_withdrawing_an_invitation_reach_the_candidates(
    live_server, new_page, screenshot, officer, campaign
):
    shortlist = campaign["shortlist"]
    shortlist_publish(shortlist=shortlist, published_by=officer)
    mail.outbox.clear()
    page = new_page("desktop")
    sign_in_admin(page, live_server.url, officer.email)

    # Move the interview from 9:00 to 14:30 on the shortlist's page
    page.goto(f"{live_server.url}/admin/screening/shortlist/{shortlist.pk}/change/")
    page.fill("[name=interview_at_1]", "14:30")
    with page.expect_navigation():
        page.click("[name=_continue]")
    expect(page.locator(".messagelist .warning")).to_contain_text("2")
    expect(page.locator("#interview_changes-group")).to_contain_text("2:30 petang")
    screenshot(page, "moved")
    assert len(mail.outbox) == 2
    assert all("2:30 petang" in message.body and "9:00 pagi" in message.body for message in mail.outbox)
    mail.outbox.clear()

    # Remove an invited candidate: the reason first, the candidate told the invitation is withdrawn
    ravi = ShortlistEntry.objects.get(shortlist=shortlist, application=campaign["applicants"][1])
    run_action(page, f"{live_server.url}/admin/screening/shortlistentry/", [ravi.pk], "remove")
    expect(page.locator(".removal-list")).to_contain_text("RAVI A/L KUMAR")
    page.fill("[name=reason]", "Tiada")
    page.click("[name=apply]")  # the browser holds a reason under 15 characters back (the server refuses it too)
    assert page.eval_on_selector("[name=reason]", "element => element.validity.tooShort")
    screenshot(page, "reason-required")
    ravi.refresh_from_db()
    assert ravi.removed_at is None
    page.fill("[name=reason]", "Calon memaklumkan tidak dapat hadir; tempat diberi kepada calon simpanan.")
    with page.expect_navigation():
        page.click("[name=apply]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    ravi.refresh_from_db()
    assert ravi.removed_by == officer and ravi.removal_reason.startswith("Calon memaklumkan")
    assert [message.to for message in mail.outbox] == [[campaign["applicants"][1].candidate.email]]
    assert Application.objects.get(pk=ravi.application_id).status == Application.Status.NOT_SHORTLISTED
    screenshot(page, "removed")


def test_one_reason_for_many_overrides_is_confirmed(live_server, new_page, screenshot, officer):
    post = PostFactory()
    applications = [submitted_application(post) for _ in range(11)]
    page = new_page("desktop")
    sign_in_admin(page, live_server.url, officer.email)
    page.goto(live_server.url + "/admin/applications/application/")
    page.check("#action-toggle")
    page.select_option("select[name=action]", "override")
    with page.expect_navigation():
        page.click("button[name=index]")
    page.select_option("[name=outcome]", "pass")
    page.fill("[name=reason]", "Rayuan kumpulan diluluskan oleh panel temu duga.")
    expect(page.locator("label[for=id_same_reason]")).to_contain_text("11")
    page.click("[name=apply]")  # not without ticking the confirmation
    assert page.eval_on_selector("[name=same_reason]", "element => element.validity.valueMissing")
    screenshot(page, "confirm-same-reason")
    assert not Override.objects.exists()
    page.check("[name=same_reason]")
    with page.expect_navigation():
        page.click("[name=apply]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert Override.objects.count() == len(applications)


def test_the_dashboard_draws_applications_per_day_and_an_officer_reads_their_own_trail(
    live_server, new_page, screenshot, officer
):
    post = PostFactory(advertisement__opens_at=timezone.now() - dt.timedelta(days=9))
    for index, days_ago in enumerate((8, 8, 7, 5, 5, 5, 5, 3, 1, 1, 0)):
        application = submitted_application(post, full_name=f"CALON {index}")
        Application.objects.filter(pk=application.pk).update(submitted_at=timezone.now() - dt.timedelta(days=days_ago))
    page = new_page("desktop", bypass_csp=True)  # our CSP rightly refuses the injected axe script
    sign_in_admin(page, live_server.url, officer.email)
    page.goto(f"{live_server.url}/admin/vacancies/advertisement/{post.advertisement_id}/report/")
    chart = page.locator("svg.chart")
    expect(chart).to_be_visible()
    expect(chart.locator("rect")).to_have_count(10)
    page.add_script_tag(content=AXE)
    results = page.evaluate("async () => await axe.run('.day-chart', {resultTypes: ['violations']})")
    assert [v["id"] for v in results["violations"] if v["impact"] in {"serious", "critical"}] == []
    screenshot(page, "dashboard")

    # The officer opens one application (recorded); a colleague opened another
    opened, seen_by_colleague = Application.objects.order_by("pk")[:2]
    application_open_for_hr(application=seen_by_colleague, opened_by=hr_staff(HR_OFFICER))
    page.goto(f"{live_server.url}/admin/applications/application/{opened.pk}/change/")
    expect(page.locator("#content")).to_contain_text(opened.reference)
    page.goto(f"{live_server.url}/admin/audit/auditevent/")
    # opening the application and its passport photo (a document view): the officer's own two events
    expect(page.locator("#result_list tbody tr")).to_have_count(2)
    expect(page.locator("#result_list")).to_contain_text(opened.reference)
    expect(page.locator("#result_list")).not_to_contain_text(seen_by_colleague.reference)
    screenshot(page, "own-trail")
