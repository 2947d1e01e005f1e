"""Reads for HR: applications with their current screening outcome and HR's override."""

from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from .models import Override, ScreeningResult


def with_screening(applications):
    """Annotate the current result (outcome, points, failing and review rules), HR's latest override and the
    effective outcome, in one query."""
    current = ScreeningResult.objects.filter(application=OuterRef("pk"), is_current=True)
    latest_override = Override.objects.filter(application=OuterRef("pk")).order_by("-decided_at", "-pk")
    return applications.annotate(
        screening_outcome=Subquery(current.values("outcome")[:1]),
        screening_points=Subquery(current.values("points")[:1]),
        screening_failing=Subquery(current.values("failing_rules")[:1]),
        screening_review=Subquery(current.values("review_rules")[:1]),
        override_outcome=Subquery(latest_override.values("outcome")[:1]),
    ).annotate(effective_outcome=Coalesce(F("override_outcome"), F("screening_outcome")))


def filter_by_outcome(applications, outcome: str | None):
    """Applications whose effective outcome is `outcome` (None: not screened), as semi-joins the database can index.

    Same meaning as `with_screening(...).filter(effective_outcome=...)`, without a correlated subquery per row.
    """
    overridden = Override.objects.values("application_id")
    if outcome is None:
        screened = ScreeningResult.objects.filter(is_current=True).values("application_id")
        return applications.exclude(pk__in=screened).exclude(pk__in=overridden)
    latest = Override.objects.filter(application=OuterRef("application_id")).order_by("-decided_at", "-pk")
    decided = (
        Override.objects.annotate(latest_pk=Subquery(latest.values("pk")[:1]))
        .filter(pk=F("latest_pk"), outcome=outcome)
        .values("application_id")
    )
    by_rules = ScreeningResult.objects.filter(is_current=True, outcome=outcome).values("application_id")
    return applications.filter(Q(pk__in=decided) | (Q(pk__in=by_rules) & ~Q(pk__in=overridden)))


def filter_by_failed_rule(applications, rule: str):
    """Applications whose current result fails `rule` (a semi-join on the stored "|rule|rule|" list)."""
    failed = ScreeningResult.objects.filter(is_current=True, failing_rules__contains=f"|{rule}|")
    return applications.filter(pk__in=failed.values("application_id"))


def effective_outcome(application) -> str | None:
    """HR's latest decision if any, else the current result of the rules (None: not screened)."""
    override = Override.objects.filter(application=application).order_by("-decided_at", "-pk").first()
    if override is not None:
        return override.outcome
    return (
        ScreeningResult.objects.filter(application=application, is_current=True)
        .values_list("outcome", flat=True)
        .first()
    )
