"""Owing, sending, retrying and resending e-mails.

An act (a submission, a publication, a registration) calls `email_queue` inside its own transaction: the e-mail
is owed exactly when the act is committed. After the commit a worker is asked to send it; if the broker is
down, that request is logged and dropped, and the periodic sweep sends the e-mail instead. Sending locks only
the outbox row (other senders skip it), so two workers never send the same e-mail, and no lock on the act's
own rows is held while the mail relay is being talked to.
"""

import datetime as dt
import logging
import time

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from audit.services import Action, audit_record
from myipo_recruit.background import task_dispatch

from .kinds import KINDS, NotOwed
from .models import Email

logger = logging.getLogger(__name__)
RETRY_MAX_SECONDS = 3600


def email_queue(
    *, kind: str, to: str, key: str, context: dict | None = None, reference: str = "", language: str | None = None
) -> Email:
    """Record an e-mail owed by the act in progress, and have it sent once that act is committed.

    The key makes it idempotent: an act that is repeated (a double click, a retry) owes the e-mail once.
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown kind of e-mail: {kind}")
    email, created = Email.objects.get_or_create(
        key=key[:200],
        defaults={
            "kind": kind,
            "to": to,
            "context": context or {},
            "reference": reference[:60],
            "language": language or translation.get_language() or settings.LANGUAGE_CODE,
        },
    )
    if created:
        transaction.on_commit(lambda: email_dispatch(email_id=email.pk))
    return email


def emails_queue(owed: list[dict]) -> None:
    """`email_queue` for many e-mails of one act at once (each a dict of its arguments): one read and one insert.

    Keys already owed are skipped, as with `email_queue`.
    """
    for item in owed:
        if item["kind"] not in KINDS:
            raise ValueError(f"Unknown kind of e-mail: {item['kind']}")
    keys = [item["key"][:200] for item in owed]
    existing = set(Email.objects.filter(key__in=keys).values_list("key", flat=True))
    fallback = translation.get_language() or settings.LANGUAGE_CODE
    new, seen = [], set()
    for item, key in zip(owed, keys, strict=True):
        if key in existing or key in seen:
            continue
        seen.add(key)
        new.append(
            Email(
                key=key,
                kind=item["kind"],
                to=item["to"],
                context=item.get("context") or {},
                reference=item.get("reference", "")[:60],
                language=item.get("language") or fallback,
            )
        )
    try:
        with transaction.atomic():
            created = Email.objects.bulk_create(new)
    except IntegrityError:  # a key owed meanwhile by another act: one at a time, as email_queue does
        for item in owed:
            email_queue(**item)
        return
    if not all(email.pk for email in created):  # a backend that does not return the new rows' ids
        created = Email.objects.filter(key__in=[email.key for email in new])
    for email in created:
        transaction.on_commit(lambda email_id=email.pk: email_dispatch(email_id=email_id))


def email_dispatch(*, email_id: int) -> None:
    """Ask a worker to send the e-mail now (without a broker: send it here). Never raises: the act is done,
    and if the broker fails the sweep sends the e-mail later."""
    from .tasks import send_email

    task_dispatch(send_email, email_id)


def retry_delay(attempts: int) -> dt.timedelta:
    """Exponential backoff: OUTBOX_RETRY_SECONDS after the first failure, doubling, at most an hour."""
    return dt.timedelta(seconds=min(settings.OUTBOX_RETRY_SECONDS * 2 ** max(attempts - 1, 0), RETRY_MAX_SECONDS))


def email_deliver(email: Email) -> str:
    """Render and send a locked, pending e-mail; record what happened on it. Returns its new status."""
    kind = KINDS.get(email.kind)
    now = timezone.now()
    try:
        with transaction.atomic(), translation.override(email.language):
            if kind is None:
                raise LookupError(f"unknown kind of e-mail {email.kind!r}")
            rendered = kind.render(email.context)
            message = EmailMessage(
                subject=rendered.subject,
                body=rendered.body,
                from_email=rendered.from_email,
                to=[email.to],
                reply_to=list(rendered.reply_to) or None,
            )
            for filename, content, content_type in rendered.attachments:
                message.attach(filename, content, content_type)
            message.send()
    except NotOwed:
        email.status, email.last_error = Email.Status.CANCELLED, ""
        email.save(update_fields=["status", "last_error"])
        logger.info("E-mail no longer owed", extra={"email_id": email.pk, "kind": email.kind})
        return email.status
    except Exception as error:  # the relay, the storage or a template failed: try again later, then give up
        email.attempts += 1
        email.last_error = f"{type(error).__name__}: {error}"[:300]
        if email.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
            email.status = Email.Status.FAILED
        else:
            email.due_at = now + retry_delay(email.attempts)
        email.save(update_fields=["attempts", "last_error", "status", "due_at"])
        logger.warning(
            "E-mail not sent (attempt %s): %s",
            email.attempts,
            type(error).__name__,
            extra={"email_id": email.pk, "kind": email.kind},
        )
        return email.status
    email.attempts += 1
    email.status, email.sent_at, email.last_error = Email.Status.SENT, now, ""
    if kind.erase_context:
        email.context = {}
    email.save(update_fields=["attempts", "status", "sent_at", "last_error", "context"])
    if kind.sent:
        kind.sent(email.context, now)
    logger.info("E-mail sent", extra={"email_id": email.pk, "kind": email.kind})
    return email.status


def email_send(*, email_id: int) -> bool:
    """Send one owed e-mail unless it is sent, failed, or being sent by someone else right now."""
    with transaction.atomic():
        email = (
            Email.objects.select_for_update(skip_locked=True).filter(pk=email_id, status=Email.Status.PENDING).first()
        )
        if email is None:
            return False
        return email_deliver(email) == Email.Status.SENT


def outbox_sweep(*, limit: int = 500, seconds: float = 50.0) -> int:
    """Send what is owed and due, oldest first, within a time budget; several sweepers share the work.

    Three failures in a row end the sweep: the relay is down, and each e-mail already has its next attempt.
    Sent e-mails older than OUTBOX_KEEP_DAYS are deleted (they hold addresses: PDPA 2010). Returns how many
    were sent.
    """
    started, sent, failures = time.monotonic(), 0, 0
    for _number in range(limit):
        if time.monotonic() - started > seconds or failures >= 3:
            break
        with transaction.atomic():
            email = Email.objects.due().select_for_update(skip_locked=True).order_by("due_at", "pk").first()
            if email is None:
                break
            status = email_deliver(email)
        sent += status == Email.Status.SENT
        failures = failures + 1 if status in (Email.Status.PENDING, Email.Status.FAILED) else 0
    outbox_purge()
    return sent


def outbox_purge() -> int:
    cutoff = timezone.now() - dt.timedelta(days=settings.OUTBOX_KEEP_DAYS)
    deleted, _per_model = Email.objects.filter(
        status__in=[Email.Status.SENT, Email.Status.CANCELLED], created_at__lt=cutoff
    ).delete()
    return deleted


def email_resend(*, emails, requested_by) -> int:
    """HR sends these e-mails again now: failed ones get a fresh set of attempts, sent ones go once more.

    One being sent at this very moment is left alone. Recorded in the audit trail. Returns how many will be sent.
    """
    with transaction.atomic():
        chosen = list(
            Email.objects.select_for_update(skip_locked=True)
            .filter(pk__in=emails.values("pk"))
            .values_list("pk", "key")
        )
        ids = [pk for pk, _key in chosen]
        Email.objects.filter(pk__in=ids).update(
            status=Email.Status.PENDING, attempts=0, due_at=timezone.now(), last_error="", sent_at=None
        )
        audit_record(
            action=Action.EMAIL_RESEND,
            actor=requested_by,
            detail=_("%(count)s e-mail(s) sent again: %(keys)s"),
            params={"count": len(ids), "keys": ", ".join(key for _pk, key in chosen[:20])},
        )
        for email_id in ids:
            transaction.on_commit(lambda email_id=email_id: email_dispatch(email_id=email_id))
    logger.info("%s e-mail(s) to send again", len(ids))
    return len(ids)


def emails_forget(*, to: str) -> int:
    """Delete every e-mail to an address (its owner closed the account): none is owed any more."""
    deleted, _per_model = Email.objects.filter(to__iexact=to).delete()
    return deleted
