"""HR's screening work: runs over many applications, overrides, shortlists and publishing the outcome."""

import logging
from collections.abc import Callable

import orjson
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from audit.services import Action, audit_record
from myipo_recruit.background import dispatch_after_commit
from myipo_recruit.dates import spreadsheet_timestamp
from outbox.services import email_queue
from vacancies.models import Advertisement, Post

from . import rules
from .bulk import ResultPipeline, collection_paused
from .models import (
    REASON_MIN_LENGTH,
    ExportJob,
    InterviewChange,
    InterviewChangeNotice,
    Outcome,
    Override,
    ScreeningRun,
    Shortlist,
    ShortlistEntry,
)
from .pdf import application_render, shortlist_render
from .progress import RunProgress
from .reports import applications_csv, campaign_report, excel_csv, report_csv
from .selectors import PUBLICATION_REFUSALS, effective_outcome, publication_summary, with_screening
from .tasks import export_shortlist_pdf, screen_advertisement

logger = logging.getLogger(__name__)

CHUNK = 5000  # applications screened and written at a time

error_messages = {
    "reason_required": _("Give the reason for overriding the rules."),
    "reason_too_short": _("Say why in a few words: the reason must have at least %(limit)s characters."),
    "not_eligible": _("Only a submitted application to this post can be shortlisted."),
    "needs_decision": _(
        "%(name)s is not eligible under the rules (%(outcome)s). Record HR's decision with a reason to shortlist "
        "this candidate."
    ),
    "removal_reason": _(
        "Give the reason for removing the candidate from the shortlist (at least %(limit)s characters)."
    ),
    **PUBLICATION_REFUSALS,
}


class ScreeningError(ValidationError):
    def __init__(self, code: str, **params):
        super().__init__(error_messages[code], code=code, params=params or None)


def rule_list(results, outcome: str) -> str:
    names = [result.rule for result in results if result.outcome == outcome]
    return f"|{'|'.join(names)}|" if names else ""


def results_for(application_rows, requirements: dict[int, rules.Requirements], run: ScreeningRun) -> list[tuple]:
    """Evaluate the rules for a chunk of (id, post id, snapshot as JSON text) rows: result rows for ResultPipeline.

    Each rule's reason is kept as its message id and parameters, read in the viewer's language when shown.
    """
    rows = []
    for application_id, post_id, snapshot in application_rows:
        facts = rules.Facts.from_snapshot(orjson.loads(snapshot))
        outcome, points, results = rules.evaluate(facts, requirements[post_id])
        rows.append(
            (
                application_id,
                run.pk,
                True,
                outcome,
                points,
                [result.stored() for result in results],
                rule_list(results, rules.FAIL),
                rule_list(results, rules.REVIEW),
            )
        )
    return rows


def screening_run(*, applications, scope: str, run_by=None, run: ScreeningRun | None = None) -> ScreeningRun:
    """Screen submitted applications against the rules; each keeps one current result and its history.

    The applications are read and screened in chunks, each chunk's results written in one statement while the
    next chunk is screened, so that time grows with the count and memory does not. The results are written in one
    transaction: readers see the previous results until the run commits, and a run failing half-way leaves them
    current. With `run`, the results go into that (queued) run, which ends done; its progress is written as it
    goes (RunProgress).
    """
    applications = applications.submitted()
    posts = {
        post.pk: rules.Requirements.for_post(post)
        for post in Post.objects.filter(pk__in=applications.values("post_id")).select_related("advertisement")
    }
    total = applications.count()
    with transaction.atomic():
        watched = run  # a queued run, which HR follows; a run made here is unseen until it commits
        if run is None:
            run = ScreeningRun.objects.create(scope=scope[:200], rules_version=rules.RULES_VERSION, started_by=run_by)
        count = 0
        # The snapshot as text: it is decoded with the rest of the screening, while the database works.
        rows = applications.order_by("pk").values_list("id", "post_id", Cast("snapshot", TextField()))
        with (
            RunProgress(watched, total) as progress,
            ResultPipeline(rows, CHUNK) as pipeline,
            collection_paused(),
        ):
            for chunk in pipeline.chunks():
                # The chunk's current results become history as its new ones are written, in this transaction.
                ids = [application_id for application_id, _post, _snapshot in chunk]
                pipeline.write(ids, results_for(chunk, posts, run))
                count += len(chunk)
                progress.advance(pipeline.written)
        run.application_count, run.rules_version = count, rules.RULES_VERSION
        run.progress_done = run.progress_total = count
        run.status, run.finished_at = ScreeningRun.Status.DONE, timezone.now()
        run.save(
            update_fields=[
                "application_count",
                "rules_version",
                "progress_done",
                "progress_total",
                "status",
                "finished_at",
            ]
        )
        audit_record(action=Action.SCREENING_RUN, actor=run_by, detail=f"{run.scope}: {count}")
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


