"""Sign-in, registration and reset limits: per account whatever the address, generous per network, and the
client address read from the trusted load balancer only."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import ThrottleHit
from accounts.roles import HR_OFFICER
from audit.models import AuditEvent
from myipo_recruit.proxy import real_client_address

from .factories import PASSWORD, PostFactory, VerifiedUserFactory, hr_staff, submitted_application

pytestmark = pytest.mark.django_db


def sign_in(client, email, password, address="203.0.113.10", **headers):
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR=address, **headers
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_wrong_passwords_from_many_addresses_lock_that_account(client, settings):
    user = VerifiedUserFactory()
    for attempt in range(24):
        sign_in(client, user.email, "salah", address=f"198.51.100.{attempt % 6 + 1}")
    response = sign_in(client, user.email, PASSWORD, address="198.51.100.7")
    assert response.status_code == 429
    assert not signed_in(client)
    assert f"{settings.AXES_FAILURE_LIMIT}" in response.content.decode()


def test_the_account_limit_counts_the_address_whatever_its_case(client, settings):
    user = VerifiedUserFactory(email="siti@example.my")
    for spelling in ["SITI@example.my", "Siti@Example.MY", " siti@example.my", "siti@EXAMPLE.my", "SITI@EXAMPLE.MY"]:
        sign_in(client, spelling, "salah")
    assert sign_in(client, user.email, PASSWORD).status_code == 429


def test_another_account_on_the_same_address_still_signs_in(client):
    victim, neighbour = VerifiedUserFactory(), VerifiedUserFactory()
    for _attempt in range(10):
        sign_in(client, victim.email, "salah", address="192.0.2.50")
    response = sign_in(client, neighbour.email, PASSWORD, address="192.0.2.50")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(neighbour.pk)


def test_a_typo_elsewhere_never_pauses_an_unrelated_account(client):
    for number in range(8):
        sign_in(client, f"orang{number}@example.my", "salah", address="192.0.2.60")
    user = VerifiedUserFactory()
    assert sign_in(client, user.email, "salah", address="192.0.2.60").status_code == 200
    assert sign_in(client, user.email, PASSWORD, address="192.0.2.60").status_code == 302


def test_a_whole_network_is_paused_only_after_many_failures_and_is_told_so(client, settings):
    settings.SIGNIN_FAILURES_PER_ADDRESS = 12
    for number in range(12):
        assert sign_in(client, f"orang{number}@example.my", "salah", address="192.0.2.70").status_code == 200
    user = VerifiedUserFactory()
    response = sign_in(client, user.email, PASSWORD, address="192.0.2.70")
    assert response.status_code == 200
    assert not signed_in(client)
    assert response.context["form"].has_error("__all__", code="address_throttled")
    assert sign_in(client, user.email, PASSWORD, address="192.0.2.71").status_code == 302  # another network


def test_a_password_reset_ends_the_pause_of_that_account(client, settings, django_capture_on_commit_callbacks):
    user = VerifiedUserFactory()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, user.email, "salah")
    assert sign_in(client, user.email, PASSWORD).status_code == 429
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": user.email})
    link = next(word for word in mail.outbox[-1].body.split() if word.startswith("http"))
    form_page = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form_page, {"new_password1": "Baru-2026-kata", "new_password2": "Baru-2026-kata"})
    assert sign_in(client, user.email, "Baru-2026-kata").status_code == 302


def test_the_admin_sign_in_is_under_the_same_account_limit(client, settings):
    officer = hr_staff(HR_OFFICER)
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": officer.email, "password": "salah"}, REMOTE_ADDR=f"10.0.0.{attempt}")
    response = client.post("/admin/login/", {"username": officer.email, "password": PASSWORD}, REMOTE_ADDR="10.0.1.1")
    assert response.status_code == 429


def test_reset_emails_are_limited_per_address_and_the_page_says_the_same(
    client, settings, django_capture_on_commit_callbacks
):
    user = VerifiedUserFactory()
    for _attempt in range(20):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("accounts:password_reset"), {"email": user.email})
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == settings.PASSWORD_RESETS_PER_EMAIL


def test_reset_requests_from_one_network_are_limited(client, settings):
    settings.PASSWORD_RESETS_PER_ADDRESS = 4
    for number in range(4):
        client.post(reverse("accounts:password_reset"), {"email": f"orang{number}@example.my"})
    response = client.post(reverse("accounts:password_reset"), {"email": "lagi@example.my"})
    assert response.status_code == 429


def test_limits_are_kept_in_the_database_for_every_process(client, settings):
    settings.REGISTRATIONS_PER_ADDRESS = 2
    data = {"full_name": "Siti binti Ali", "password1": PASSWORD, "password2": PASSWORD}
    client.post(reverse("accounts:register"), {**data, "email": "satu@example.my"})
    assert ThrottleHit.objects.filter(scope="registration").count() == 1
    from django.core.cache import cache

    cache.clear()  # another process has another memory: the count must not live there
    client.post(reverse("accounts:register"), {**data, "email": "dua@example.my"}, REMOTE_ADDR="127.0.0.1")
    assert client.post(reverse("accounts:register"), {**data, "email": "tiga@example.my"}).status_code == 429


# --- The client's real address ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        ("10.0.0.5", "203.0.113.9", "203.0.113.9"),  # from the balancer: its X-Forwarded-For
        ("10.0.0.5", "1.2.3.4, 203.0.113.9", "203.0.113.9"),  # a client's own claim is left of the truth
        ("10.0.0.5", "203.0.113.9, 10.0.0.6", "203.0.113.9"),  # two balancers of ours
        ("198.51.100.1", "203.0.113.9", "198.51.100.1"),  # not from a balancer: the header is ignored
        ("10.0.0.5", "", "10.0.0.5"),
        ("10.0.0.5", "garbage, ;;", "10.0.0.5"),
        ("10.0.0.5", "2001:db8::1", "2001:db8::1"),
        ("10.0.0.5", "10.0.0.6, 10.0.0.7", "10.0.0.5"),  # only our own: keep the peer
    ],
)
def test_the_client_address_is_read_from_trusted_proxies_only(peer, forwarded, expected):
    meta = {"REMOTE_ADDR": peer, "HTTP_X_FORWARDED_FOR": forwarded}
    assert real_client_address(meta, ("10.0.0.0/24",)) == expected


def test_behind_the_balancer_limits_and_audit_see_the_real_client(client, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    settings.SIGNIN_FAILURES_PER_ADDRESS = 3
    for number in range(3):  # three failures from one client behind the balancer
        sign_in(client, f"x{number}@example.my", "salah", address="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.9")
    user = VerifiedUserFactory()
    other_client = sign_in(client, user.email, PASSWORD, address="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.77")
    assert other_client.status_code == 302  # another client behind the same balancer is not paused
    officer = hr_staff(HR_OFFICER, client)
    application = submitted_application(PostFactory(min_qualification="bachelor"))
    client.get(
        application.documents.first().get_absolute_url(), REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.40"
    )
    event = AuditEvent.objects.get(action=AuditEvent.Action.DOCUMENT_VIEW, actor=officer)
    assert event.ip_address == "203.0.113.40"


def test_a_forged_forwarded_header_from_outside_changes_nothing(client, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    settings.SIGNIN_FAILURES_PER_ADDRESS = 3
    for number in range(3):  # an attacker rotating X-Forwarded-For is still one address
        sign_in(
            client, f"x{number}@example.my", "salah", address="198.51.100.9", HTTP_X_FORWARDED_FOR=f"1.1.1.{number}"
        )
    user = VerifiedUserFactory()
    response = sign_in(client, user.email, PASSWORD, address="198.51.100.9", HTTP_X_FORWARDED_FOR="1.1.1.200")
    assert response.context["form"].has_error("__all__", code="address_throttled")


def test_https_is_believed_only_from_the_trusted_balancer(client, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_PROTO="https").status_code == 200
    forged = client.get("/", REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_PROTO="https")
    assert forged.status_code == 301 and forged["Location"].startswith("https://")
