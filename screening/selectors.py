"""Reads for HR: applications with their current screening outcome and HR's override."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from applications.models import Application

from .models import Override, ScreeningResult, Shortlist


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


@dataclass(frozen=True)
class Stage:
    """A stage of an application as the candidate follows it: done, current or still to come, with its date."""

    name: str
    title: Promise
    state: str  # "done", "current" or "upcoming"
    when: dt.datetime | dt.date | None = None
    detail: Promise | str = ""


DONE, CURRENT, UPCOMING = "done", "current", "upcoming"


def application_timeline(application, now: dt.datetime | None = None) -> list[Stage]:
    """Received, under review after the closing date, then the outcome once HR publishes it (or withdrawn).

    Only shortlisted candidates are contacted (the advertisement says so); the others read the outcome here.
    """
    now = now or timezone.now()
    advertisement = application.post.advertisement
    stages = [Stage("received", _("Application received"), DONE, application.submitted_at)]
    if application.amended_at:
        stages.append(Stage("amended", _("Amended"), DONE, application.amended_at))
    if application.status == Application.Status.WITHDRAWN:
        return [*stages, Stage("withdrawn", _("Withdrawn"), DONE, application.withdrawn_at)]
    shortlist = Shortlist.objects.filter(post_id=application.post_id, published_at__isnull=False).first()
    published = shortlist is not None and application.status in {
        Application.Status.SHORTLISTED,
        Application.Status.NOT_SHORTLISTED,
    }
    closed = not advertisement.is_open(now)
    review_state = DONE if published else CURRENT if closed else UPCOMING
    stages.append(
        Stage(
            "review",
            _("Under review"),
            review_state,
            advertisement.closes_at if closed else None,
            _("HR screens the applications after the closing date, %(date)s.")
            % {"date": date_format(advertisement.closes_on, "j F Y")},
        )
    )
    if not published:
        return [
            *stages,
            Stage(
                "outcome",
                _("Result"),
                UPCOMING,
                None,
                _(
                    "Only shortlisted candidates are contacted for an interview; the result is shown here once "
                    "published."
                ),
            ),
        ]
    if application.status == Application.Status.SHORTLISTED:
        detail = _("Interview on %(when)s at %(venue)s.") % {
            "when": date_format(timezone.localtime(shortlist.interview_at), "j F Y, H:i"),
            "venue": shortlist.interview_venue,
        }
        return [
            *stages,
            Stage("shortlisted", _("Shortlisted and invited to an interview"), DONE, shortlist.published_at, detail),
        ]
    return [
        *stages,
        Stage(
            "not_shortlisted",
            _("Not shortlisted"),
            DONE,
            shortlist.published_at,
            _("Thank you for applying. You may apply for other posts."),
        ),
    ]
