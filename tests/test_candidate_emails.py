"""E-mails to shortlisted candidates: in their own language, from MyIPO, with whom to call to confirm attendance."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import translation

from accounts.roles import HR_OFFICER
from screening.models import Shortlist
from screening.services import shortlist_add, shortlist_publish

from .factories import PostFactory, close_advertisement, hr_staff, owed_email_send, submitted_application

pytestmark = pytest.mark.django_db
INTERVIEW = dt.datetime(2026, 12, 15, 6, 30, tzinfo=dt.UTC)  # Tuesday 15 December 2026, 14:30 in Kuala Lumpur


def invited(language="ms"):
    post = PostFactory(title_ms="AKAUNTAN", title_en="ACCOUNTANT")
    with translation.override(language):
        application = submitted_application(post, full_name="SITI BINTI ALI")
    shortlist = Shortlist.objects.create(post=post, interview_at=INTERVIEW, interview_venue="Aras 20, Menara MyIPO")
    officer = hr_staff(HR_OFFICER)
    entry = shortlist_add(
        shortlist=shortlist,
        application=application,
        added_by=officer,
        decision_reason="Layak setelah disemak oleh HR.",
    )
    close_advertisement(post.advertisement)
    shortlist_publish(shortlist=shortlist, published_by=officer)  # owes the invitation (sent after the commit)
    mail.outbox.clear()
    assert owed_email_send(f"invitation:{entry.pk}")
    (message,) = mail.outbox
    return application, message


def test_the_language_of_the_submission_is_kept_on_the_application():
    with translation.override("en"):
        english = submitted_application(PostFactory())
    malay = submitted_application(PostFactory())
    assert (english.language, malay.language) == ("en", "ms")


def test_a_candidate_who_applied_in_malay_is_invited_in_malay(settings):
    settings.RECRUITMENT_CONTACT_NAME = "Puan Aminah, Bahagian Sumber Manusia"
    settings.RECRUITMENT_CONTACT_PHONE = "03-2299 8400"
    _application, message = invited("ms")
    assert message.subject.startswith("Pengambilan MyIPO: jemputan ke temu duga")
    assert "Tarikh dan masa: Selasa, 15 Disember 2026, 2:30 petang" in message.body
    assert "Tempat: Aras 20, Menara MyIPO" in message.body
    assert "Puan Aminah, Bahagian Sumber Manusia" in message.body and "03-2299 8400" in message.body
    assert "Perbadanan Harta Intelek Malaysia (MyIPO)" in message.body


def test_a_candidate_who_applied_in_english_is_invited_in_english():
    _application, message = invited("en")
    assert message.subject.startswith("MyIPO Recruitment: invitation to interview")
    assert "Date and time: Tuesday, 15 December 2026, 2:30 pm" in message.body
    assert "Please confirm that you will attend" in message.body
    assert "ACCOUNTANT" in message.body


def test_the_invitation_comes_from_myipo_in_malay_and_replies_go_to_hr(settings):
    settings.DEFAULT_FROM_EMAIL = "MyIPO Recruitment <no-reply@myipo.gov.my>"
    settings.RECRUITMENT_CONTACT_EMAIL = "rekrut@myipo.gov.my"
    _application, message = invited("en")
    assert message.from_email == '"Perbadanan Harta Intelek Malaysia (MyIPO)" <no-reply@myipo.gov.my>'
    assert message.reply_to == ["rekrut@myipo.gov.my"]
    assert "replying to this e-mail (rekrut@myipo.gov.my)" in message.body


def test_without_a_contact_address_the_candidate_is_asked_to_call(settings):
    settings.RECRUITMENT_CONTACT_EMAIL = ""
    _application, message = invited("en")
    assert message.reply_to == []
    assert "Please confirm that you will attend by calling" in message.body
