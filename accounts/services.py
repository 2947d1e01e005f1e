"""Candidate accounts: registration, e-mail verification, and unlocking after a password reset."""

import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from audit.services import Action, audit_record

from .tokens import email_verification_token

logger = logging.getLogger(__name__)
User = get_user_model()


@transaction.atomic
def user_register(*, email: str, full_name: str, password: str, build_url) -> User | None:
    """Create a candidate account and send its verification link once the row is committed.

    For an address that already has an account nothing is created and the owner is told by e-mail
    (sign in, or reset the password): the page says the same either way, so registration reveals
    no account. Returns the new user, or None.
    """
    email = User.objects.normalize_email(email).strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        make_password(password)  # the same work as a real registration: no timing difference
        account_exists_notify(email=email, build_url=build_url)
        return None
    user = User(email=email, full_name=full_name)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # registered a moment ago by a parallel request
        account_exists_notify(email=email, build_url=build_url)
        return None
    transaction.on_commit(lambda: verification_send(user=user, build_url=build_url))
    return user


def account_exists_notify(*, email: str, build_url) -> None:
    """Tell the owner of an address that someone tried to register it again (at most a few times an hour)."""
    from . import throttles
    from .tasks import send_account_exists

    key = throttles.email_key(email)
    try:
        throttles.throttle_check(throttles.ACCOUNT_NOTICES, key)
    except throttles.Throttled:
        return
    throttles.throttle_count(throttles.ACCOUNT_NOTICES, key)
    links = {"login": build_url(reverse("accounts:login")), "reset": build_url(reverse("accounts:password_reset"))}
    language = translation.get_language() or "ms"
    transaction.on_commit(lambda: send_account_exists.delay(email, links, language))


def account_exists_email(*, email: str, links: dict) -> None:
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        return
    send_mail(
        subject=_("MyIPO Recruitment: you already have an account"),
        message=render_to_string("accounts/email/account_exists.txt", {"user": user, **links}),
        from_email=None,
        recipient_list=[user.email],
    )
    logger.info("Account-exists notice sent to user %s", user.pk)


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


def signin_lockout_clear(*, user: User) -> None:
    """A password reset ends a sign-in pause for that account: the owner has proved who they are."""
    from axes.utils import reset

    reset(username=user.email.lower())


def staff_rights(user: User | None) -> dict:
    """What an account may do in the back office: the fields whose changes the audit trail records."""
    if user is None or user.pk is None:
        return {}
    return {
        "is_active": user.is_active,
        "is_staff": user.is_staff,
        "is_superuser": user.is_superuser,
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "user_permissions": sorted(user.user_permissions.values_list("codename", flat=True)),
    }


def staff_rights_record(*, user: User, before: dict, changed_by) -> bool:
    """Record a change of someone's rights (before → after); nothing when nothing changed."""
    after = staff_rights(user)
    changes = [f"{name}: {before.get(name)!r} → {after[name]!r}" for name in after if before.get(name) != after[name]]
    if not changes:
        return False
    audit_record(
        action=Action.STAFF_RIGHTS, actor=changed_by, target=user, detail=f"{user.email}: " + "; ".join(changes)
    )
    return True
