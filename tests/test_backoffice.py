"""HR's decisions in the back office: the shortlist holds only eligible candidates or a recorded decision, every
label names its advertisement, re-advertising never overlaps, and an application reads as the BORANG."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.roles import HR_ADMINISTRATOR, HR_OFFICER
from audit.models import AuditEvent
from screening.models import Outcome, Override, Shortlist, ShortlistEntry
from screening.services import (
    ScreeningError,
    override_set,
    screening_run,
    shortlist_add,
    shortlist_build,
    shortlist_for,
)
from vacancies.models import Advertisement
from vacancies.services import advertisement_readvertise

from .concurrency import at_once
from .factories import AdvertisementFactory, PostFactory, hr_staff, submitted_application

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/applications/application/"


@pytest.fixture
def post():
    return PostFactory(min_qualification="bachelor")


@pytest.fixture
def eligible(post):
    application = submitted_application(post, full_name="AMINAH BINTI SALLEH")
    return application


@pytest.fixture
def foreigner(post):
    return submitted_application(post, full_name="JOHN SMITH", citizenship="other")


def screened(*applications):
    from applications.models import Application

    screening_run(applications=Application.objects.filter(pk__in=[a.pk for a in applications]), scope="test")


# --- 1. A shortlist holds only eligible candidates, or a recorded decision ----------------------------


def test_an_ineligible_candidate_cannot_be_shortlisted_without_a_decision(post, eligible, foreigner):
    screened(eligible, foreigner)
    officer = hr_staff(HR_OFFICER)
    shortlist = shortlist_for(post)
    shortlist_add(shortlist=shortlist, application=eligible, added_by=officer)
    with pytest.raises(ScreeningError) as error:
        shortlist_add(shortlist=shortlist, application=foreigner, added_by=officer)
    assert error.value.code == "needs_decision"
    assert list(shortlist.entries.values_list("application", flat=True)) == [eligible.pk]


def test_an_unscreened_candidate_needs_a_decision_too(post, eligible):
    with pytest.raises(ScreeningError):
        shortlist_add(shortlist=shortlist_for(post), application=eligible, added_by=hr_staff(HR_OFFICER))


def test_shortlisting_with_a_reason_records_the_decision_in_the_same_step(post, foreigner):
    screened(foreigner)
    officer = hr_staff(HR_OFFICER)
    shortlist_add(
        shortlist=shortlist_for(post),
        application=foreigner,
        added_by=officer,
        decision_reason="Taraf penduduk tetap disahkan; layak mengikut pekeliling.",
    )
    decision = Override.objects.get(application=foreigner)
    assert (decision.outcome, decision.decided_by) == (Outcome.PASS, officer)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.OVERRIDE, target_id=str(foreigner.pk)).exists()


def test_overriding_a_shortlisted_candidate_to_not_eligible_takes_them_off(post, eligible):
    screened(eligible)
    officer = hr_staff(HR_OFFICER)
    shortlist, added = shortlist_build(post=post, built_by=officer)
    assert added == 1
    override_set(application=eligible, outcome=Outcome.FAIL, reason="Sijil SPM palsu disahkan LPM.", decided_by=officer)
    entry = ShortlistEntry.objects.get(application=eligible)
    assert entry.removed_at and entry.removed_by == officer
    from screening.pdf import shortlist_render
    from tests.test_screening import pdf_text

    assert eligible.full_name not in pdf_text(shortlist_render(shortlist, generated_by=officer)[2])


def test_the_admin_asks_for_a_reason_before_shortlisting_an_ineligible_candidate(client, post, eligible, foreigner):
    screened(eligible, foreigner)
    hr_staff(HR_OFFICER, client)
    chosen = {"action": "shortlist", "_selected_action": [eligible.pk, foreigner.pk]}
    page = client.post(CHANGELIST, chosen)
    assert page.status_code == 200
    assert "JOHN SMITH" in page.content.decode() and not ShortlistEntry.objects.exists()
    too_short = client.post(CHANGELIST, {**chosen, "apply": "1", "reason": "ok"})
    assert too_short.context["form"].errors["reason"] and not ShortlistEntry.objects.exists()
    client.post(CHANGELIST, {**chosen, "apply": "1", "reason": "Rayuan diterima oleh panel pada 2 Dis."})
    assert set(ShortlistEntry.objects.values_list("application", flat=True)) == {eligible.pk, foreigner.pk}
    assert Override.objects.filter(application=foreigner).count() == 1
    assert not Override.objects.filter(application=eligible).exists()


def test_shortlisting_many_from_the_list_reads_no_screening_result_per_application(client, post):
    applications = [submitted_application(post, full_name=f"CALON {n}") for n in range(6)]
    screened(*applications)
    hr_staff(HR_OFFICER, client)
    with CaptureQueriesContext(connection) as queries:
        client.post(CHANGELIST, {"action": "shortlist", "_selected_action": [a.pk for a in applications]})
    assert ShortlistEntry.objects.filter(shortlist__post=post).count() == 6
    per_row = [
        query["sql"]
        for query in queries.captured_queries
        if 'FROM "screening_screeningresult"' in query["sql"] or 'FROM "screening_override"' in query["sql"]
    ]
    # Only the list's own query reads them (as subqueries); shortlisting adds none per application.
    assert len(per_row) <= 1, per_row


def test_the_changelist_shows_and_filters_by_the_failed_rule(client, post, eligible, foreigner):
    screened(eligible, foreigner)
    hr_staff(HR_OFFICER, client)
    page = client.get(CHANGELIST)
    assert "Warganegara Malaysia" in page.content.decode()
    filtered = client.get(CHANGELIST, {"failed_rule": "citizenship"}).context["cl"].result_list
    assert list(filtered) == [foreigner]


# --- 5. One advertisement at a time ---------------------------------------------------------------


def test_posts_and_shortlists_name_their_advertisement():
    first = PostFactory(number=2, advertisement=AdvertisementFactory(closes_on=dt.date(2023, 11, 28)))
    again = PostFactory(number=2, advertisement=AdvertisementFactory())
    assert str(first) != str(again)
    assert "28.11.2023" in str(first)
    assert "28.11.2023" in str(Shortlist.objects.create(post=first))


def test_the_post_filter_narrows_to_the_chosen_advertisement(client, post):
    other = PostFactory()
    hr_staff(HR_OFFICER, client)
    response = client.get(CHANGELIST, {"post__advertisement__id__exact": post.advertisement_id})
    post_filter = next(
        spec for spec in response.context["cl"].filter_specs if getattr(spec, "parameter_name", "") == "post__id__exact"
    )
    offered = [value for value, _label in post_filter.lookup_choices]
    assert offered == [str(post.pk)] and str(other.pk) not in offered


def test_re_advertising_refuses_dates_overlapping_an_open_copy_of_the_same_posts():
    source = AdvertisementFactory(closed=True)
    PostFactory(advertisement=source)
    today = timezone.localdate()
    opens = timezone.now()
    copy = advertisement_readvertise(source=source, opens_at=opens, closes_on=today + dt.timedelta(days=30))
    with pytest.raises(ValidationError) as error:
        advertisement_readvertise(source=source, opens_at=opens, closes_on=today + dt.timedelta(days=10))
    assert error.value.code == "overlap"
    with pytest.raises(ValidationError):  # a copy of the copy is the same posts too
        advertisement_readvertise(source=copy, opens_at=opens, closes_on=today + dt.timedelta(days=5))
    later = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=31), dt.time.min))
    advertisement_readvertise(source=source, opens_at=later, closes_on=today + dt.timedelta(days=60))
    assert Advertisement.objects.count() == 3


def test_two_administrators_re_advertising_the_same_posts_at_once_make_one_copy(postgresql, monkeypatch):
    import contextlib
    import threading

    from vacancies import services

    source = AdvertisementFactory(closed=True)
    PostFactory(advertisement=source)
    checked = threading.Barrier(2)
    check = services.advertisements_overlapping

    def check_then_wait(**dates):
        found = check(**dates)
        # Both checks done before either copy is saved, unless the second waits for the first's commit.
        with contextlib.suppress(threading.BrokenBarrierError):
            checked.wait(timeout=2)
        return found

    monkeypatch.setattr(services, "advertisements_overlapping", check_then_wait)
    closes_on = timezone.localdate() + dt.timedelta(days=30)
    results = at_once(
        2, lambda n: advertisement_readvertise(source=source, opens_at=timezone.now(), closes_on=closes_on)
    )
    assert Advertisement.objects.filter(readvertised_from=source).count() == 1
    assert sorted(type(result).__name__ for result in results) == ["Advertisement", "ValidationError"]


def test_a_re_advertisement_in_the_past_keeps_the_form_with_the_error(client):
    source = AdvertisementFactory(closed=True)
    hr_staff(HR_ADMINISTRATOR, client)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    response = client.post(
        "/admin/vacancies/advertisement/",
        {
            "action": "readvertise",
            "_selected_action": [source.pk],
            "apply": "1",
            "opens_on": (yesterday - dt.timedelta(days=5)).isoformat(),
            "closes_on": yesterday.isoformat(),
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.non_field_errors() and form["closes_on"].value() == yesterday.isoformat()
    assert Advertisement.objects.count() == 1


# --- 6. The submitted BORANG reads as a form -------------------------------------------------------


def test_the_application_page_shows_the_borang_photo_and_labelled_documents(client, post, foreigner):
    screened(foreigner)
    override_set(
        application=foreigner,
        outcome=Outcome.PASS,
        reason="Disahkan penduduk tetap oleh JPN.",
        decided_by=hr_staff(HR_OFFICER),
    )
    hr_staff(HR_OFFICER, client)
    page = client.get(f"{CHANGELIST}{foreigner.pk}/change/").content.decode()
    assert '"profile"' not in page and "{&quot;" not in page  # no JSON
    assert "Butiran peribadi" in page  # the BORANG's sections
    assert 'img src="/dokumen/' in page and "?inline=1" in page
    assert "Sijil atau transkrip" in page and "Pratonton" in page
    summary = page.index("Keputusan HR")
    assert page.index("Disahkan penduduk tetap oleh JPN.") > summary
    assert "Lihat di laman" not in page and "View on site" not in page


def test_hr_previews_a_pdf_in_the_browser_without_a_sandbox_and_an_image_with_one(client, post, eligible):
    hr_staff(HR_OFFICER, client)
    pdf = eligible.documents.get(kind="certificate")
    response = client.get(pdf.get_absolute_url() + "?inline=1")
    assert response["Content-Disposition"].startswith("inline")
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert client.get(pdf.get_absolute_url())["Content-Disposition"].startswith("attachment")


# --- 7. The admin speaks Malay and English, in HR's order ----------------------------------------


def test_the_index_follows_the_work_of_a_recruitment_and_links_the_dashboards(client, post):
    hr_staff(HR_OFFICER, client)
    response = client.get("/admin/")
    sections = [section["name"] for section in response.context["app_list"]]
    assert [str(name)[:2] for name in sections[:5]] == ["1.", "2.", "3.", "4.", "5."]
    page = response.content.decode()
    assert page.index("Iklan dan jawatan") < page.index("Saringan") < page.index("Senarai pendek dan penerbitan")
    assert f"/admin/vacancies/advertisement/{post.advertisement_id}/report/" in page


def test_hr_switches_the_admin_to_english_and_back(client):
    hr_staff(HR_OFFICER, client)
    page = client.get("/admin/applications/application/").content.decode()
    assert 'name="language" value="en"' in page and "Show counts" not in page
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/admin/applications/application/"})
    assert response["Location"] == "/en/admin/applications/application/"
    english = client.get(response["Location"]).content.decode()
    assert "Applications" in english and 'name="language" value="ms"' in english
    back = client.post("/i18n/setlang/", {"language": "ms", "next": "/en/admin/applications/application/"})
    assert back["Location"] == "/admin/applications/application/"
    assert 'lang="ms"' in client.get(back["Location"]).content.decode()


# --- 8. Panel packs and PDFs a panel can use ----------------------------------------------------


def pdf_of(content: bytes):
    import io

    from pypdf import PdfReader

    return PdfReader(io.BytesIO(content))


def test_the_borang_pdf_carries_the_photo_the_declaration_and_the_sulit_marking(post, eligible):
    from screening.pdf import application_render

    reader = pdf_of(application_render(eligible, generated_by=hr_staff(HR_OFFICER))[2])
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "SULIT" in text
    assert "Saya mengaku" in text or "akuan" in text.lower()
    assert eligible.declaration_at.astimezone(timezone.get_current_timezone()).strftime("%H:%M") in text
    assert any(page.images for page in reader.pages)  # the passport photo


def test_the_shortlist_pdf_names_field_and_institution_its_status_and_has_signature_lines(post, eligible):
    from screening.pdf import shortlist_render

    screened(eligible)
    officer = hr_staff(HR_OFFICER)
    shortlist, _added = shortlist_build(post=post, built_by=officer)
    text = "\n".join(page.extract_text() for page in pdf_of(shortlist_render(shortlist, generated_by=officer)[2]).pages)
    assert "Universiti Malaya" in text and "Perakaunan" in text
    assert "DRAF" in text
    for line in ("Disediakan oleh", "Disemak oleh", "Diluluskan oleh"):
        assert line in text


def test_a_panel_pack_holds_every_shortlisted_borang_with_its_progress(post, django_capture_on_commit_callbacks):
    from screening.models import ExportJob
    from screening.services import export_request

    applications = [submitted_application(post, full_name=f"CALON PANEL {n}") for n in range(3)]
    screened(*applications)
    officer = hr_staff(HR_OFFICER)
    shortlist, _added = shortlist_build(post=post, built_by=officer)
    with django_capture_on_commit_callbacks(execute=True):
        job = export_request(shortlist=shortlist, requested_by=officer, kind=ExportJob.Kind.PANEL_PACK)
    job.refresh_from_db()
    assert (job.status, job.progress_done, job.progress_total) == (ExportJob.Status.DONE, 3, 3)
    with job.file.open("rb") as handle:
        reader = pdf_of(handle.read())
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert all(application.reference in text for application in applications)
    assert text.count("Halaman 1 daripada") == 3  # each BORANG keeps its own page numbers


def test_the_panel_pack_reads_the_photos_in_one_query_whatever_the_number_of_candidates(post, monkeypatch):
    from screening import pdf

    rendered = []
    monkeypatch.setattr(pdf, "html_render", lambda html: rendered.append(html) or html)
    monkeypatch.setattr(pdf, "documents_to_pdf", lambda documents: b"%PDF")
    officer = hr_staff(HR_OFFICER)

    def queries_for(count: int) -> int:
        other = PostFactory(min_qualification="bachelor")
        applications = [submitted_application(other, full_name=f"CALON FOTO {n}") for n in range(count)]
        screened(*applications)
        shortlist, _added = shortlist_build(post=other, built_by=officer)
        with CaptureQueriesContext(connection) as queries:
            pdf.panel_pack_render(shortlist, generated_by=officer)
        return len(queries)

    assert queries_for(1) == queries_for(4)
    assert all("data:image/jpeg;base64," in html for html in rendered)  # every candidate's photo is there


def test_hr_asks_for_the_panel_pack_from_the_shortlist_and_sees_its_progress(
    client, post, eligible, django_capture_on_commit_callbacks
):
    from screening.models import ExportJob

    screened(eligible)
    shortlist, _added = shortlist_build(post=post, built_by=hr_staff(HR_OFFICER))
    hr_staff(HR_OFFICER, client)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/admin/screening/shortlist/", {"action": "export_panel_pack", "_selected_action": [shortlist.pk]})
    job = ExportJob.objects.get(kind=ExportJob.Kind.PANEL_PACK)
    assert job.status == ExportJob.Status.DONE
    page = client.get("/admin/screening/exportjob/").content.decode()
    assert "Pek panel" in page or "panel" in page.lower()
