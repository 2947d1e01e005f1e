"""PDPA 2010: the audit trail, retention, the candidate's rights, masking, HR reports and the CSV export."""

import csv
import datetime as dt
import io
import json
import zipfile

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from accounts.roles import HR_ADMINISTRATOR, HR_OFFICER
from applications.models import Application, Document, Profile
from applications.services import application_start, application_submit
from audit.models import AuditEvent
from privacy.services import account_close, retention_apply
from screening.models import ShortlistEntry
from screening.reports import campaign_report
from screening.services import screening_run, shortlist_build

from .factories import (
    AdvertisementFactory,
    DocumentFactory,
    PostFactory,
    ProfileFactory,
    QualificationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/applications/application/"


def staff(role, client=None):
    user = UserFactory(is_staff=True, full_name=f"Staf {role}")
    user.groups.add(Group.objects.get(name=role))
    if client is not None:
        client.force_login(user)
    return user


def applicant(post, name="CALON SATU", now=None, **profile):
    prof = ProfileFactory(full_name=name, **profile)
    QualificationFactory(profile=prof)
    for kind in ("certificate", "photo", "mqa_letter", "vaccination"):
        DocumentFactory(owner=prof.user, kind=kind)
    return application_submit(application=application_start(candidate=prof.user, post=post, now=now), now=now)


# --- Audit trail ---------------------------------------------------------------------------------


def test_hr_actions_and_exports_are_recorded_with_who_when_and_where(client):
    officer = staff(HR_OFFICER, client)
    post = PostFactory(min_qualification="bachelor")
    application = applicant(post)
    client.get(application.documents.first().get_absolute_url(), REMOTE_ADDR="10.1.2.3")
    selected = {"_selected_action": [application.pk]}
    client.post(CHANGELIST, {"action": "screen", **selected})
    override = {"action": "override", "apply": "1", "outcome": "pass", "reason": "Disemak oleh HR."}
    client.post(CHANGELIST, {**override, **selected})
    client.post(CHANGELIST, {"action": "shortlist", **selected})
    client.post(CHANGELIST, {"action": "download_pdf", **selected})
    client.post(CHANGELIST, {"action": "export_csv", **selected})
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["document_view", "screening_run", "override", "shortlist_add", "export_pdf", "export_csv"]
    first = AuditEvent.objects.order_by("pk").first()
    assert (first.actor, first.actor_email, first.ip_address) == (officer, officer.email, "10.1.2.3")
    assert first.reference == application.reference


def test_a_candidate_opening_their_own_document_is_not_an_hr_event(client):
    application = applicant(PostFactory())
    client.force_login(application.candidate)
    client.get(application.documents.first().get_absolute_url())
    assert not AuditEvent.objects.exists()


def test_nobody_can_alter_or_delete_the_audit_trail_from_the_admin(client):
    staff(HR_OFFICER, client)
    applicant(PostFactory())
    client.post(
        CHANGELIST, {"action": "screen", "_selected_action": list(Application.objects.values_list("pk", flat=True))}
    )
    event = AuditEvent.objects.get()
    for role in (HR_ADMINISTRATOR,):
        staff(role, client)
        assert client.get(reverse("admin:audit_auditevent_changelist")).status_code == 200
        assert (
            client.post(reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
        )
        client.post(reverse("admin:audit_auditevent_change", args=[event.pk]), {"detail": "diubah"})
        assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    event.refresh_from_db()
    assert event.detail != "diubah"
    assert AuditEvent.objects.count() == 1


def test_the_audit_trail_is_searchable_by_candidate_and_officer(client):
    officer = staff(HR_OFFICER, client)
    application = applicant(PostFactory(), name="SITI CARIAN")
    client.get(application.documents.first().get_absolute_url())
    staff(HR_ADMINISTRATOR, client)
    url = reverse("admin:audit_auditevent_changelist")
    assert client.get(url, {"q": "SITI CARIAN"}).context["cl"].result_count == 1
    assert client.get(url, {"q": officer.email}).context["cl"].result_count == 1
    assert client.get(url, {"action__exact": "document_view"}).context["cl"].result_count == 1


# --- Retention ------------------------------------------------------------------------------------


@pytest.fixture
def old_campaign(django_capture_on_commit_callbacks):
    advertisement = AdvertisementFactory(
        opens_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC), closes_on=dt.date(2025, 1, 31), retention_months=12
    )
    post = PostFactory(advertisement=advertisement)
    during = dt.datetime(2025, 1, 15, tzinfo=dt.UTC)
    unsuccessful = applicant(post, name="TIDAK BERJAYA", state="johor", now=during)
    successful = applicant(post, name="BERJAYA", now=during)
    Application.objects.filter(pk=successful.pk).update(status=Application.Status.SHORTLISTED)
    return advertisement, unsuccessful, successful


def test_retention_keeps_everything_up_to_the_last_day(old_campaign):
    advertisement, unsuccessful, _successful = old_campaign
    assert advertisement.retained_until == dt.date(2026, 1, 31)
    assert retention_apply(today=dt.date(2026, 1, 31)).anonymised == 0
    unsuccessful.refresh_from_db()
    assert unsuccessful.full_name == "TIDAK BERJAYA" and unsuccessful.documents.count() == 4


def test_retention_anonymises_the_unsuccessful_the_day_after_and_keeps_the_counts(
    old_campaign, django_capture_on_commit_callbacks
):
    advertisement, unsuccessful, successful = old_campaign
    before = campaign_report(advertisement)
    document_files = [d.file.name for d in unsuccessful.documents.all()]
    Document.objects.filter(pk__in=unsuccessful.documents.values("pk")).update(retired_at=dt.datetime.now(dt.UTC))
    with django_capture_on_commit_callbacks(execute=True):
        report = retention_apply(today=dt.date(2026, 2, 1))
    assert (report.anonymised, report.documents_deleted) == (1, 4)
    unsuccessful.refresh_from_db()
    assert (unsuccessful.full_name, unsuccessful.mykad, unsuccessful.snapshot) == ("", "", {"anonymised": True})
    assert unsuccessful.date_of_birth == dt.date(1990, 1, 1) and unsuccessful.state == "johor"
    assert not unsuccessful.documents.exists()
    storage = Document._meta.get_field("file").storage
    assert not any(storage.exists(name) for name in document_files)
    successful.refresh_from_db()
    assert successful.full_name == "BERJAYA" and successful.documents.count() == 4
    after = campaign_report(advertisement)
    assert (after["total"], after["per_post"], after["states"]) == (
        before["total"],
        before["per_post"],
        before["states"],
    )
    assert AuditEvent.objects.filter(action="retention").count() == 1


def test_retention_does_nothing_twice(old_campaign):
    retention_apply(today=dt.date(2026, 2, 1))
    out = io.StringIO()
    call_command("apply_retention", "--today", "2026-02-02", stdout=out)
    assert "Nothing to do" in out.getvalue()
    assert AuditEvent.objects.filter(action="retention").count() == 1


# --- The candidate's rights ---------------------------------------------------------------------


def test_a_candidate_downloads_their_data_and_documents_and_no_one_elses(client):
    mine = applicant(PostFactory(), name="PEMILIK DATA")
    other = applicant(PostFactory(), name="ORANG LAIN")
    client.force_login(mine.candidate)
    response = client.post(reverse("privacy:export"))
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("data.json"))
    assert data["profile"]["full_name"] == "PEMILIK DATA"
    assert [a["reference"] for a in data["applications"]] == [mine.reference]
    assert "ORANG LAIN" not in archive.read("data.json").decode()
    assert other.reference not in archive.read("data.json").decode()
    assert [(e["kind"], e["status"]) for e in data["emails"]] == [("acknowledgement", "pending")]
    assert len([n for n in archive.namelist() if n.startswith("documents/")]) == 4
    letter = next(d for d in data["documents"] if d["kind"] == "mqa_letter")
    assert "qualification_recognised" in letter
    assert AuditEvent.objects.get().action == "data_export"