@transaction.atomic
def override_set(*, application: Application, outcome: str, reason: str, decided_by) -> Override:
    """HR marks an application eligible or not against the rules, with a reason that is kept (and says something)."""
    reason = (reason or "").strip()
    if not reason:
        raise ScreeningError("reason_required")
    if len(reason) < REASON_MIN_LENGTH:
        raise ScreeningError("reason_too_short", limit=REASON_MIN_LENGTH)
    override = Override(application=application, outcome=outcome, reason=reason, decided_by=decided_by)
    override.full_clean()
    override.save()
    audit_record(action=Action.OVERRIDE, actor=decided_by, target=application, detail=f"{outcome}: {reason}")
    if outcome == Outcome.FAIL:  # not eligible any more: off every shortlist it is on, with HR's reason
        for entry in ShortlistEntry.objects.filter(application=application, removed_at__isnull=True):
            shortlist_remove(entry=entry, removed_by=decided_by, reason=reason)
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
    audit_record(action=Action.SHORTLIST_BUILD, actor=built_by, detail=f"{post}: +{len(entries)}")
    logger.info("Shortlist of post %s: %s added by user %s", post.pk, len(entries), built_by.pk)
    return shortlist, len(entries)


@transaction.atomic
def shortlist_add(
    *, shortlist: Shortlist, application: Application, added_by, note: str = "", decision_reason: str = ""
) -> ShortlistEntry:
    """Put an application on its post's shortlist: an eligible one, or another with HR's decision and reason.

    A candidate the rules found not eligible (or to review, or not screened) needs a recorded decision:
    with `decision_reason` it is recorded as an override to eligible in the same step; without, refused.
    """
    if application.post_id != shortlist.post_id or not application.is_submitted:
        raise ScreeningError("not_eligible")
    existing = shortlist.entries.filter(application=application, removed_at__isnull=True).first()
    if existing:
        return existing
    # An application from `with_screening` (the admin's list) carries its outcome and points: no query for them.
    annotated = "effective_outcome" in application.__dict__
    outcome = application.effective_outcome if annotated else effective_outcome(application)
    if outcome != Outcome.PASS:
        if not decision_reason.strip():
            label = Outcome(outcome).label if outcome else _("not screened")
            raise ScreeningError("needs_decision", name=application.full_name, outcome=label)
        override_set(application=application, outcome=Outcome.PASS, reason=decision_reason, decided_by=added_by)
    if annotated:
        points = application.screening_points or 0
    else:
        points = application.screening_results.current().values_list("points", flat=True).first() or 0
    entry = ShortlistEntry.objects.create(
        shortlist=shortlist, application=application, points=points, note=note, added_by=added_by
    )
    audit_record(action=Action.SHORTLIST_ADD, actor=added_by, target=application, detail=str(shortlist))
    return entry


def shortlist_remove(*, entry: ShortlistEntry, removed_by, reason: str) -> ShortlistEntry:
    """Take a candidate off the shortlist, with a reason that is kept.

    After publication the application goes back to "not shortlisted"; a candidate already invited is told
    by e-mail that the invitation is withdrawn (the reason stays with HR).
    """
    reason = (reason or "").strip()
    if len(reason) < REASON_MIN_LENGTH:
        raise ScreeningError("removal_reason", limit=REASON_MIN_LENGTH)
    with transaction.atomic():
        entry = (
            ShortlistEntry.objects.select_for_update(of=("self",))
            .select_related("shortlist__post", "application")
            .get(pk=entry.pk)
        )
        if entry.removed_at is not None:
            return entry
        entry.removed_at, entry.removed_by, entry.removal_reason = timezone.now(), removed_by, reason
        entry.save(update_fields=["removed_at", "removed_by", "removal_reason"])
        if entry.shortlist.published_at:
            Application.objects.filter(pk=entry.application_id, status=Application.Status.SHORTLISTED).update(
                status=Application.Status.NOT_SHORTLISTED
            )
        withdrawn = entry.invited_at is not None
        audit_record(
            action=Action.SHORTLIST_REMOVE,
            actor=removed_by,
            target=entry.application,
            detail=_("%(shortlist)s: %(reason)s (invitation withdrawn)")
            if withdrawn
            else _("%(shortlist)s: %(reason)s"),
            params={"shortlist": entry.shortlist, "reason": reason},
        )
        if withdrawn:
            email_queue(
                kind="withdrawal",
                to=entry.application.candidate.email,
                key=f"withdrawal:{entry.pk}",
                context={"entry_id": entry.pk},
                reference=entry.application.reference or "",
                language=entry.application.language,
            )
    return entry


