"""The outbox: every e-mail the portal owes is written with the act, sent once, retried, and resent by HR."""

import datetime as dt
import smtplib
import threading
import time
from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from accounts.roles import HR_OFFICER
from applications.models import Application
from applications.services import application_start, application_submit
from audit.models import AuditEvent
from outbox.models import Email
from outbox.services import email_resend, email_send, outbox_sweep
from outbox.tasks import send_email
from privacy.services import account_close
from screening.models import Shortlist
from screening.services import shortlist_add, shortlist_publish, shortlist_remove

from .factories import EmailFactory, PostFactory, UserFactory, close_advertisement, complete_profile, hr_staff

pytestmark = pytest.mark.django_db
BROKER_DOWN = BrokerError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
REASON = "Layak setelah disemak oleh HR."


def submitted(post=None):
    profile = complete_profile()
    return application_submit(application=application_start(candidate=profile.user, post=post or PostFactory()))


def relay_down(*args, **kwargs):
    raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def published_shortlist(post, *applications):
    """A shortlist of these applications, ready to publish: interview next week, advertisement closed."""
    officer = UserFactory(is_staff=True)
    shortlist = Shortlist.objects.create(
        post=post, interview_at=timezone.now() + dt.timedelta(days=7), interview_venue="Aras 20, Menara UOA"
    )
    entries = [
        shortlist_add(shortlist=shortlist, application=a, added_by=officer, decision_reason=REASON)
        for a in applications
    ]
    close_advertisement(post.advertisement)
    return shortlist, entries, officer


def test_a_submission_owes_its_acknowledgement_which_is_sent_after_the_commit_with_the_slip(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        application = submitted()
    email = Email.objects.get(kind="acknowledgement")
    assert (email.key, email.to, email.reference) == (
        f"acknowledgement:{application.pk}",
        application.candidate.email,
        application.reference,
    )
    assert email.status == Email.Status.SENT and email.sent_at and email.attempts == 1
    [message] = mail.outbox
    assert application.reference in message.subject
    [(filename, content, content_type)] = message.attachments
    assert (filename, content_type) == (f"slip-{application.reference}.pdf", "application/pdf")
    assert content.startswith(b"%PDF-")
    application.refresh_from_db()
    assert application.acknowledged_at == email.sent_at


def test_nothing_is_owed_when_the_submission_is_rolled_back(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                submitted()
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert mail.outbox == []
    assert not Email.objects.exists() and not Application.objects.exists()


def test_the_acknowledgement_is_sent_once_however_often_its_task_runs(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submitted()
    email = Email.objects.get()
    assert send_email(email.pk) is False
    assert outbox_sweep() == 0
    assert len(mail.outbox) == 1


def test_a_broker_refusing_work_after_the_commit_leaves_the_submission_done_and_the_email_owed(
    client, complete_candidate, django_capture_on_commit_callbacks
):
    """The candidate sees the submission succeed; the acknowledgement waits in the outbox for the sweep."""
    application = application_start(candidate=complete_candidate, post=PostFactory())
    client.force_login(complete_candidate)
    with (
        mock.patch("outbox.tasks.send_email.delay", side_effect=BROKER_DOWN),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(
            reverse("applications:step", args=[application.pk, "review"]), {"declaration": "on", "pdpa_consent": "on"}
        )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.is_submitted
    assert mail.outbox == []
    assert Email.objects.get().status == Email.Status.PENDING
    assert outbox_sweep() == 1
    assert len(mail.outbox) == 1 and application.reference in mail.outbox[0].subject


def test_a_mail_relay_failure_is_retried_later_with_a_growing_delay_then_marked_failed(settings):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    email = EmailFactory()
    delays = []
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=relay_down):
        for _attempt in range(3):
            before = timezone.now()
            Email.objects.filter(pk=email.pk).update(due_at=before)
            assert email_send(email_id=email.pk) is False
            email.refresh_from_db()
            delays.append(round((email.due_at - before).total_seconds() / 60))
    assert email.status == Email.Status.FAILED and email.attempts == 3
    assert email.last_error.startswith("SMTPServerDisconnected")
    assert delays[:2] == [1, 2]
    assert outbox_sweep() == 0  # a failed e-mail waits for HR
    assert mail.outbox == []


def test_the_sweep_sends_what_is_due_and_leaves_what_waits_for_its_next_attempt():
    due = EmailFactory()
    later = EmailFactory(due_at=timezone.now() + dt.timedelta(minutes=5))
    assert outbox_sweep() == 1
    assert [message.to for message in mail.outbox] == [[due.to]]
    later.refresh_from_db()
    assert later.status == Email.Status.PENDING


def test_the_sweep_stops_early_when_the_relay_is_down():
    for _number in range(5):
        EmailFactory()
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=relay_down) as send:
        outbox_sweep()
    assert send.call_count == 3
    assert Email.objects.filter(attempts=0).count() == 2


def test_sent_emails_are_deleted_after_the_keeping_period(settings):
    settings.OUTBOX_KEEP_DAYS = 90
    old = EmailFactory(status=Email.Status.SENT, sent_at=timezone.now())
    Email.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=91))
    recent = EmailFactory(status=Email.Status.SENT, sent_at=timezone.now())
    unsent = EmailFactory(status=Email.Status.FAILED)
    Email.objects.filter(pk=unsent.pk).update(created_at=timezone.now() - dt.timedelta(days=200))
    outbox_sweep()
    assert set(Email.objects.values_list("pk", flat=True)) == {recent.pk, unsent.pk}


