"""Screening runs, overrides, shortlists and publishing, as HR uses them."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from pypdf import PdfReader

from accounts.roles import HR_ADMINISTRATOR, HR_OFFICER
from applications.models import Application
from applications.services import application_start, application_submit
from screening.models import Outcome, ScreeningResult, ScreeningRun, Shortlist
from screening.pdf import application_render, shortlist_render
from screening.rules import reason_text
from screening.services import (
    ScreeningError,
    override_set,
    screening_run,
    shortlist_add,
    shortlist_build,
    shortlist_publish,
    shortlist_remove,
)

from .factories import (
    DocumentFactory,
    PostFactory,
    ProfileFactory,
    QualificationFactory,
    UserFactory,
    close_advertisement,
)

pytestmark = pytest.mark.django_db


def candidate(number, **profile):
    prof = ProfileFactory(**{"full_name": f"CALON NOMBOR {number}", **profile})
    QualificationFactory(profile=prof)
    for kind in ("certificate", "photo", "mqa_letter", "vaccination"):
        DocumentFactory(owner=prof.user, kind=kind)
    return prof.user


def submitted(post, user):
    return application_submit(application=application_start(candidate=user, post=post))


@pytest.fixture
def hr_officer(db):
    officer = UserFactory(is_staff=True, full_name="Pegawai HR")
    officer.groups.add(Group.objects.get(name=HR_OFFICER))
    return officer


@pytest.fixture
def accountant_post(db):
    return PostFactory(
        min_qualification="bachelor", qualification_fields=["accounting"], accepts_accounting_membership=True
    )


@pytest.fixture
def campaign(accountant_post):
    good = submitted(accountant_post, candidate(1))
    foreigner = submitted(accountant_post, candidate(2, citizenship="other"))
    july = submitted(accountant_post, candidate(3, spm_bm_oral_passed=False, spm_bm_july_credit=True))
    return {"good": good, "foreigner": foreigner, "july": july}


def current(application):
    return ScreeningResult.objects.current().get(application=application)


def test_a_run_gives_each_application_one_current_result_with_every_rule(campaign, accountant_post, hr_officer):
    run = screening_run(applications=Application.objects.filter(post=accountant_post), scope="post", run_by=hr_officer)
    assert run.application_count == 3
    assert current(campaign["good"]).outcome == Outcome.PASS
    foreigner = current(campaign["foreigner"])
    assert foreigner.outcome == Outcome.FAIL
    failing = foreigner.failing()
    assert [rule["rule"] for rule in failing] == ["citizenship"]
    assert reason_text(failing[0], "en").startswith("Not a Malaysian citizen")
    assert reason_text(failing[0], "ms").startswith("Bukan warganegara Malaysia")
    assert current(campaign["july"]).outcome == Outcome.REVIEW
    assert run.started_by == hr_officer and run.rules_version


def test_running_again_gives_the_same_answer_and_keeps_history(campaign, accountant_post):
    applications = Application.objects.filter(post=accountant_post)
    screening_run(applications=applications, scope="first")
    first = {r.application_id: (r.outcome, r.rules) for r in ScreeningResult.objects.current()}
    screening_run(applications=applications, scope="second")
    second = {r.application_id: (r.outcome, r.rules) for r in ScreeningResult.objects.current()}
    assert first == second
    assert ScreeningResult.objects.count() == 6
    assert ScreeningResult.objects.current().count() == 3


def test_screening_costs_a_fixed_number_of_queries_whatever_the_count(accountant_post, django_assert_num_queries):
    for number in range(3):
        submitted(accountant_post, candidate(number))
    applications = Application.objects.filter(post=accountant_post)
    # On PostgreSQL the reading of the applications, and each chunk's UPDATE and COPY, go through the
    # pipeline's own cursors, unseen here.
    queries = 7 if connection.vendor == "postgresql" else 10
    with django_assert_num_queries(queries):  # ... and one row of the audit trail
        screening_run(applications=applications, scope="small")
    for number in range(3, 12):
        submitted(accountant_post, candidate(number))
    with django_assert_num_queries(queries):
        screening_run(applications=applications, scope="larger")


def test_drafts_are_not_screened(accountant_post):
    application_start(candidate=candidate(9), post=accountant_post)
    assert screening_run(applications=Application.objects.all(), scope="all").application_count == 0


def test_the_screen_command_covers_a_whole_advertisement(campaign, accountant_post):
    call_command("screen", "--advertisement", accountant_post.advertisement_id, stdout=io.StringIO())
    assert ScreeningRun.objects.get().application_count == 3


def test_an_override_needs_a_reason_and_stands_beside_the_rules(campaign, accountant_post, hr_officer):
    screening_run(applications=Application.objects.all(), scope="all")
    with pytest.raises(ScreeningError):
        override_set(application=campaign["july"], outcome=Outcome.PASS, reason="  ", decided_by=hr_officer)
    override_set(
        application=campaign["july"], outcome=Outcome.PASS, reason="Kertas Julai disahkan.", decided_by=hr_officer
    )
    assert current(campaign["july"]).outcome == Outcome.REVIEW
    shortlist, added = shortlist_build(post=accountant_post, built_by=hr_officer)
    assert added == 2
    assert set(shortlist.entries.values_list("application_id", flat=True)) == {campaign["good"].pk, campaign["july"].pk}


def test_the_shortlist_is_ordered_by_points_then_earliest_submission(accountant_post, hr_officer):
    accountant_post.preferences = ["good_english"]
    accountant_post.save()
    good = {"english_spoken": "good", "english_written": "good", "spm_bi_grade": "C"}
    first = submitted(accountant_post, candidate(1, **good))
    second = submitted(accountant_post, candidate(2, english_spoken="excellent", english_written="excellent"))
    third = submitted(accountant_post, candidate(3, **good))
    screening_run(applications=Application.objects.all(), scope="all")
    shortlist, _added = shortlist_build(post=accountant_post, built_by=hr_officer)
    order = [entry.application_id for entry in shortlist.entries.all()]
    assert order == [second.pk, first.pk, third.pk]


def test_hr_adds_and_removes_with_who_and_when_kept(campaign, accountant_post, hr_officer):
    screening_run(applications=Application.objects.all(), scope="all")
    shortlist, _added = shortlist_build(post=accountant_post, built_by=hr_officer)
    entry = shortlist_add(
        shortlist=shortlist,
        application=campaign["foreigner"],
        added_by=hr_officer,
        note="Rayuan",
        decision_reason="Rayuan diterima: taraf penduduk tetap disahkan oleh JPN.",
    )
    shortlist_remove(entry=entry, removed_by=hr_officer, reason="Rayuan ditolak oleh panel.")
    entry.refresh_from_db()
    assert entry.removed_by == hr_officer and entry.removed_at and entry.added_by == hr_officer
    assert shortlist.entries.filter(removed_at__isnull=True).count() == 1


def test_statuses_change_only_when_published_and_only_the_shortlisted_are_invited(
    campaign, accountant_post, hr_officer, django_capture_on_commit_callbacks
):
    screening_run(applications=Application.objects.all(), scope="all")
    shortlist, _added = shortlist_build(post=accountant_post, built_by=hr_officer)
    assert Application.objects.filter(status=Application.Status.SUBMITTED).count() == 3
    with pytest.raises(ScreeningError):
        shortlist_publish(shortlist=shortlist, published_by=hr_officer)
    shortlist.interview_at = timezone.now() + timezone.timedelta(days=14)
    shortlist.interview_venue = "Bilik Mesyuarat Utama, Aras 20, Menara MyIPO"
    shortlist.save()
    close_advertisement(accountant_post.advertisement)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        invited = shortlist_publish(shortlist=shortlist, published_by=hr_officer)
    assert invited == 1
    statuses = dict(Application.objects.values_list("pk", "status"))
    assert statuses[campaign["good"].pk] == Application.Status.SHORTLISTED
    assert statuses[campaign["foreigner"].pk] == Application.Status.NOT_SHORTLISTED
    assert [message.to for message in mail.outbox] == [[campaign["good"].candidate.email]]
    assert "Menara MyIPO" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        assert shortlist_publish(shortlist=shortlist, published_by=hr_officer) == 0


def pdf_text(content):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_shortlist_pdf_lists_the_candidates_with_masked_mykad(campaign, accountant_post, hr_officer):
    screening_run(applications=Application.objects.all(), scope="all")
    shortlist, _added = shortlist_build(post=accountant_post, built_by=hr_officer)
    filename, content_type, content = shortlist_render(shortlist, generated_by=hr_officer)
    text = pdf_text(content)
    assert content_type == "application/pdf" and filename.endswith(".pdf")
    assert campaign["good"].reference in text
    assert "CALON NOMBOR 1" in text
    assert "90****-**-5678" in text and "900101145678" not in text
    assert "CALON NOMBOR 2" not in text
    assert "Halaman 1 daripada 1" in text
    assert "Pegawai HR" in text


def test_a_long_shortlist_breaks_across_pages_with_numbered_pages(accountant_post, hr_officer):
    shortlist = Shortlist.objects.create(post=accountant_post)
    for number in range(60):
        submitted(accountant_post, candidate(number))
    screening_run(applications=Application.objects.filter(post=accountant_post), scope="all")
    for application in Application.objects.filter(post=accountant_post):
        shortlist_add(shortlist=shortlist, application=application, added_by=hr_officer)
    text = pdf_text(shortlist_render(shortlist, generated_by=hr_officer)[2])
    assert "Halaman 2 daripada" in text
    assert text.count("No. rujukan") >= 2  # the header row repeats on each page


def test_the_application_pdf_is_the_borang_as_submitted(campaign, hr_officer):
    text = pdf_text(application_render(campaign["good"], generated_by=hr_officer)[2])
    assert campaign["good"].reference in text
    assert "CALON NOMBOR 1" in text


def test_the_hr_roles_hold_the_right_permissions(db):
    officer = UserFactory(is_staff=True)
    officer.groups.add(Group.objects.get(name=HR_OFFICER))
    administrator = UserFactory(is_staff=True)
    administrator.groups.add(Group.objects.get(name=HR_ADMINISTRATOR))
    for user in (officer, administrator):
        assert user.has_perm("applications.view_application")
        assert user.has_perm("screening.add_screeningrun")
        assert user.has_perm("screening.add_override")
        assert not user.has_perm("applications.change_application")
    assert not officer.has_perm("vacancies.change_advertisement")
    assert not officer.has_perm("accounts.change_user")
    assert administrator.has_perm("vacancies.change_advertisement")
    assert administrator.has_perm("accounts.add_user")


@pytest.mark.parametrize("outcome", [Outcome.PASS, Outcome.FAIL, Outcome.REVIEW, None])
def test_filtering_by_outcome_agrees_with_the_effective_outcome(campaign, hr_officer, outcome):
    from screening.selectors import filter_by_outcome, with_screening

    applications = Application.objects.all()
    unscreened = submitted(campaign["good"].post, candidate(7))
    screening_run(applications=applications.exclude(pk=unscreened.pk), scope="most")
    override_set(
        application=campaign["foreigner"], outcome=Outcome.PASS, reason="Rayuan diterima.", decided_by=hr_officer
    )
    override_set(application=campaign["good"], outcome=Outcome.FAIL, reason="Sijil tidak sah.", decided_by=hr_officer)
    override_set(application=campaign["good"], outcome=Outcome.PASS, reason="Sijil disahkan.", decided_by=hr_officer)
    expected = set(with_screening(applications).filter(effective_outcome=outcome).values_list("pk", flat=True))
    assert set(filter_by_outcome(applications, outcome).values_list("pk", flat=True)) == expected
    assert expected or outcome == Outcome.FAIL
    assert unscreened.pk in set(filter_by_outcome(applications, None).values_list("pk", flat=True))
