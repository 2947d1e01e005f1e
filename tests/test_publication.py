"""Publishing a shortlist is a deliberate act: a summary first, refusals that no caller can bypass, one stamp."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from accounts.roles import HR_OFFICER
from applications.models import Application
from audit.models import AuditEvent
from screening.models import Shortlist
from screening.selectors import publication_summary
from screening.services import ScreeningError, shortlist_add, shortlist_publish

from .factories import PostFactory, close_advertisement, hr_staff, submitted_application

pytestmark = pytest.mark.django_db
SHORTLISTS = "/admin/screening/shortlist/"


@pytest.fixture
def officer(db):
    return hr_staff(HR_OFFICER)


@pytest.fixture
def post(db):
    return PostFactory(title_ms="AKAUNTAN")


@pytest.fixture
def applicants(post):
    return [submitted_application(post, full_name=f"CALON {number}") for number in range(3)]


@pytest.fixture
def shortlist(post, applicants, officer):
    """Two of three applicants on the list, the interview in two weeks, the advertisement closed."""
    shortlist = Shortlist.objects.create(
        post=post,
        interview_at=timezone.now() + dt.timedelta(days=14),
        interview_venue="Bilik Mesyuarat Utama, Aras 20, Menara MyIPO",
    )
    for application in applicants[:2]:
        shortlist_add(
            shortlist=shortlist,
            application=application,
            added_by=officer,
            decision_reason="Layak setelah disemak oleh HR.",
        )
    close_advertisement(post.advertisement)
    return shortlist


def statuses():
    return set(Application.objects.values_list("status", flat=True))


def refused_with(code, shortlist, officer):
    with pytest.raises(ScreeningError) as error:
        shortlist_publish(shortlist=shortlist, published_by=officer)
    assert error.value.code == code
    shortlist.refresh_from_db()
    assert shortlist.published_at is None
    assert statuses() == {Application.Status.SUBMITTED}
    assert not AuditEvent.objects.filter(action="publish").exists()
    assert mail.outbox == []


def test_an_empty_shortlist_is_refused_and_nobody_is_marked_unsuccessful(shortlist, officer):
    shortlist.entries.all().delete()
    refused_with("shortlist_empty", shortlist, officer)


def test_a_shortlist_whose_candidates_were_all_removed_is_empty(shortlist, officer):
    shortlist.entries.update(removed_at=timezone.now(), removed_by=officer)
    refused_with("shortlist_empty", shortlist, officer)


def test_publishing_without_the_interview_details_is_refused(shortlist, officer):
    Shortlist.objects.filter(pk=shortlist.pk).update(interview_venue="  ")
    refused_with("interview_details", shortlist, officer)
    Shortlist.objects.filter(pk=shortlist.pk).update(interview_venue="Aras 20", interview_at=None)
    refused_with("interview_details", shortlist, officer)


def test_an_interview_date_in_the_past_is_refused(shortlist, officer):
    Shortlist.objects.filter(pk=shortlist.pk).update(interview_at=dt.datetime(2020, 3, 2, 1, 0, tzinfo=dt.UTC))
    refused_with("interview_past", shortlist, officer)


def test_an_advertisement_still_open_is_refused_even_on_its_closing_day(shortlist, officer, post):
    advertisement = post.advertisement
    advertisement.closes_on = timezone.localdate()
    advertisement.save()
    refused_with("advertisement_open", shortlist, officer)


def test_the_summary_counts_who_is_invited_and_who_is_told_nothing(shortlist):
    summary = publication_summary(shortlist)
    assert (summary.to_invite, summary.already_invited, summary.not_shortlisted) == (2, 0, 1)
    assert summary.allowed and summary.refusal_messages == []


def test_the_summary_lists_every_refusal_at_once(post, applicants):
    shortlist = Shortlist.objects.create(post=post, interview_at=dt.datetime(2020, 3, 2, 1, 0, tzinfo=dt.UTC))
    summary = publication_summary(shortlist)
    assert summary.refusals == ["shortlist_empty", "interview_details", "interview_past", "advertisement_open"]
    assert not summary.allowed
    assert summary.not_shortlisted == 3


def test_the_first_publication_is_stamped_once_and_later_ones_invite_the_newcomers(
    shortlist, applicants, officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert shortlist_publish(shortlist=shortlist, published_by=officer) == 2
    shortlist.refresh_from_db()
    first_at, first_by = shortlist.published_at, shortlist.published_by
    assert first_by == officer and first_at
    assert len(mail.outbox) == 2
    assert Application.objects.get(pk=applicants[2].pk).status == Application.Status.NOT_SHORTLISTED

    colleague = hr_staff(HR_OFFICER)
    shortlist_add(
        shortlist=shortlist,
        application=applicants[2],
        added_by=colleague,
        decision_reason="Layak setelah disemak oleh HR.",
    )
    summary = publication_summary(shortlist)
    assert (summary.to_invite, summary.already_invited, summary.not_shortlisted) == (1, 2, 0)
    with django_capture_on_commit_callbacks(execute=True):
        assert shortlist_publish(shortlist=shortlist, published_by=colleague) == 1
    shortlist.refresh_from_db()
    assert (shortlist.published_at, shortlist.published_by) == (first_at, officer)
    assert shortlist.last_published_by == colleague and shortlist.last_published_at > first_at
    assert len(mail.outbox) == 3
    assert Application.objects.get(pk=applicants[2].pk).status == Application.Status.SHORTLISTED
    details = list(AuditEvent.objects.filter(action="publish").order_by("pk").values_list("detail", flat=True))
    assert details == [
        f"{shortlist}: 2 dijemput, 1 tidak disenarai pendek",
        f"{shortlist}: 1 dijemput, 0 tidak disenarai pendek",
    ]


def test_the_publish_action_shows_a_summary_and_publishes_only_on_confirmation(
    client, shortlist, django_capture_on_commit_callbacks
):
    hr_staff(HR_OFFICER, client)
    data = {"action": "publish", "_selected_action": [shortlist.pk]}
    page = client.post(SHORTLISTS, data)
    assert page.status_code == 200
    assert page.context["summaries"][0].to_invite == 2 and page.context["summaries"][0].not_shortlisted == 1
    html = page.content.decode()
    assert "Menara MyIPO" in html and " disabled" not in html
    shortlist.refresh_from_db()
    assert shortlist.published_at is None and mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SHORTLISTS, {**data, "apply": "1"})
    shortlist.refresh_from_db()
    assert shortlist.published_at and len(mail.outbox) == 2


def test_the_confirmation_page_says_why_it_cannot_publish_and_disables_the_button(client, shortlist):
    hr_staff(HR_OFFICER, client)
    Shortlist.objects.filter(pk=shortlist.pk).update(interview_at=dt.datetime(2020, 3, 2, 1, 0, tzinfo=dt.UTC))
    data = {"action": "publish", "_selected_action": [shortlist.pk]}
    html = client.post(SHORTLISTS, data).content.decode()
    assert "Tarikh dan masa temu duga telah berlalu" in html or "has already passed" in html
    assert 'name="apply" value=' in html and " disabled>" in html
    response = client.post(SHORTLISTS, {**data, "apply": "1"}, follow=True)  # a forged confirmation
    shortlist.refresh_from_db()
    assert shortlist.published_at is None
    assert any(message.level_tag == "error" for message in response.context["messages"])