def test_publishing_owes_each_invitation_once_even_when_the_broker_is_down(django_capture_on_commit_callbacks):
    post = PostFactory()
    shortlist, [entry], officer = published_shortlist(post, submitted(post))
    mail.outbox.clear()
    with (
        mock.patch("outbox.tasks.send_email.delay", side_effect=BROKER_DOWN),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert shortlist_publish(shortlist=shortlist, published_by=officer) == 1
    assert mail.outbox == []
    assert shortlist_publish(shortlist=shortlist, published_by=officer) == 0  # owed once, still owed
    assert Email.objects.filter(kind="invitation", status=Email.Status.PENDING).count() == 1
    outbox_sweep()
    assert len([message for message in mail.outbox if "Aras 20, Menara UOA" in message.body]) == 1
    entry.refresh_from_db()
    assert entry.invitation_sent_at


def test_a_candidate_removed_before_the_invitation_went_is_not_invited(django_capture_on_commit_callbacks):
    post = PostFactory()
    shortlist, [entry], officer = published_shortlist(post, submitted(post))
    with mock.patch("outbox.tasks.send_email.delay", side_effect=BROKER_DOWN):
        shortlist_publish(shortlist=shortlist, published_by=officer)
    shortlist_remove(entry=entry, removed_by=officer, reason="Calon menarik diri melalui telefon.")
    outbox_sweep()
    assert Email.objects.get(kind="invitation").status == Email.Status.CANCELLED
    assert [message.subject for message in mail.outbox if "temu duga" in message.subject.lower()] == []


def test_hr_sees_failed_emails_and_sends_them_again_which_is_audited(client, django_capture_on_commit_callbacks):
    failed = EmailFactory(status=Email.Status.FAILED, attempts=10, last_error="SMTPServerDisconnected: down")
    officer = hr_staff(HR_OFFICER, client)
    changelist = reverse("admin:outbox_email_changelist")
    page = client.get(changelist, {"status__exact": "failed"})
    assert page.status_code == 200
    assert failed.to in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(changelist, {"action": "resend", "_selected_action": [failed.pk]})
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == Email.Status.SENT and failed.attempts == 1
    assert [message.to for message in mail.outbox] == [[failed.to]]
    event = AuditEvent.objects.get(action=AuditEvent.Action.EMAIL_RESEND)
    assert event.actor == officer and failed.key in event.detail


@pytest.mark.django_db(transaction=True)
def test_an_email_being_sent_right_now_is_not_resent():
    """Real row locks (PostgreSQL): HR's resend skips the e-mail a worker holds, and takes it once released."""
    if connection.vendor != "postgresql":
        pytest.skip("Row locks need PostgreSQL (set DATABASE_URL); SQLite serialises writers.")
    email = EmailFactory(status=Email.Status.FAILED)
    officer = UserFactory(is_staff=True)
    held, release = threading.Event(), threading.Event()

    def sender():
        try:
            with transaction.atomic():
                Email.objects.select_for_update().get(pk=email.pk)
                held.set()
                release.wait(10)
        finally:
            connection.close()

    worker = threading.Thread(target=sender)
    worker.start()
    assert held.wait(10)
    try:
        assert email_resend(emails=Email.objects.filter(pk=email.pk), requested_by=officer) == 0
    finally:
        release.set()
        worker.join(10)
    with mock.patch("outbox.tasks.send_email.delay"):
        assert email_resend(emails=Email.objects.filter(pk=email.pk), requested_by=officer) == 1


def test_a_candidate_without_hr_rights_cannot_see_the_outbox(client):
    client.force_login(UserFactory(is_staff=False))
    assert client.get(reverse("admin:outbox_email_changelist")).status_code == 302


def test_the_send_outbox_command_sends_what_is_owed_for_cron(capsys):
    EmailFactory()
    call_command("send_outbox")
    assert len(mail.outbox) == 1
    assert "Sent 1 e-mail(s); 0 still pending, 0 failed" in capsys.readouterr().out


def test_closing_an_account_forgets_the_emails_owed_to_it_and_owes_only_the_notice_of_closure():
    email = EmailFactory()
    user = UserFactory._meta.model.objects.get(email=email.to)
    account_close(user=user)
    [notice] = Email.objects.all()
    assert (notice.kind, notice.to) == ("account_closed", email.to)
    assert outbox_sweep() == 1
    notice.refresh_from_db()
    assert notice.context == {}  # the name and references it carried are erased once sent
    assert mail.outbox[0].to == [email.to]


def test_a_password_reset_email_is_owed_without_storing_its_token(client, django_capture_on_commit_callbacks):
    user = UserFactory(email_verified_at=timezone.now())
    with (
        mock.patch("outbox.tasks.send_email.delay", side_effect=BROKER_DOWN),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(reverse("accounts:password_reset"), {"email": user.email})
    assert response.status_code == 302
    email = Email.objects.get(kind="password_reset")
    assert set(email.context) == {"user_id", "protocol", "domain"}
    assert outbox_sweep() == 1
    assert "/password/reset/" in mail.outbox[0].body or "/kata-laluan/" in mail.outbox[0].body


def test_a_verification_email_is_not_sent_once_the_address_is_verified():
    email = EmailFactory()
    UserFactory._meta.model.objects.filter(email=email.to).update(email_verified_at=timezone.now())
    outbox_sweep()
    email.refresh_from_db()
    assert email.status == Email.Status.CANCELLED and mail.outbox == []


def test_an_email_is_sent_in_the_language_of_the_act(django_capture_on_commit_callbacks):
    from django.utils import translation

    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        application = submitted()
    assert Email.objects.get().language == "en"
    assert mail.outbox[0].subject == f"MyIPO Recruitment: application {application.reference} received"


@pytest.mark.django_db(transaction=True)
def test_two_senders_at_once_send_an_email_once_and_hold_no_lock_on_the_application(settings):
    """Real row locks (PostgreSQL): while the relay is slow, the application stays free for other requests."""
    if connection.vendor != "postgresql":
        pytest.skip("Row locks need PostgreSQL (set DATABASE_URL); SQLite serialises writers.")
    with mock.patch("outbox.tasks.send_email.delay", side_effect=BROKER_DOWN):
        application = submitted()  # committed; its acknowledgement waits in the outbox
    email = Email.objects.get(kind="acknowledgement")
    relay_busy, release = threading.Event(), threading.Event()
    original_send = LocmemBackend.send_messages

    def slow_relay(backend, messages):
        relay_busy.set()
        release.wait(10)
        return original_send(backend, messages)

    results = []

    def sender():
        try:
            results.append(email_send(email_id=email.pk))
        finally:
            connection.close()

    with mock.patch.object(LocmemBackend, "send_messages", slow_relay):
        first = threading.Thread(target=sender)
        first.start()
        assert relay_busy.wait(10)
        second = threading.Thread(target=sender)
        second.start()
        second.join(10)
        started = time.monotonic()
        with transaction.atomic():
            Application.objects.select_for_update(nowait=True).get(pk=application.pk)  # not locked by the sender
        assert time.monotonic() - started < 1
        release.set()
        first.join(10)
    assert sorted(results) == [False, True]
    assert len(mail.outbox) == 1


def test_invitations_are_in_the_candidates_language_whatever_the_language_of_hrs_screen():
    from django.utils import translation

    post = PostFactory()
    with translation.override("en"):
        english = submitted(post)
    shortlist, _entries, officer = published_shortlist(post, english)
    with translation.override("ms"):
        shortlist_publish(shortlist=shortlist, published_by=officer)
    assert Email.objects.get(kind="invitation").language == "en"


def test_a_withdrawal_is_confirmed_by_an_email_owed_with_it(django_capture_on_commit_callbacks):
    from applications.services import application_withdraw

    application = submitted()
    with (
        mock.patch("outbox.tasks.send_email.delay", side_effect=BROKER_DOWN),
        django_capture_on_commit_callbacks(execute=True),
    ):
        application_withdraw(application=application)
    email = Email.objects.get(kind="application_withdrawn")
    assert (email.status, email.reference) == (Email.Status.PENDING, application.reference)
    outbox_sweep()
    assert [m for m in mail.outbox if m.subject.endswith(("withdrawn", "ditarik balik"))]


def test_a_link_to_a_new_address_is_signed_when_sent_and_the_old_address_is_told_after(
    django_capture_on_commit_callbacks,
):
    from accounts.services import email_change_confirm, email_change_request

    user = UserFactory(email="lama@contoh.my", email_verified_at=timezone.now())
    with mock.patch("outbox.tasks.send_email.delay", side_effect=BROKER_DOWN):
        email_change_request(user=user, new_email="baharu@contoh.my", build_url=lambda path: f"https://x.my{path}")
    owed = Email.objects.get(kind="email_change")
    assert owed.to == "baharu@contoh.my" and "token" not in str(owed.context)  # no link stored
    outbox_sweep()
    [message] = mail.outbox
    link = next(word for word in message.body.split() if word.startswith("https://x.my"))
    token = link.rstrip("/").rsplit("/", 1)[-1]
    assert email_change_confirm(token=token).email == "baharu@contoh.my"
    notice = Email.objects.get(kind="email_changed")
    assert notice.to == "lama@contoh.my"
