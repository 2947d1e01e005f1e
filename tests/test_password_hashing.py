"""Passwords are hashed with Argon2id; older hashes still sign in and are hashed again at that sign-in."""

import pytest
from argon2 import PasswordHasher
from django.contrib.auth.hashers import check_password, make_password
from django.urls import reverse

from myipo_recruit import settings as portal_settings

from .factories import PASSWORD, VerifiedUserFactory

pytestmark = pytest.mark.django_db
ARGON2ID = "argon2$argon2id$v=19$m=19456,t=2,p=1$"


@pytest.fixture(autouse=True)
def _portal_hashers(settings):
    """The portal's own hashers (the test suite otherwise uses a fast one)."""
    settings.PASSWORD_HASHERS = portal_settings.PASSWORD_HASHERS


def sign_in(client, email, password):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def test_a_new_password_is_hashed_with_argon2id_at_the_chosen_cost():
    encoded = make_password(PASSWORD)
    assert encoded.startswith(ARGON2ID)
    assert check_password(PASSWORD, encoded)


def test_a_pbkdf2_password_still_signs_in_and_is_then_hashed_with_argon2id(client):
    user = VerifiedUserFactory(password=None)
    user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])
    assert sign_in(client, user.email, PASSWORD).status_code == 302
    user.refresh_from_db()
    assert user.password.startswith(ARGON2ID)
    client.logout()
    assert sign_in(client, user.email, PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("time_cost", "memory_cost", "parallelism"),
    [(2, 102400, 8), (1, 47104, 1)],  # Django's own parameters; the portal's until December 2026
)
def test_an_argon2_hash_with_other_parameters_is_made_again_at_sign_in(client, time_cost, memory_cost, parallelism):
    user = VerifiedUserFactory(password=None)
    other = PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)
    user.password = "argon2" + other.hash(PASSWORD)
    user.save(update_fields=["password"])
    assert sign_in(client, user.email, PASSWORD).status_code == 302
    user.refresh_from_db()
    assert user.password.startswith(ARGON2ID)


def test_a_wrong_password_neither_signs_in_nor_changes_the_old_hash(client):
    user = VerifiedUserFactory(password=None)
    user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])
    old = user.password
    assert sign_in(client, user.email, "Salah-kata-laluan-1").status_code == 200
    user.refresh_from_db()
    assert user.password == old
