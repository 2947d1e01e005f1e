"""Every time HR reads is Malaysian time: the CSV, the screening and override tables, the shortlist list and PDF."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from accounts.roles import HR_OFFICER
from applications.models import Application
from screening.models import Override, ScreeningRun, Shortlist
from screening.pdf import shortlist_render
from screening.services import override_set, screening_run, shortlist_add

from .factories import PostFactory, hr_staff, submitted_application

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/applications/application/"
EVENING_UTC = dt.datetime(2026, 11, 20, 11, 29, tzinfo=dt.UTC)  # 7:29 malam in Kuala Lumpur


def test_the_csv_gives_submission_times_in_malaysian_time_and_says_so(client):
    hr_staff(HR_OFFICER, client)
    application = submitted_application(PostFactory())
    Application.objects.filter(pk=application.pk).update(submitted_at=EVENING_UTC)
    response = client.post(CHANGELIST, {"action": "export_csv", "_selected_action": [application.pk]})
    header, row = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header[-1] == "Dihantar pada (waktu Malaysia, UTC+08:00)"
    assert row[-1] == "2026-11-20 19:29"


def test_the_screening_and_override_tables_show_malaysian_time(client):
    officer = hr_staff(HR_OFFICER, client)
    application = submitted_application(PostFactory())
    screening_run(applications=Application.objects.all(), scope="semua", run_by=officer)
    override_set(
        application=application, outcome="pass", reason="Sijil disahkan oleh HR secara manual.", decided_by=officer
    )
    ScreeningRun.objects.update(started_at=EVENING_UTC)
    Override.objects.update(decided_at=EVENING_UTC)
    page = client.get(reverse("admin:applications_application_change", args=[application.pk])).content.decode()
    assert page.count("20.11.2026, 7:29 malam") == 2  # the run and the override
    assert "11:29" not in page


def test_the_shortlist_list_and_pdf_give_the_interview_in_malay():
    officer = hr_staff(HR_OFFICER)
    post = PostFactory()
    interview = dt.datetime(2026, 12, 15, 6, 30, tzinfo=dt.UTC)  # 14:30 in Kuala Lumpur
    shortlist = Shortlist.objects.create(post=post, interview_at=interview, interview_venue="Aras 20, Menara MyIPO")
    shortlist_add(
        shortlist=shortlist,
        application=submitted_application(post),
        added_by=officer,
        decision_reason="Layak setelah disemak oleh HR.",
    )
    content = shortlist_render(shortlist, generated_by=officer)[2]
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "Selasa, 15 Disember 2026, 2:30 petang" in text
    assert "2:30 MALAM" not in text.upper()


def test_the_shortlist_list_gives_the_interview_in_the_language_of_the_page(client):
    hr_staff(HR_OFFICER, client)
    Shortlist.objects.create(
        post=PostFactory(), interview_at=dt.datetime(2026, 12, 15, 6, 30, tzinfo=dt.UTC), interview_venue="Aras 20"
    )
    assert "Selasa, 15 Disember 2026, 2:30 petang" in client.get("/admin/screening/shortlist/").content.decode()
    assert "Tuesday, 15 December 2026, 2:30 pm" in client.get("/en/admin/screening/shortlist/").content.decode()
