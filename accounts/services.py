"""Candidate accounts: registration and e-mail verification."""

import logging

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from .tokens import email_verification_token

logger = logging.getLogger(__name__)
User = get_user_model()

REGISTRATIONS_PER_HOUR = 5


class RegistrationThrottled(Exception):
    """Too many registrations from one address in the last hour."""


def registration_throttle(*, ip_address: str) -> None:
    """Count a registration attempt from this IP address; refuse past the hourly limit."""
    key = f"registrations:{ip_address}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        count = 1
    if count > REGISTRATIONS_PER_HOUR:
        raise RegistrationThrottled


@transaction.atomic
def user_register(*, email: str, full_name: str, password: str, build_url) -> User:
    """Create a candidate account and send the verification link once the row is committed."""
    user = User(email=email, full_name=full_name)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    transaction.on_commit(lambda: verification_send(user=user, build_url=build_url))
    return user


def verification_link(*, user: User, build_url) -> str:
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = email_verification_token.make_token(user)
    return build_url(reverse("accounts:verify", kwargs={"uidb64": uidb64, "token": token}))


def verification_send(*, user: User, build_url) -> None:
    """Queue the verification e-mail (a Celery task, or at once without a broker) after the commit."""
    from .tasks import send_verification

    link = verification_link(user=user, build_url=build_url)
    language = translation.get_language() or "ms"
    transaction.on_commit(lambda: send_verification.delay(user.pk, link, language))


def verification_email(*, user_id: int, link: str) -> None:
    user = User.objects.get(pk=user_id)
    send_mail(
        subject=_("MyIPO Recruitment: verify your e-mail address"),
        message=render_to_string("accounts/email/verify.txt", {"user": user, "link": link}),
        from_email=None,
        recipient_list=[user.email],
    )
    logger.info("Verification e-mail sent to user %s in %s", user.pk, translation.get_language())


def user_verify_email(*, uidb64: str, token: str) -> User | None:
    """Mark the address verified if the link is genuine and current; None otherwise."""
    try:
        user = User.objects.get(pk=int(force_str(urlsafe_base64_decode(uidb64))))
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        return None
    if user.email_verified_at:
        return user
    if not email_verification_token.check_token(user, token):
        return None
    user.email_verified_at = timezone.now()
    user.save(update_fields=["email_verified_at"])
    return user