def interview_details(interview_at, venue: str) -> str:
    """The interview for the audit trail: "2026-12-15 09:00, Aras 20" (Malaysian time)."""
    return f"{spreadsheet_timestamp(interview_at) or '—'}, {venue or '—'}"


def shortlist_interview_change(
    *, shortlist: Shortlist, interview_at, interview_venue: str, changed_by
) -> InterviewChange | None:
    """Set the interview's date, time and venue. After publication a change is recorded and every invited
    candidate still on the list is e-mailed the new details, once; None when nothing changed or before it."""
    venue = (interview_venue or "").strip()
    with transaction.atomic():
        shortlist = Shortlist.objects.select_for_update(of=("self",)).select_related("post").get(pk=shortlist.pk)
        old_at, old_venue = shortlist.interview_at, shortlist.interview_venue
        if (old_at, old_venue) == (interview_at, venue):
            return None
        if interview_at and interview_at != old_at and interview_at <= timezone.now():
            raise ScreeningError("interview_past")
        if shortlist.published_at and not (interview_at and venue):
            raise ScreeningError("interview_details")
        shortlist.interview_at, shortlist.interview_venue = interview_at, venue
        shortlist.full_clean()
        shortlist.save(update_fields=["interview_at", "interview_venue"])
        change, notices = None, []
        if shortlist.published_at:
            change = InterviewChange.objects.create(
                shortlist=shortlist,
                old_interview_at=old_at,
                new_interview_at=interview_at,
                old_venue=old_venue,
                new_venue=venue,
                changed_by=changed_by,
            )
            invited = shortlist.entries.filter(removed_at__isnull=True, invited_at__isnull=False).select_related(
                "application__candidate"
            )
            notices = InterviewChangeNotice.objects.bulk_create(
                [InterviewChangeNotice(change=change, entry=entry) for entry in invited]
            )
        audit_record(
            action=Action.INTERVIEW_CHANGE,
            actor=changed_by,
            target=shortlist,
            detail=f"{shortlist}: {interview_details(old_at, old_venue)} → {interview_details(interview_at, venue)}"
            + (f"; {len(notices)} invited candidate(s) told" if change else ""),
        )
        for notice in notices:
            email_queue(
                kind="interview_change",
                to=notice.entry.application.candidate.email,
                key=f"interview_change:{notice.pk}",
                context={"notice_id": notice.pk},
                reference=notice.entry.application.reference or "",
                language=notice.entry.application.language,
            )
    logger.info("Interview details of shortlist %s changed by user %s", shortlist.pk, changed_by.pk)
    return change