def test_a_candidate_corrects_particulars_for_future_applications_only(client):
    application = applicant(PostFactory())
    client.force_login(application.candidate)
    page = client.get(reverse("privacy:profile"))
    data = {f"personal-{k}": v for k, v in page.context["form"].initial.items() if v is not None}
    data.update(
        {"personal-city": "Shah Alam", "personal-date_of_birth": "1990-01-01", "personal-mykad": "900101145678"}
    )
    response = client.post(reverse("privacy:profile"), data)
    assert response.status_code == 302, response.context["form"].errors
    assert Profile.objects.get(user=application.candidate).city == "Shah Alam"
    application.refresh_from_db()
    assert application.snapshot["profile"]["city"] == "Petaling Jaya"


def test_closing_an_account_keeps_live_applications_and_says_until_when(client, django_capture_on_commit_callbacks):
    live = applicant(PostFactory())
    user = live.candidate
    draft = application_start(candidate=user, post=PostFactory(advertisement=live.post.advertisement))
    spare = DocumentFactory(owner=user, kind="certificate")
    client.force_login(user)
    assert live.reference in client.get(reverse("privacy:account")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("privacy:close"), {"confirm": "on"})
    assert response.status_code == 200
    assert live.post.advertisement.retained_until.strftime("%Y") in response.content.decode()
    user.refresh_from_db()
    assert not user.is_active and not user.has_usable_password() and user.email.endswith("@akaun.invalid")
    assert not Profile.objects.filter(user=user).exists()
    assert not Application.objects.filter(pk=draft.pk).exists()
    assert not Document.objects.filter(pk=spare.pk).exists()
    live.refresh_from_db()
    assert live.full_name == "CALON SATU" and live.documents.count() == 4
    assert "_auth_user_id" not in client.session


