"""HR's screening work: runs over many applications, overrides, shortlists and publishing the outcome."""

import logging
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from myipo_recruit.background import dispatch_after_commit
from outbox.services import email_queue
from vacancies.models import Advertisement, Post

from . import rules
from .models import ExportJob, Outcome, Override, ScreeningResult, ScreeningRun, Shortlist, ShortlistEntry
from .selectors import with_screening
from .tasks import export_shortlist_pdf, screen_advertisement

logger = logging.getLogger(__name__)

CHUNK = 2000

error_messages = {
    "reason_required": _("Give the reason for overriding the rules."),
    "interview_details": _("Set the interview date, time and venue before publishing the outcome."),
    "not_eligible": _("Only a submitted application to this post can be shortlisted."),
}


class ScreeningError(ValidationError):
    def __init__(self, code: str):
        super().__init__(error_messages[code], code=code)


def rule_list(results, outcome: str) -> str:
    names = [result.rule for result in results if result.outcome == outcome]
    return f"|{'|'.join(names)}|" if names else ""


def results_for(application_rows: list[dict], requirements: dict[int, rules.Requirements], run: ScreeningRun):
    """Evaluate the rules for a chunk of applications; reasons rendered once per language."""
    evaluated = [
        (row["id"], *rules.evaluate(rules.Facts.from_snapshot(row["snapshot"]), requirements[row["post_id"]]))
        for row in application_rows
    ]
    reasons = {}
    for language in ("ms", "en"):
        with translation.override(language):
            reasons[language] = [[result.reason() for result in results] for _id, _o, _p, results in evaluated]
    return [
        ScreeningResult(
            application_id=application_id,
            run=run,
            outcome=outcome,
            points=points,
            failing_rules=rule_list(results, rules.FAIL),
            review_rules=rule_list(results, rules.REVIEW),
            rules=[
                {"rule": result.rule, "outcome": result.outcome, "reason_ms": ms, "reason_en": en}
                for result, ms, en in zip(results, reasons["ms"][index], reasons["en"][index], strict=True)
            ],
        )
        for index, (application_id, outcome, points, results) in enumerate(evaluated)
    ]


