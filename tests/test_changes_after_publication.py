"""Changes after publication reach the people they concern: a new date, time or venue, a withdrawn invitation."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from accounts.roles import HR_OFFICER
from applications.models import Application
from audit.models import AuditEvent
from screening.models import InterviewChange, InterviewChangeNotice, Shortlist, ShortlistEntry
from screening.services import (
    ScreeningError,
    shortlist_add,
    shortlist_interview_change,
    shortlist_publish,
    shortlist_remove,
)

from .factories import PostFactory, close_advertisement, hr_staff, owed_email_send, submitted_application

pytestmark = pytest.mark.django_db
NINE_AM = dt.datetime(2030, 3, 5, 1, 0, tzinfo=dt.UTC)  # Tuesday 5 March 2030, 9:00 in Kuala Lumpur
HALF_PAST_TWO = dt.datetime(2030, 3, 5, 6, 30, tzinfo=dt.UTC)  # the same day, 14:30
REASON = "Calon menarik diri melalui telefon."


@pytest.fixture
def officer(db):
    return hr_staff(HR_OFFICER)


@pytest.fixture
def campaign(officer, django_capture_on_commit_callbacks):
    """A published shortlist of two invited candidates (one applied in English); a third applicant not chosen."""
    post = PostFactory(title_ms="AKAUNTAN", title_en="ACCOUNTANT")
    malay = submitted_application(post, full_name="SITI BINTI ALI")
    with translation.override("en"):
        english = submitted_application(post, full_name="JOHN A/L DAVID")
    other = submitted_application(post, full_name="TIDAK TERPILIH")
    shortlist = Shortlist.objects.create(post=post, interview_at=NINE_AM, interview_venue="Aras 20, Menara MyIPO")
    entries = {
        application.pk: shortlist_add(
            shortlist=shortlist,
            application=application,
            added_by=officer,
            decision_reason="Layak setelah disemak oleh HR.",
        )
        for application in (malay, english)
    }
    close_advertisement(post.advertisement)
    with django_capture_on_commit_callbacks(execute=True):
        shortlist_publish(shortlist=shortlist, published_by=officer)
    shortlist.refresh_from_db()
    mail.outbox.clear()
    return {"shortlist": shortlist, "malay": malay, "english": english, "other": other, "entries": entries}


def entry_of(campaign, name):
    return ShortlistEntry.objects.get(pk=campaign["entries"][campaign[name].pk].pk)


def test_moving_the_interview_e_mails_every_invited_candidate_the_new_time(
    campaign, officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        change = shortlist_interview_change(
            shortlist=campaign["shortlist"],
            interview_at=HALF_PAST_TWO,
            interview_venue="Aras 20, Menara MyIPO",
            changed_by=officer,
        )
    assert (change.old_interview_at, change.new_interview_at) == (NINE_AM, HALF_PAST_TWO)
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {campaign["malay"].candidate.email, campaign["english"].candidate.email}
    malay = by_address[campaign["malay"].candidate.email]
    assert "Tarikh dan masa: Selasa, 5 Mac 2030, 2:30 petang" in malay.body
    assert "9:00 pagi" in malay.body  # the details it replaces
    english = by_address[campaign["english"].candidate.email]
    assert english.subject.startswith("MyIPO Recruitment: your interview has changed")
    assert "Date and time: Tuesday, 5 March 2030, 2:30 pm" in english.body
    assert InterviewChangeNotice.objects.filter(change=change, sent_at__isnull=False).count() == 2
    event = AuditEvent.objects.get(action="interview_change")
    assert (event.actor, event.target_id) == (officer, str(campaign["shortlist"].pk))
    assert "2030-03-05 09:00" in event.detail and "2030-03-05 14:30" in event.detail and "2 invited" in event.detail


def test_a_change_of_venue_alone_is_told_too_and_each_notice_goes_once(
    campaign, officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        change = shortlist_interview_change(
            shortlist=campaign["shortlist"],
            interview_at=NINE_AM,
            interview_venue="Dewan Seminar, Aras 3",
            changed_by=officer,
        )
    assert len(mail.outbox) == 2 and all("Dewan Seminar, Aras 3" in message.body for message in mail.outbox)
    for notice in change.notices.all():
        assert owed_email_send(f"interview_change:{notice.pk}") is False
    assert len(mail.outbox) == 2


def test_saving_the_same_details_again_changes_nothing_and_tells_nobody(campaign, officer):
    shortlist = campaign["shortlist"]
    result = shortlist_interview_change(
        shortlist=shortlist, interview_at=NINE_AM, interview_venue=" Aras 20, Menara MyIPO ", changed_by=officer
    )
    assert result is None and not InterviewChange.objects.exists() and mail.outbox == []
    assert not AuditEvent.objects.filter(action="interview_change").exists()


def test_before_publication_a_change_is_recorded_but_nobody_is_e_mailed(officer, django_capture_on_commit_callbacks):
    shortlist = Shortlist.objects.create(post=PostFactory(), interview_at=NINE_AM, interview_venue="Aras 20")
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            shortlist_interview_change(
                shortlist=shortlist, interview_at=HALF_PAST_TWO, interview_venue="Aras 20", changed_by=officer
            )
            is None
        )
    shortlist.refresh_from_db()
    assert shortlist.interview_at == HALF_PAST_TWO
    assert mail.outbox == [] and not InterviewChange.objects.exists()
    assert AuditEvent.objects.filter(action="interview_change").count() == 1


def test_the_interview_cannot_move_into_the_past_or_lose_its_details_once_published(campaign, officer):
    shortlist = campaign["shortlist"]
    with pytest.raises(ScreeningError) as past:
        shortlist_interview_change(
            shortlist=shortlist,
            interview_at=timezone.now() - dt.timedelta(hours=1),
            interview_venue="A",
            changed_by=officer,
        )
    assert past.value.code == "interview_past"
    with pytest.raises(ScreeningError) as emptied:
        shortlist_interview_change(shortlist=shortlist, interview_at=NINE_AM, interview_venue="", changed_by=officer)
    assert emptied.value.code == "interview_details"
    shortlist.refresh_from_db()
    assert (shortlist.interview_at, shortlist.interview_venue) == (NINE_AM, "Aras 20, Menara MyIPO")


def test_a_candidate_whose_invitation_has_not_gone_out_yet_gets_only_the_invitation_with_the_new_time(
    officer, django_capture_on_commit_callbacks
):
    post = PostFactory()
    application = submitted_application(post)
    shortlist = Shortlist.objects.create(post=post, interview_at=NINE_AM, interview_venue="Aras 20")
    entry = shortlist_add(
        shortlist=shortlist, application=application, added_by=officer, decision_reason="Layak setelah disemak oleh HR."
    )
    close_advertisement(post.advertisement)
    with django_capture_on_commit_callbacks(execute=False):  # the invitation is still queued
        shortlist_publish(shortlist=shortlist, published_by=officer)
    change = shortlist_interview_change(
        shortlist=shortlist, interview_at=HALF_PAST_TWO, interview_venue="Aras 20", changed_by=officer
    )
    assert owed_email_send(f"interview_change:{change.notices.get().pk}") is False
    assert owed_email_send(f"invitation:{entry.pk}") is True
    (invitation,) = mail.outbox
    assert "2:30 petang" in invitation.body and "9:00 pagi" not in invitation.body


def test_the_admin_change_form_tells_the_invited_candidates(client, campaign, django_capture_on_commit_callbacks):
    hr_staff(HR_OFFICER, client)
    shortlist = campaign["shortlist"]
    url = reverse("admin:screening_shortlist_change", args=[shortlist.pk])
    data = {
        "interview_at_0": "2030-03-05",
        "interview_at_1": "14:30",
        "interview_venue": "Aras 20, Menara MyIPO",
        "entries-TOTAL_FORMS": "2",
        "entries-INITIAL_FORMS": "2",
        "interview_changes-TOTAL_FORMS": "0",
        "interview_changes-INITIAL_FORMS": "0",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    shortlist.refresh_from_db()
    assert shortlist.interview_at == HALF_PAST_TWO
    assert len(mail.outbox) == 2
    page = client.get(url).content.decode()
    assert "Selasa, 5 Mac 2030, 9:00 pagi" in page and "Selasa, 5 Mac 2030, 2:30 petang" in page  # the change history
    refused = client.post(url, {**data, "interview_at_0": "2020-03-05"})
    assert refused.status_code == 200 and refused.context["adminform"].form.errors["interview_at"]


def test_removing_an_invited_candidate_needs_a_reason_and_withdraws_the_invitation(
    campaign, officer, django_capture_on_commit_callbacks
):
    entry = entry_of(campaign, "english")
    with pytest.raises(ScreeningError) as short:
        shortlist_remove(entry=entry, removed_by=officer, reason="  tiada  ")
    assert short.value.code == "removal_reason" and "15" in short.value.messages[0]
    with django_capture_on_commit_callbacks(execute=True):
        shortlist_remove(entry=entry, removed_by=officer, reason=REASON)
    entry.refresh_from_db()
    assert (entry.removal_reason, entry.removed_by) == (REASON, officer) and entry.withdrawal_sent_at
    assert Application.objects.get(pk=campaign["english"].pk).status == Application.Status.NOT_SHORTLISTED
    (message,) = mail.outbox
    assert message.to == [campaign["english"].candidate.email]
    assert message.subject.startswith("MyIPO Recruitment: interview invitation withdrawn")
    assert "withdrawn" in message.body and REASON not in message.body
    event = AuditEvent.objects.get(action="shortlist_remove")
    assert (
        event.detail.endswith(f"{REASON} (jemputan ditarik balik)") and event.reference == campaign["english"].reference
    )
    assert owed_email_send(f"withdrawal:{entry.pk}") is False and len(mail.outbox) == 1


def test_a_removed_candidate_is_not_told_of_a_later_change(campaign, officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        shortlist_remove(entry=entry_of(campaign, "malay"), removed_by=officer, reason=REASON)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        shortlist_interview_change(
            shortlist=campaign["shortlist"], interview_at=HALF_PAST_TWO, interview_venue="Aras 20", changed_by=officer
        )
    assert [message.to for message in mail.outbox] == [[campaign["english"].candidate.email]]


def test_removing_a_candidate_not_yet_invited_needs_a_reason_and_sends_nothing(
    officer, django_capture_on_commit_callbacks
):
    post = PostFactory()
    application = submitted_application(post)
    shortlist = Shortlist.objects.create(post=post)
    entry = shortlist_add(
        shortlist=shortlist, application=application, added_by=officer, decision_reason="Layak setelah disemak oleh HR."
    )
    with django_capture_on_commit_callbacks(execute=True):
        shortlist_remove(entry=entry, removed_by=officer, reason="Dokumen MQA tidak lengkap.")
    assert mail.outbox == []
    assert Application.objects.get(pk=application.pk).status == Application.Status.SUBMITTED
    assert AuditEvent.objects.get(action="shortlist_remove").detail == f"{shortlist}: Dokumen MQA tidak lengkap."


def test_a_queued_invitation_is_neither_sent_nor_withdrawn_after_a_removal(officer, django_capture_on_commit_callbacks):
    post = PostFactory()
    application = submitted_application(post)
    shortlist = Shortlist.objects.create(post=post, interview_at=NINE_AM, interview_venue="Aras 20")
    entry = shortlist_add(
        shortlist=shortlist, application=application, added_by=officer, decision_reason="Layak setelah disemak oleh HR."
    )
    close_advertisement(post.advertisement)
    with django_capture_on_commit_callbacks(execute=False):
        shortlist_publish(shortlist=shortlist, published_by=officer)
    shortlist_remove(entry=entry, removed_by=officer, reason=REASON)
    assert owed_email_send(f"invitation:{entry.pk}") is False
    assert owed_email_send(f"withdrawal:{entry.pk}") is False
    assert mail.outbox == []


def test_the_remove_action_asks_for_the_reason_then_withdraws(client, campaign, django_capture_on_commit_callbacks):
    hr_staff(HR_OFFICER, client)
    entry = entry_of(campaign, "malay")
    url = reverse("admin:screening_shortlistentry_changelist")
    data = {"action": "remove", "_selected_action": [entry.pk]}
    page = client.post(url, data)
    assert page.status_code == 200 and "SITI BINTI ALI" in page.content.decode()
    too_short = client.post(url, {**data, "apply": "1", "reason": "tiada"})
    assert too_short.status_code == 200 and too_short.context["form"].errors["reason"]
    entry.refresh_from_db()
    assert entry.removed_at is None
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {**data, "apply": "1", "reason": REASON})
    entry.refresh_from_db()
    assert entry.removal_reason == REASON
    assert [message.to for message in mail.outbox] == [[campaign["malay"].candidate.email]]
    assert "ditarik balik" in mail.outbox[0].body or "withdrawn" in mail.outbox[0].body