def test_closing_keeps_nothing_of_a_recruitment_past_its_retention(django_capture_on_commit_callbacks):
    advertisement = AdvertisementFactory(
        opens_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC), closes_on=dt.date(2020, 1, 31)
    )
    post = PostFactory(advertisement=advertisement)
    user = ProfileFactory().user
    application = Application.objects.create(
        candidate=user, post=post, status="submitted", reference="LAMA-1", full_name="LAMA"
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert account_close(user=user) == []
    application.refresh_from_db()
    assert application.full_name == "" and application.anonymised_at


# --- Masking, reports and the CSV export ---------------------------------------------------------


def test_the_csv_export_masks_mykad_and_leaves_out_addresses(client):
    staff(HR_OFFICER, client)
    application = applicant(PostFactory())
    response = client.post(CHANGELIST, {"action": "export_csv", "_selected_action": [application.pk]})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][0] == application.reference
    assert rows[1][3] == "90****-**-5678"
    assert "900101145678" not in response.content.decode()
    assert "Jalan Harmoni" not in response.content.decode()
    assert AuditEvent.objects.get().action == "export_csv"


def test_lists_and_emails_never_show_a_full_mykad(client, django_capture_on_commit_callbacks):
    from django.core import mail

    staff(HR_OFFICER, client)
    with django_capture_on_commit_callbacks(execute=True):
        applicant(PostFactory())
    assert "900101145678" not in client.get(CHANGELIST).content.decode()
    assert mail.outbox and all("900101145678" not in message.body for message in mail.outbox)


def test_the_dashboard_counts_the_campaign_in_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    administrator = staff(HR_ADMINISTRATOR, client)
    post = PostFactory(min_qualification="bachelor")
    for number in range(3):
        applicant(post, name=f"CALON {number}")
    applicant(post, name="ASING", citizenship="other")
    screening_run(applications=Application.objects.all(), scope="all")
    shortlist_build(post=post, built_by=administrator)
    report = campaign_report(post.advertisement)
    assert report["total"] == 4
    assert dict((str(k), v) for k, v in report["outcomes"])["Layak"] == 3
    assert dict((str(name), failed) for name, failed, _review in report["rules"])["Warganegara Malaysia"] == 1
    assert report["shortlists"][0][1] == ShortlistEntry.objects.count() == 3
    assert dict(report["ages"]) and dict(report["sexes"])
    url = reverse("admin:vacancies_advertisement_report", args=[post.advertisement_id])
    with django_assert_max_num_queries(20) as small:
        page = client.get(url)
    assert page.status_code == 200 and "Warganegara Malaysia" in page.content.decode()
    for number in range(5):
        applicant(post, name=f"LAGI {number}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)
    csv_response = client.get(reverse("admin:vacancies_advertisement_report_csv", args=[post.advertisement_id]))
    assert "jumlah / total,,9," in csv_response.content.decode()


def test_the_dashboard_needs_the_hr_role(client):
    client.force_login(UserFactory(is_staff=True))
    advertisement = AdvertisementFactory()
    assert client.get(reverse("admin:vacancies_advertisement_report", args=[advertisement.pk])).status_code == 403