def screening_run(*, applications, scope: str, run_by=None, run: ScreeningRun | None = None) -> ScreeningRun:
    """Screen submitted applications against the rules; each keeps one current result and its history.

    Works in chunks with bulk writes so that a campaign of 100,000 applications is a few hundred queries.
    With `run`, the results go into that (queued) run, which ends done.
    """
    applications = applications.submitted()
    posts = {
        post.pk: rules.Requirements.for_post(post)
        for post in Post.objects.filter(pk__in=applications.values("post_id")).select_related("advertisement")
    }
    with transaction.atomic():
        if run is None:
            run = ScreeningRun.objects.create(scope=scope[:200], rules_version=rules.RULES_VERSION, started_by=run_by)
        count = 0
        ids = list(applications.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            rows = list(Application.objects.filter(pk__in=chunk).values("id", "post_id", "snapshot"))
            ScreeningResult.objects.filter(application_id__in=chunk, is_current=True).update(is_current=False)
            ScreeningResult.objects.bulk_create(results_for(rows, posts, run), batch_size=CHUNK)
            count += len(rows)
        run.application_count, run.rules_version = count, rules.RULES_VERSION
        run.status, run.finished_at = ScreeningRun.Status.DONE, timezone.now()
        run.save(update_fields=["application_count", "rules_version", "status", "finished_at"])
    logger.info("Screening run %s: %s applications (%s)", run.pk, count, scope)
    return run


def advertisement_screening_queue(*, advertisement: Advertisement, run_by) -> ScreeningRun:
    """Have a worker screen a whole advertisement; HR follows the queued run's state in the admin."""
    run = ScreeningRun.objects.create(
        scope=str(advertisement)[:200],
        rules_version=rules.RULES_VERSION,
        started_by=run_by,
        advertisement=advertisement,
        status=ScreeningRun.Status.QUEUED,
    )
    dispatch_after_commit(screen_advertisement, run.pk)
    return run


def advertisement_screening_do(*, run_id: int) -> ScreeningRun | None:
    """Do a queued run (in a worker). A second delivery of the same message, or a run already taken, does nothing."""
    if not ScreeningRun.objects.filter(pk=run_id, status=ScreeningRun.Status.QUEUED).update(
        status=ScreeningRun.Status.RUNNING
    ):
        return None
    run = ScreeningRun.objects.select_related("started_by").get(pk=run_id)
    try:
        return screening_run(
            applications=Application.objects.filter(post__advertisement_id=run.advertisement_id),
            scope=run.scope,
            run_by=run.started_by,
            run=run,
        )
    except Exception as error:
        logger.exception("Screening run %s failed", run_id)
        ScreeningRun.objects.filter(pk=run_id).update(
            status=ScreeningRun.Status.FAILED,
            error=f"{type(error).__name__}: {error}"[:300],
            finished_at=timezone.now(),
        )
        return None


def override_set(*, application: Application, outcome: str, reason: str, decided_by) -> Override:
    """HR marks an application eligible or not against the rules, with a reason that is kept."""
    if not (reason or "").strip():
        raise ScreeningError("reason_required")
    override = Override(application=application, outcome=outcome, reason=reason.strip(), decided_by=decided_by)
    override.full_clean()
    override.save()
    logger.info("Override on application %s by user %s: %s", application.pk, decided_by.pk, outcome)
    return override


def shortlist_for(post: Post) -> Shortlist:
    shortlist, _created = Shortlist.objects.get_or_create(post=post)
    return shortlist


@transaction.atomic
def shortlist_build(*, post: Post, built_by) -> tuple[Shortlist, int]:
    """Add every eligible application of the post (rules or HR override) not already on the shortlist."""
    shortlist = shortlist_for(post)
    on_list = shortlist.entries.filter(removed_at__isnull=True).values("application_id")
    eligible = (
        with_screening(Application.objects.submitted().filter(post=post))
        .filter(effective_outcome=Outcome.PASS)
        .exclude(pk__in=on_list)
        .values_list("pk", "screening_points")
    )
    entries = [
        ShortlistEntry(shortlist=shortlist, application_id=pk, points=points or 0, added_by=built_by)
        for pk, points in eligible
    ]
    ShortlistEntry.objects.bulk_create(entries)
    logger.info("Shortlist of post %s: %s added by user %s", post.pk, len(entries), built_by.pk)
    return shortlist, len(entries)


def shortlist_add(*, shortlist: Shortlist, application: Application, added_by, note: str = "") -> ShortlistEntry:
    if application.post_id != shortlist.post_id or not application.is_submitted:
        raise ScreeningError("not_eligible")
    existing = shortlist.entries.filter(application=application, removed_at__isnull=True).first()
    if existing:
        return existing
    points = application.screening_results.current().values_list("points", flat=True).first() or 0
    return ShortlistEntry.objects.create(
        shortlist=shortlist, application=application, points=points, note=note, added_by=added_by
    )


def shortlist_remove(*, entry: ShortlistEntry, removed_by) -> ShortlistEntry:
    if entry.removed_at is None:
        entry.removed_at, entry.removed_by = timezone.now(), removed_by
        entry.save(update_fields=["removed_at", "removed_by"])
    return entry


def shortlist_publish(*, shortlist: Shortlist, published_by) -> int:
    """Publish the outcome: statuses change for candidates, and the newly shortlisted are owed an invitation.

    The invitations are written to the outbox in the same transaction as the publication: a broker or mail
    relay that fails afterwards delays them, never loses them. Returns how many invitations were owed.
    """
    if not shortlist.interview_at or not shortlist.interview_venue:
        raise ScreeningError("interview_details")
    with transaction.atomic():
        shortlist = Shortlist.objects.select_for_update().get(pk=shortlist.pk)
        active = shortlist.entries.filter(removed_at__isnull=True)
        chosen = active.values("application_id")
        submitted = Application.objects.submitted().filter(post_id=shortlist.post_id)
        submitted.filter(pk__in=chosen).update(status=Application.Status.SHORTLISTED)
        submitted.exclude(pk__in=chosen).update(status=Application.Status.NOT_SHORTLISTED)
        to_invite = list(active.filter(invited_at__isnull=True).select_related("application__candidate"))
        active.filter(pk__in=[entry.pk for entry in to_invite]).update(invited_at=timezone.now())
        shortlist.published_at, shortlist.published_by = timezone.now(), published_by
        shortlist.save(update_fields=["published_at", "published_by"])
        for entry in to_invite:
            email_queue(
                kind="invitation",
                to=entry.application.candidate.email,
                key=f"invitation:{entry.pk}",
                context={"entry_id": entry.pk},
                reference=entry.application.reference or "",
                language=settings.LANGUAGE_CODE,  # in Malay, whatever language HR's screen is in
            )
    return len(to_invite)


def shortlist_interview_change(*, shortlist: Shortlist, changed_by) -> int:
    """Save new interview details; once the outcome is published, each invited candidate is told by e-mail.

    Returns how many candidates are owed the notice.
    """
    shortlist.full_clean(exclude=["post", "published_at", "published_by"])
    with transaction.atomic():
        stored = Shortlist.objects.select_for_update().get(pk=shortlist.pk)
        stored.interview_at, stored.interview_venue = shortlist.interview_at, shortlist.interview_venue
        stored.save(update_fields=["interview_at", "interview_venue"])
        if not stored.published_at:
            return 0
        invited = list(
            shortlist.entries.filter(removed_at__isnull=True, invited_at__isnull=False).select_related(
                "application__candidate"
            )
        )
        change = uuid.uuid4().hex
        for entry in invited:
            email_queue(
                kind="interview_changed",
                to=entry.application.candidate.email,
                key=f"interview_changed:{entry.pk}:{change}",
                context={"entry_id": entry.pk},
                reference=entry.application.reference or "",
                language=settings.LANGUAGE_CODE,  # in Malay, whatever language HR's screen is in
            )
    logger.info("Interview details of shortlist %s changed by user %s", shortlist.pk, changed_by.pk)
    return len(invited)


def export_request(*, shortlist: Shortlist, requested_by) -> ExportJob:
    """Ask a worker for the shortlist PDF; HR follows the job's state in the admin."""
    job = ExportJob.objects.create(shortlist=shortlist, requested_by=requested_by)
    dispatch_after_commit(export_shortlist_pdf, job.pk)
    return job
