"""Candidate accounts: register, verify by e-mail, sign in and out, reset the password, rate limits."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.models import User

from .factories import PASSWORD, UserFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db


def register(client, email="siti@example.my", **extra):
    return client.post(
        reverse("accounts:register"),
        {
            "email": email,
            "full_name": "Siti Nurhaliza binti Tarudin",
            "password1": PASSWORD,
            "password2": PASSWORD,
            **extra,
        },
    )


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def test_registering_sends_a_link_that_signs_in_this_browser(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = register(client)
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session  # not before the address is proved
    user = User.objects.get(email="siti@example.my")
    assert user.email_verified_at is None
    assert len(mail.outbox) == 1
    response = client.get(link_in(mail.outbox[0]), follow=True)
    user.refresh_from_db()
    assert user.email_verified_at is not None
    assert client.session["_auth_user_id"] == str(user.pk)
    assert "disahkan" in response.content.decode()


def test_the_link_opened_in_another_browser_verifies_but_asks_to_sign_in(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        register(client)
    other = Client()
    response = other.get(link_in(mail.outbox[0]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in other.session
    assert User.objects.get(email="siti@example.my").email_verified_at is not None


def test_the_page_to_return_to_survives_the_sign_in_asked_after_verifying(client, django_capture_on_commit_callbacks):
    after = "/jawatan/?grade=IP10&q=paten"
    with django_capture_on_commit_callbacks(execute=True):
        register(client, next=after)
    client.force_login(VerifiedUserFactory())  # someone else signed in on this browser meanwhile
    response = client.get(link_in(mail.outbox[0]))
    location = urlsplit(response["Location"])
    assert location.path == reverse("accounts:login")
    assert parse_qs(location.query) == {"next": [after]}


def test_a_verification_link_cannot_be_forged(client):
    user = UserFactory()
    response = client.get(reverse("accounts:verify", kwargs={"uidb64": "MQ", "token": "abc-123"}))
    assert response.status_code == 400
    user.refresh_from_db()
    assert user.email_verified_at is None


def test_registering_an_existing_address_reveals_nothing_and_tells_its_owner(
    client, django_capture_on_commit_callbacks
):
    owner = UserFactory(email="siti@example.my")
    with django_capture_on_commit_callbacks(execute=True):
        existing = register(client, email="SITI@Example.my")
    with django_capture_on_commit_callbacks(execute=True):
        new = Client().post(
            reverse("accounts:register"),
            {
                "email": "baru@example.my",
                "full_name": "Siti Nurhaliza binti Tarudin",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
    assert existing.status_code == new.status_code == 302
    assert existing["Location"] == new["Location"]
    assert User.objects.filter(email__iexact="siti@example.my").count() == 1
    notice = next(message for message in mail.outbox if message.to == [owner.email])
    assert reverse("accounts:password_reset") in notice.body
    assert "_auth_user_id" not in client.session


def test_a_weak_password_is_refused_in_malay(client):
    response = client.post(
        reverse("accounts:register"),
        {"email": "a@example.my", "full_name": "Ali", "password1": "12345678", "password2": "12345678"},
    )
    assert response.status_code == 200
    assert not User.objects.exists()


def test_sign_in_by_email_and_sign_out(client):
    user = VerifiedUserFactory()
    response = client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    client.post(reverse("accounts:logout"))
    assert "_auth_user_id" not in client.session


def test_repeated_failed_sign_ins_lock_the_account_with_a_clear_message(client, settings):
    user = VerifiedUserFactory()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": user.email, "password": "wrong"})
    response = client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "15 minit" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_registrations_from_one_address_are_limited(client, settings):
    settings.REGISTRATIONS_PER_ADDRESS = 3
    for number in range(3):
        assert register(client, email=f"calon{number}@example.my").status_code == 302
    response = register(client, email="calon9@example.my")
    assert response.status_code == 429
    assert not User.objects.filter(email="calon9@example.my").exists()


def test_mistyped_registrations_from_a_shared_network_do_not_use_up_its_limit(client, settings):
    settings.REGISTRATIONS_PER_ADDRESS = 3
    for _attempt in range(10):
        response = client.post(reverse("accounts:register"), {"email": "not-an-address", "full_name": "Ali"})
        assert response.status_code == 200
    assert register(client, email="ali@example.my").status_code == 302


def test_password_reset_by_email_link(client, django_capture_on_commit_callbacks):
    user = VerifiedUserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": user.email})
    assert len(mail.outbox) == 1
    link = link_in(mail.outbox[0])
    response = client.get(link, follow=True)
    assert response.status_code == 200
    response = client.post(
        response.redirect_chain[-1][0], {"new_password1": "Baru-2026-kata", "new_password2": "Baru-2026-kata"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Baru-2026-kata")


def test_account_pages_exist_in_english(client):
    with translation.override("en"):
        url = reverse("accounts:register")
    assert url.startswith("/en/")
    assert "Create an account" in client.get(url).content.decode()
