"""Help and account: a help page with MyIPO's contact; change the password; change the e-mail address once the new
one is verified; e-mails confirming a withdrawal and an account closure."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from applications.services import application_withdraw
from audit.models import AuditEvent

from .factories import PASSWORD, PostFactory, UserFactory, VerifiedUserFactory, submitted_application

pytestmark = pytest.mark.django_db


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def test_the_help_page_answers_and_gives_the_contact(client, settings):
    settings.CONTACT_PHONE, settings.CONTACT_EMAIL = "+60322998400", "hr@myipo.gov.my"
    response = client.get(reverse("vacancies:help"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "03-2299 8400" in body and 'href="tel:+60322998400"' in body and "mailto:hr@myipo.gov.my" in body
    assert "https://www2.mqa.gov.my/mqr/" in body
    assert reverse("vacancies:help") in client.get(reverse("vacancies:home")).content.decode()


NEW = "Kata-laluan-baharu-2026"


def test_a_candidate_changes_the_password(client):
    user = VerifiedUserFactory()
    client.force_login(user)
    assert reverse("accounts:password_change") in client.get(reverse("privacy:account")).content.decode()
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Kata-laluan-baharu-2026",
            "new_password2": "Kata-laluan-baharu-2026",
        },
    )
    assert response.url == reverse("privacy:account")
    user.refresh_from_db()
    assert user.check_password("Kata-laluan-baharu-2026")
    assert client.get(reverse("privacy:account")).status_code == 200  # still signed in


def test_a_wrong_current_password_is_refused_in_malay(client):
    client.force_login(VerifiedUserFactory())
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "salah",
            "new_password1": "Kata-laluan-baharu-2026",
            "new_password2": "Kata-laluan-baharu-2026",
        },
    )
    assert (
        response.status_code == 200
        and "Kata laluan lama anda tidak dimasukkan dengan betul" in response.content.decode()
    )


def change_email(client, user, new="baharu@contoh.my", password=PASSWORD, capture=None):
    with capture(execute=True):
        return client.post(reverse("accounts:email_change"), {"new_email": new, "password": password})


def test_the_email_changes_only_once_the_new_address_is_verified(client, django_capture_on_commit_callbacks):
    user = VerifiedUserFactory(email="lama@contoh.my")
    client.force_login(user)
    response = change_email(client, user, capture=django_capture_on_commit_callbacks)
    assert response.url == reverse("privacy:account")
    user.refresh_from_db()
    assert user.email == "lama@contoh.my"
    (message,) = mail.outbox
    assert message.to == ["baharu@contoh.my"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(link_in(message))
    user.refresh_from_db()
    assert user.email == "baharu@contoh.my" and user.email_verified_at
    assert [m.to for m in mail.outbox] == [["lama@contoh.my"]]  # the old address is told
    assert AuditEvent.objects.filter(action="email_change").count() == 1
    assert client.get(link_in(message)).status_code == 400  # used already


def test_the_email_change_needs_the_password_and_a_free_address(client, django_capture_on_commit_callbacks):
    user = VerifiedUserFactory(email="lama@contoh.my")
    UserFactory(email="diambil@contoh.my")
    client.force_login(user)
    response = change_email(client, user, password="salah", capture=django_capture_on_commit_callbacks)
    assert response.context["form"].has_error("password", code="password_incorrect")
    change_email(client, user, new="DIAMBIL@contoh.my", capture=django_capture_on_commit_callbacks)
    assert client.get(link_in(mail.outbox[-1])).status_code == 400
    user.refresh_from_db()
    assert user.email == "lama@contoh.my"


def test_a_forged_email_change_link_does_nothing(client):
    response = client.get(reverse("accounts:email_change_confirm", kwargs={"token": "abc:def"}))
    assert response.status_code == 400


def test_a_withdrawal_is_confirmed_by_email(django_capture_on_commit_callbacks):
    application = submitted_application(PostFactory())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        application_withdraw(application=application)
    (message,) = mail.outbox
    assert message.to == [application.candidate.email]
    assert application.reference in message.subject and application.reference in message.body


def test_an_account_closure_is_confirmed_at_the_old_address(client, django_capture_on_commit_callbacks):
    application = submitted_application(PostFactory())
    user = application.candidate
    address = user.email
    client.force_login(user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("privacy:close"), {"confirm": "on"})
    assert not User.objects.get(pk=user.pk).is_active
    (message,) = mail.outbox
    assert message.to == [address]
    assert application.reference in message.body
