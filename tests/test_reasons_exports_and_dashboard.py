"""Override reasons that say something, CSV files Excel opens right, and a dashboard read in its natural order."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import HR_ADMINISTRATOR, HR_OFFICER
from applications.constants import QualificationLevel
from applications.models import Application
from screening.models import Outcome, Override
from screening.reports import AGE_BAND_LABELS, campaign_report
from screening.services import ScreeningError, override_set, screening_run

from .factories import AdvertisementFactory, PostFactory, hr_staff, submitted_application

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/applications/application/"
BOM = b"\xef\xbb\xbf"


@pytest.mark.parametrize("reason", ["", "   ", "ok", "Disemak.", "  Sijil palsu.   "])
def test_an_override_reason_must_say_something(reason):
    application = submitted_application(PostFactory())
    with pytest.raises(ScreeningError) as error:
        override_set(application=application, outcome=Outcome.PASS, reason=reason, decided_by=hr_staff(HR_OFFICER))
    assert error.value.code in {"reason_required", "reason_too_short"}
    assert not Override.objects.exists()


def test_a_reason_of_fifteen_characters_is_enough_and_kept_stripped():
    application = submitted_application(PostFactory())
    override = override_set(
        application=application, outcome=Outcome.PASS, reason="  Sijil disahkan.  ", decided_by=hr_staff(HR_OFFICER)
    )
    assert override.reason == "Sijil disahkan."


def test_the_override_page_explains_a_reason_too_short(client):
    hr_staff(HR_OFFICER, client)
    application = submitted_application(PostFactory())
    data = {"action": "override", "_selected_action": [application.pk], "apply": "1", "outcome": "pass"}
    response = client.post(CHANGELIST, {**data, "reason": "Disemak."})
    assert response.status_code == 200
    assert "15" in str(response.context["form"].errors["reason"])
    assert not Override.objects.exists()


def test_one_reason_for_many_applications_asks_for_a_confirmation(client):
    hr_staff(HR_OFFICER, client)
    post = PostFactory()
    applications = [submitted_application(post) for _ in range(11)]
    data = {
        "action": "override",
        "_selected_action": [application.pk for application in applications],
        "apply": "1",
        "outcome": "pass",
        "reason": "Rayuan kumpulan diluluskan oleh panel.",
    }
    response = client.post(CHANGELIST, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "11" in str(response.context["form"].fields["same_reason"].label)
    assert 'name="same_reason"' in html
    assert not Override.objects.exists()
    client.post(CHANGELIST, {**data, "same_reason": "on"})
    assert Override.objects.count() == 11


def test_ten_applications_at_once_need_no_confirmation(client):
    hr_staff(HR_OFFICER, client)
    post = PostFactory()
    applications = [submitted_application(post) for _ in range(10)]
    page = client.post(CHANGELIST, {"action": "override", "_selected_action": [a.pk for a in applications]})
    assert "same_reason" not in page.context["form"].fields
    client.post(
        CHANGELIST,
        {
            "action": "override",
            "_selected_action": [a.pk for a in applications],
            "apply": "1",
            "outcome": "fail",
            "reason": "Tidak memenuhi syarat umur.",
        },
    )
    assert Override.objects.count() == 10


def test_both_csv_exports_start_with_a_utf8_byte_order_mark_for_excel(client):
    hr_staff(HR_ADMINISTRATOR, client)
    application = submitted_application(PostFactory(), full_name="NUR ‘AIN BINTI MUHAMMAD")
    exported = client.post(CHANGELIST, {"action": "export_csv", "_selected_action": [application.pk]})
    assert exported.content.startswith(BOM + b"No. rujukan")
    assert "NUR ‘AIN BINTI MUHAMMAD".encode() in exported.content
    assert exported["Content-Type"] == "text/csv; charset=utf-8"
    report = client.get(reverse("admin:vacancies_advertisement_report_csv", args=[application.post.advertisement_id]))
    assert report.content.startswith(BOM + b"bahagian / section")
    assert report.content.count(BOM) == 1


def test_bands_are_in_their_natural_order():
    advertisement = AdvertisementFactory(closes_on=timezone.localdate() + dt.timedelta(days=30))
    post = PostFactory(advertisement=advertisement)
    born = {
        "50+": dt.date(1960, 1, 1),
        "18–24": dt.date(2004, 1, 1),
        "<18": advertisement.closes_on - dt.timedelta(days=365 * 10),
        "30–34": dt.date(1994, 1, 1),
    }
    for date_of_birth in born.values():
        submitted_application(post, date_of_birth=date_of_birth)
    Application.objects.filter(pk=Application.objects.order_by("pk").first().pk).update(highest_qualification="spm")
    Application.objects.filter(pk=Application.objects.order_by("pk").last().pk).update(highest_qualification="master")
    screening_run(applications=Application.objects.all(), scope="semua")
    report = campaign_report(advertisement)
    ages = [label for label, _count in report["ages"]]
    assert ages == [label for label in AGE_BAND_LABELS if label in ages]
    assert ages[0] == "<18" and ages[-1] == "50+"
    qualifications = [label for label, _count in report["qualifications"]]
    assert qualifications == ["SPM", str(QualificationLevel.BACHELOR.label), str(QualificationLevel.MASTER.label)]
    outcomes = [str(label) for label, _count in report["outcomes"]]
    order = [str(Outcome.PASS.label), str(Outcome.REVIEW.label), str(Outcome.FAIL.label)]
    assert outcomes == [label for label in order if label in outcomes]


def test_applications_per_day_are_drawn_as_an_svg_chart_with_a_text_alternative(client):
    hr_staff(HR_ADMINISTRATOR, client)
    advertisement = AdvertisementFactory(
        opens_at=timezone.now() - dt.timedelta(days=6), closes_on=timezone.localdate() + dt.timedelta(days=20)
    )
    post = PostFactory(advertisement=advertisement)
    for days_ago in (5, 5, 5, 2):
        application = submitted_application(post)
        Application.objects.filter(pk=application.pk).update(submitted_at=timezone.now() - dt.timedelta(days=days_ago))
    page = client.get(reverse("admin:vacancies_advertisement_report", args=[advertisement.pk]))
    html = page.content.decode()
    svg = re.search(r'<svg class="chart".*?</svg>', html, re.S).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="day-chart-svg-title day-chart-desc"' in svg
    assert '<title id="day-chart-svg-title">' in svg and '<desc id="day-chart-desc">' in svg
    assert svg.count("<rect") == 7  # six days ago to today, the quiet days drawn as zero
    assert svg.count('height="0.0"') + svg.count('height="0"') == 5
    assert "<script" not in svg and "style=" not in svg
    assert "<details>" in html and html.count("<tr><td>") >= 7  # the same figures as a table
    assert "script-src 'self'" in page["Content-Security-Policy"]
    five_days_ago = timezone.localdate() - dt.timedelta(days=5)
    assert campaign_report(advertisement)["per_day"][0] == (five_days_ago, 3)
