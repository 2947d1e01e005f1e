"""Limits on sign-in failures, registrations and password-reset e-mails, shared by every web process.

Counts live in the database, so that two, five or fifty processes on several machines share one count
(a per-process memory cache would multiply every limit by the number of processes). Per client address
limits are keyed on the real client address behind the trusted load balancer (myipo_recruit/proxy.py)
and are set high: a campus or an office signs in from one address.
"""

import datetime as dt
import hashlib
import logging
import random
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from myipo_recruit.proxy import client_network_key

from .models import ThrottleHit

logger = logging.getLogger(__name__)

KEEP_FOR = dt.timedelta(days=1)


@dataclass(frozen=True)
class Limit:
    scope: str
    window: dt.timedelta
    setting: str

    @property
    def allowed(self) -> int:
        return getattr(settings, self.setting)


SIGNIN_FAILURES = Limit("signin_failure", dt.timedelta(minutes=15), "SIGNIN_FAILURES_PER_ADDRESS")
REGISTRATIONS = Limit("registration", dt.timedelta(hours=1), "REGISTRATIONS_PER_ADDRESS")
RESETS_BY_ADDRESS = Limit("reset_address", dt.timedelta(hours=1), "PASSWORD_RESETS_PER_ADDRESS")
RESETS_BY_EMAIL = Limit("reset_email", dt.timedelta(hours=1), "PASSWORD_RESETS_PER_EMAIL")
ACCOUNT_NOTICES = Limit("account_notice", dt.timedelta(hours=1), "PASSWORD_RESETS_PER_EMAIL")


class Throttled(Exception):
    """The limit is reached; `retry_minutes` says when the oldest counted attempt leaves the window."""

    def __init__(self, limit: Limit, retry_minutes: int):
        super().__init__(limit.scope)
        self.limit = limit
        self.retry_minutes = retry_minutes


def email_key(email: str) -> str:
    """E-mail addresses are counted by a hash: the table of counts holds no address."""
    normalised = (email or "").strip().lower()
    return hashlib.sha256(f"{settings.SECRET_KEY}:{normalised}".encode()).hexdigest()[:64]


def address_key(request) -> str:
    return client_network_key(request)


def throttle_check(limit: Limit, key: str, *, now: dt.datetime | None = None) -> None:
    """Raise Throttled if `key` has used up `limit` in its window."""
    now = now or timezone.now()
    recent = ThrottleHit.objects.filter(scope=limit.scope, key=key, at__gt=now - limit.window)
    if recent.count() >= limit.allowed:
        oldest = recent.order_by("at").values_list("at", flat=True).first() or now
        retry = max(1, int(((oldest + limit.window) - now).total_seconds() // 60) + 1)
        logger.info("Limit %s reached", limit.scope)
        raise Throttled(limit, retry)


def throttle_count(limit: Limit, key: str, *, now: dt.datetime | None = None) -> None:
    """Count one attempt against `limit`; now and then, forget entries older than a day."""
    now = now or timezone.now()
    ThrottleHit.objects.create(scope=limit.scope, key=key, at=now)
    if random.random() < 0.01:  # noqa: S311 - housekeeping, not security
        throttle_forget_old(now=now)


def throttle_forget_old(*, now: dt.datetime | None = None) -> int:
    """Delete entries older than a day (they hold client addresses: personal data kept no longer than needed)."""
    deleted, _ = ThrottleHit.objects.filter(at__lt=(now or timezone.now()) - KEEP_FOR).delete()
    return deleted


def throttle_clear(limit: Limit, key: str) -> None:
    ThrottleHit.objects.filter(scope=limit.scope, key=key).delete()


def signin_username(request, credentials: dict | None = None) -> str:
    """What django-axes counts failures by: the e-mail address typed, trimmed and in lower case."""
    value = (credentials or {}).get("username")
    if value is None and request is not None:
        value = getattr(request, "POST", {}).get("username")
    return (value or "").strip().lower()[:254]
