"""Reads for HR: applications with their current screening outcome and HR's override, and what publishing
a shortlist would do."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from myipo_recruit.dates import local_datetime

from .models import Override, ScreeningResult, Shortlist

# Why a shortlist cannot be published yet; the confirmation page shows them and shortlist_publish refuses.
PUBLICATION_REFUSALS = {
    "shortlist_empty": _(
        "The shortlist is empty: nobody would be invited and every applicant would be marked not shortlisted."
    ),
    "interview_details": _("Set the interview date, time and venue before publishing the outcome."),
    "interview_past": _("The interview date and time has already passed: set a date in the future."),
    "advertisement_open": _(
        "The advertisement has not closed yet: applications may arrive until the end of its closing date."
    ),
}


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


@dataclass
class PublicationSummary:
    """What publishing a shortlist would do, and why it cannot be done yet (codes of PUBLICATION_REFUSALS)."""

    shortlist: Shortlist
    to_invite: int  # on the shortlist, not invited yet: they get an invitation by e-mail
    already_invited: int  # invited by an earlier publication: no new e-mail
    not_shortlisted: int  # every other submitted application: marked not shortlisted and not contacted
    refusals: list[str] = field(default_factory=list)

    @property
    def allowed(self) -> bool:
        return not self.refusals

    @property
    def refusal_messages(self) -> list[str]:
        return [PUBLICATION_REFUSALS[code] for code in self.refusals]


def publication_refusals(
    shortlist: Shortlist, *, on_list: int, now: dt.datetime | None = None, interview_details_needed: bool = True
) -> list[str]:
    """Why the shortlist cannot be published; without `interview_details_needed` (the interviews are planned in
    sessions by a higher app) the shortlist's own date and venue are not asked for."""
    now = now or timezone.now()
    refusals = []
    if on_list == 0:
        refusals.append("shortlist_empty")
    if interview_details_needed and (not shortlist.interview_at or not shortlist.interview_venue.strip()):
        refusals.append("interview_details")
    if interview_details_needed and shortlist.interview_at and shortlist.interview_at <= now:
        refusals.append("interview_past")
    if now < shortlist.post.advertisement.closes_at:
        refusals.append("advertisement_open")
    return refusals


def publication_summary(
    shortlist: Shortlist, *, now: dt.datetime | None = None, interview_details_needed: bool = True
) -> PublicationSummary:
    """Count who would be invited, who was already, and who would be marked not shortlisted (three queries)."""
    active = shortlist.entries.filter(removed_at__isnull=True)
    counts = active.aggregate(on_list=Count("pk"), invited=Count("pk", filter=Q(invited_at__isnull=False)))
    others = (
        Application.objects.submitted()
        .filter(post_id=shortlist.post_id)
        .exclude(pk__in=active.values("application_id"))
        .count()
    )
    return PublicationSummary(
        shortlist=shortlist,
        to_invite=counts["on_list"] - counts["invited"],
        already_invited=counts["invited"],
        not_shortlisted=others,
        refusals=publication_refusals(
            shortlist, on_list=counts["on_list"], now=now, interview_details_needed=interview_details_needed
        ),
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
        if shortlist.interview_at:
            detail = _("Interview on %(when)s at %(venue)s.") % {
                "when": local_datetime(shortlist.interview_at),
                "venue": shortlist.interview_venue,
            }
        else:  # interview sessions: each candidate has a slot of their own, shown on the application's page
            detail = _("Your own interview slot, its place and the way to answer are shown on this page.")
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
