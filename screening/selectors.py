"""Reads for HR: applications with their current screening outcome and HR's override."""

from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce

from .models import Override, ScreeningResult


def with_screening(applications):
    """Annotate screening_outcome, screening_points, override_outcome and effective_outcome in one query."""
    current = ScreeningResult.objects.filter(application=OuterRef("pk"), is_current=True)
    latest_override = Override.objects.filter(application=OuterRef("pk")).order_by("-decided_at", "-pk")
    return applications.annotate(
        screening_outcome=Subquery(current.values("outcome")[:1]),
        screening_points=Subquery(current.values("points")[:1]),
        override_outcome=Subquery(latest_override.values("outcome")[:1]),
    ).annotate(effective_outcome=Coalesce(F("override_outcome"), F("screening_outcome")))
