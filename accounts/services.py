"""Candidate accounts: registration, e-mail verification, and unlocking after a password reset."""

import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core import signing
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


EMAIL_CHANGE_SALT = "accounts.email-change"
EMAIL_CHANGE_MAX_AGE = 3 * 24 * 3600  # seconds: a link to confirm a new address works for three days


def email_change_request(*, user: User, new_email: str, build_url) -> None:
    """Send a link to the new address; the account keeps its address until the link is opened.

    Whether the new address already has an account is not said here (the link then fails), as at registration.
    """
    from .tasks import send_email_change

    token = signing.dumps({"user": user.pk, "old": user.email, "new": new_email}, salt=EMAIL_CHANGE_SALT, compress=True)
    link = build_url(reverse("accounts:email_change_confirm", kwargs={"token": token}))
    language = translation.get_language() or "ms"
    transaction.on_commit(lambda: send_email_change.delay(user.pk, new_email, link, language))


def email_change_email(*, user_id: int, new_email: str, link: str) -> None:
    user = User.objects.get(pk=user_id)
    send_mail(
        subject=_("MyIPO Recruitment: confirm your new e-mail address"),
        message=render_to_string("accounts/email/email_change.txt", {"user": user, "link": link}),
        from_email=None,
        recipient_list=[new_email],
    )
    logger.info("E-mail change link sent for user %s", user.pk)


@transaction.atomic
def email_change_confirm(*, token: str) -> User | None:
    """Move the account to the new address if the link is genuine, current and the address still free.

    The old address is told, so that a change nobody asked for does not go unnoticed.
    """
    from .tasks import send_email_changed_notice

    try:
        data = signing.loads(token, salt=EMAIL_CHANGE_SALT, max_age=EMAIL_CHANGE_MAX_AGE)
    except signing.BadSignature:
        return None
    user = User.objects.select_for_update().filter(pk=data.get("user"), is_active=True).first()
    if user is None or user.email != data.get("old"):
        return None  # used already, or the address changed meanwhile
    if User.objects.filter(email__iexact=data["new"]).exclude(pk=user.pk).exists():
        return None
    old = user.email
    user.email, user.email_verified_at = data["new"], timezone.now()
    user.full_clean(exclude=["password"])
    try:
        with transaction.atomic():
            user.save(update_fields=["email", "email_verified_at"])
    except IntegrityError:
        return None
    audit_record(action=Action.EMAIL_CHANGE, actor=user, target=user, detail="")
    language = translation.get_language() or "ms"
    transaction.on_commit(lambda: send_email_changed_notice.delay(old, user.full_name, language))
    return user


def email_changed_notice(*, old_email: str, full_name: str) -> None:
    send_mail(
        subject=_("MyIPO Recruitment: your e-mail address was changed"),
        message=render_to_string("accounts/email/email_changed.txt", {"name": full_name}),
        from_email=None,
        recipient_list=[old_email],
    )
    logger.info("Notice of an e-mail change sent to the old address")


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
