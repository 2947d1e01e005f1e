"""Candidate accounts: registration, e-mail verification, and unlocking after a password reset."""

import logging
import uuid

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode

from audit.services import Action, audit_record
from outbox.services import email_queue

from .tokens import email_verification_token

logger = logging.getLogger(__name__)
User = get_user_model()


@transaction.atomic
def user_register(*, email: str, full_name: str, password: str, build_url) -> User | None:
    """Create a candidate account and owe it its verification link, in one transaction.

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
    verification_send(user=user, build_url=build_url, key=f"verification:{user.pk}:registered")
    return user


def base_url(build_url) -> str:
    """The portal's address as the visitor used it (scheme and host), for links built when the e-mail is sent."""
    return build_url("/").rstrip("/")


def account_exists_notify(*, email: str, build_url) -> None:
    """Tell the owner of an address that someone tried to register it again (at most a few times an hour)."""
    from . import throttles

    user = User.objects.filter(email__iexact=email).first()
    key = throttles.email_key(email)
    try:
        throttles.throttle_check(throttles.ACCOUNT_NOTICES, key)
    except throttles.Throttled:
        return
    throttles.throttle_count(throttles.ACCOUNT_NOTICES, key)
    if user is None:
        return
    email_queue(
        kind="account_exists",
        to=user.email,
        key=f"account_exists:{user.pk}:{uuid.uuid4().hex}",
        context={"user_id": user.pk, "base_url": base_url(build_url)},
    )


def verification_send(*, user: User, build_url, key: str | None = None) -> None:
    """Owe the verification e-mail (sent by a worker after the commit, or at once without a broker)."""
    email_queue(
        kind="verification",
        to=user.email,
        key=key or f"verification:{user.pk}:{uuid.uuid4().hex}",
        context={"user_id": user.pk, "base_url": base_url(build_url)},
    )


def password_reset_send(*, user: User, protocol: str, domain: str) -> None:
    """Owe the password-reset e-mail; its link and token are made when it is sent."""
    email_queue(
        kind="password_reset",
        to=user.email,
        key=f"password_reset:{user.pk}:{uuid.uuid4().hex}",
        context={"user_id": user.pk, "protocol": protocol, "domain": domain},
    )
    logger.info("Password reset e-mail owed to user %s", user.pk)


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
    """Owe a link to the new address; the account keeps its address until the link is opened.

    The link is signed when the e-mail is sent (it works for three days from then). Whether the new address
    already has an account is not said here (the link then fails), as at registration.
    """
    email_queue(
        kind="email_change",
        to=new_email,
        key=f"email_change:{user.pk}:{uuid.uuid4().hex}",
        context={"user_id": user.pk, "old": user.email, "new": new_email, "base_url": base_url(build_url)},
    )


def email_change_token(*, user_id: int, old: str, new: str) -> str:
    return signing.dumps({"user": user_id, "old": old, "new": new}, salt=EMAIL_CHANGE_SALT, compress=True)


@transaction.atomic
def email_change_confirm(*, token: str) -> User | None:
    """Move the account to the new address if the link is genuine, current and the address still free.

    The old address is told (owed in the same transaction), so that a change nobody asked for does not go
    unnoticed.
    """
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
    email_queue(
        kind="email_changed",
        to=old,
        key=f"email_changed:{user.pk}:{uuid.uuid4().hex}",
        context={"user_id": user.pk},
    )
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