def shortlist_publish(
    *,
    shortlist: Shortlist,
    published_by,
    invite: Callable[[ShortlistEntry], None] | None = None,
    interview_details_needed: bool = True,
) -> int:
    """Publish the outcome: statuses change for candidates, and the newly shortlisted are invited by e-mail.

    Refused (ScreeningError) for an empty shortlist, missing or past interview details, or an advertisement
    still open. The first publication's stamp is kept; publishing again invites those added since.
    A caller that plans the interviews elsewhere (the interviews app's sessions) passes `invite`, which owes the
    invitation of one entry, and `interview_details_needed=False`: the shortlist's one date and venue are not used.
    """
    with transaction.atomic():
        shortlist = (
            Shortlist.objects.select_for_update(of=("self",)).select_related("post__advertisement").get(pk=shortlist.pk)
        )
        summary = publication_summary(shortlist, interview_details_needed=interview_details_needed)
        if summary.refusals:
            raise ScreeningError(summary.refusals[0])
        active = shortlist.entries.filter(removed_at__isnull=True)
        chosen = active.values("application_id")
        submitted = Application.objects.submitted().filter(post_id=shortlist.post_id)
        submitted.filter(pk__in=chosen).update(status=Application.Status.SHORTLISTED)
        submitted.exclude(pk__in=chosen).update(status=Application.Status.NOT_SHORTLISTED)
        to_invite = list(active.filter(invited_at__isnull=True).values_list("pk", flat=True))
        stamp = timezone.now()
        active.filter(pk__in=to_invite).update(invited_at=stamp)
        if shortlist.published_at is None:
            shortlist.published_at, shortlist.published_by = stamp, published_by
        shortlist.last_published_at, shortlist.last_published_by = stamp, published_by
        shortlist.save(update_fields=["published_at", "published_by", "last_published_at", "last_published_by"])
        audit_record(
            action=Action.PUBLISH,
            actor=published_by,
            target=shortlist,
            detail=_("%(shortlist)s: %(invited)s invited, %(others)s not shortlisted"),
            params={"shortlist": shortlist, "invited": len(to_invite), "others": summary.not_shortlisted},
        )
        for entry in active.filter(pk__in=to_invite).select_related("application__candidate"):
            if invite is not None:
                invite(entry)
                continue
            email_queue(
                kind="invitation",
                to=entry.application.candidate.email,
                key=f"invitation:{entry.pk}",
                context={"entry_id": entry.pk},
                reference=entry.application.reference or "",
                language=entry.application.language,
            )
    return len(to_invite)


@transaction.atomic
def export_request(*, shortlist: Shortlist, requested_by, kind: str = ExportJob.Kind.SHORTLIST) -> ExportJob:
    """Ask a worker for the shortlist PDF or the panel pack; HR follows the job's state and progress."""
    total = shortlist.entries.filter(removed_at__isnull=True).count() if kind == ExportJob.Kind.PANEL_PACK else 1
    job = ExportJob.objects.create(shortlist=shortlist, requested_by=requested_by, kind=kind, progress_total=total)
    audit_record(
        action=Action.EXPORT_PDF, actor=requested_by, target=shortlist, detail=f"{shortlist}: {job.get_kind_display()}"
    )
    dispatch_after_commit(export_shortlist_pdf, job.pk)
    return job


def export_open(*, job: ExportJob, opened_by):
    """The finished PDF of an export job, for HR to download (recorded)."""
    audit_record(action=Action.EXPORT_PDF, actor=opened_by, target=job.shortlist, detail=job.file.name)
    return job.file.open("rb")


def shortlist_pdf(*, shortlist: Shortlist, generated_by) -> tuple[str, str, bytes]:
    """The shortlist as a PDF, rendered now (recorded)."""
    filename, content_type, content = shortlist_render(shortlist, generated_by=generated_by)
    audit_record(action=Action.EXPORT_PDF, actor=generated_by, target=shortlist, detail=filename)
    return filename, content_type, content


def application_pdf(*, application: Application, generated_by) -> tuple[str, str, bytes]:
    """One application (BORANG) as a PDF for HR (recorded)."""
    filename, content_type, content = application_render(application, generated_by=generated_by)
    audit_record(action=Action.EXPORT_PDF, actor=generated_by, target=application, detail=filename)
    return filename, content_type, content


def applications_csv_export(*, applications, exported_by, filters: str = "") -> bytes:
    """Chosen applications as CSV for Excel, personal data masked (recorded)."""
    content = excel_csv(applications_csv(applications))
    audit_record(
        action=Action.EXPORT_CSV,
        actor=exported_by,
        detail=_("%(count)s application(s), filters: %(filters)s"),
        params={"count": applications.count(), "filters": filters[:300]},
    )
    return content


def campaign_report_csv(*, advertisement, exported_by) -> bytes:
    """The dashboard's figures of an advertisement as CSV for Excel (recorded)."""
    content = excel_csv(report_csv(campaign_report(advertisement)))
    audit_record(
        action=Action.EXPORT_CSV, actor=exported_by, target=advertisement, detail=_("dashboard figures"), params={}
    )
    return content
