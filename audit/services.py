"""Writing the audit trail. Called by the services that change or reveal personal data, inside their
own transaction, so that no view, admin action or command has to remember it."""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.utils import translation

from .context import client_address
from .models import AuditEvent

logger = logging.getLogger(__name__)

Action = AuditEvent.Action


def target_fields(target) -> dict:
    if target is None:
        return {"target_type": "", "target_id": "", "reference": ""}
    return {
        "target_type": target._meta.label_lower,
        "target_id": str(target.pk),
        "reference": (getattr(target, "reference", "") or "")[:30],
    }


def audit_record(
    *,
    action: str,
    actor=None,
    target=None,
    targets: Iterable | None = None,
    detail: str = "",
    params: dict | None = None,
) -> list[AuditEvent]:
    """Record an action by `actor` (None for the system); with `targets`, one row per target in one insert.

    A `detail` with `params` is a translatable text written in Malay, the back office's first language.
    """
    if params is not None:
        with translation.override(settings.LANGUAGE_CODE):
            detail = str(detail) % {key: str(value) for key, value in params.items()}
    actor = actor if getattr(actor, "is_authenticated", False) else None
    base = {
        "action": action,
        "actor": actor,
        "actor_email": getattr(actor, "email", "") or "",
        "ip_address": client_address.get(),
        "detail": str(detail)[:500],
    }
    rows = [
        AuditEvent(**base, **target_fields(target)) for target in (list(targets) if targets is not None else [target])
    ]
    AuditEvent.objects.bulk_create(rows)
    logger.info("Audit: %s by user %s (%s row(s))", action, getattr(actor, "pk", None), len(rows))
    return rows


def audit_events_about(record):
    return AuditEvent.objects.filter(target_type=record._meta.label_lower, target_id=str(record.pk))
