"""Writing the audit trail: one call per HR action or export."""

import logging

from .models import AuditEvent

logger = logging.getLogger(__name__)


def client_address(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


def audit_record(*, action: str, request=None, actor=None, application=None, applications=None, detail: str = ""):
    """Record an action; with `applications`, one row per application in a single insert."""
    actor = actor or (request.user if request is not None and request.user.is_authenticated else None)
    base = {
        "action": action,
        "actor": actor,
        "actor_email": getattr(actor, "email", "") or "",
        "ip_address": client_address(request),
        "detail": str(detail)[:500],
    }
    targets = list(applications) if applications is not None else [application]
    AuditEvent.objects.bulk_create(
        AuditEvent(**base, application=target, reference=getattr(target, "reference", "") or "") for target in targets
    )
    logger.info("Audit: %s by user %s (%s row(s))", action, getattr(actor, "pk", None), len(targets))
