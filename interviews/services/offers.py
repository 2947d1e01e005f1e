"""HR's work after the ranking: the selection paper, the meeting's decision, offers and the reserve list, and
closing the post. Each service records its own audit event, inside its own transaction."""

import datetime as dt
import logging
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.services import Action, audit_record
from myipo_recruit.dates import local_datetime_short, within_reach
from outbox.services import email_queue
from screening.models import REASON_MIN_LENGTH

from ..models import Offer, OfferNumber, Selection, SelectionEntry
from ..selectors import open_vacancies, reserve_next

logger = logging.getLogger(__name__)

OFFER_REFERENCE = "MyIPO/TWR/{year}/{number:04d}"

error_messages = {
    "not_proposed": _("The candidates have not been ranked yet: there is no proposal to decide on."),
    "already_decided": _(
        "The meeting's decision was already recorded on %(date)s by %(by)s; it cannot be recorded twice."
    ),
    "meeting_required": _("Give the name of the management meeting and its date."),
    "meeting_future": _("The meeting date cannot be in the future."),
    "date_out_of_reach": _("A date must be within two years of today: check the year."),
    "no_changes": _("Approved with changes: change the decision of at least one candidate."),
    "changes_not_allowed": _("Approved as proposed: the decisions are the proposal's; choose approved with changes."),
    "reason_required": _("Give the reason for the changes (at least %(limit)s characters)."),
    "unknown_candidate": _("A candidate changed is not in this post's ranking."),
    "too_many_selected": _("%(count)s candidates selected for %(vacancies)s vacancies: select at most %(vacancies)s."),
    "reserve_order": _("Give each candidate on the reserve list a different place, 1, 2, 3…"),
    "not_decided": _("The management meeting's decision has not been recorded yet."),
    "not_approved": _("Only a candidate the meeting approved (selected) can be sent an offer."),
    "entry_removed": _("The candidate is no longer on the shortlist."),
    "post_closed": _("The recruitment of this post is closed."),
    "offer_exists": _("This candidate already has an offer that stands (%(reference)s)."),
    "offer_ended": _(
        "This candidate declined or did not answer an earlier offer (%(reference)s): offer the post to the next "
        "on the reserve list instead."
    ),
    "salary_range": _("The salary must be within the grade's scale, RM%(min)s to RM%(max)s."),
    "respond_by_past": _("The deadline to answer must be in the future."),
    "report_before_answer": _("The reporting date must be after the deadline to answer."),
    "report_place": _("Give the reporting place."),
    "offer_answered": _("This offer was already answered or is no longer open."),
    "offer_expired": _("The deadline to answer this offer has passed."),
    "no_vacancy": _("No vacancy of this post is waiting to be filled again."),
    "reserve_exhausted": _("The reserve list is exhausted: no candidate is left to offer the post to."),
    "already_closed": _("This post was already closed."),
    "offers_outstanding": _("%(count)s offer(s) still await the candidate's answer: close the post after they answer."),
}


class SelectionError(ValidationError):
    def __init__(self, code: str, **params):
        super().__init__(error_messages[code], code=code, params=params or None)


def selection_paper_pdf(*, selection: Selection, generated_by) -> tuple[str, str, bytes]:
    """The selection paper (kertas pertimbangan pelantikan) of a post, rendered now (recorded)."""
    from ..pdf import selection_paper_render

    filename, content_type, content = selection_paper_render(selection, generated_by=generated_by)
    audit_record(action=Action.EXPORT_PDF, actor=generated_by, target=selection, detail=filename)
    return filename, content_type, content


@transaction.atomic
def selection_decide(
    *,
    selection: Selection,
    decision: str,
    meeting: str,
    meeting_on: dt.date,
    decided_by,
    changes: dict[int, tuple[str, int | None]] | None = None,
    reason: str = "",
    now: dt.datetime | None = None,
) -> Selection:
    """Record the management meeting's decision once: as proposed, or with changes (each candidate's final category
    and place on the reserve list) and a reason. The final category of every ranked candidate is written."""
    now = now or timezone.now()
    changes = changes or {}
    selection = Selection.objects.select_for_update().get(pk=selection.pk)
    if selection.proposed_at is None:
        raise SelectionError("not_proposed")
    if selection.decision:
        raise SelectionError(
            "already_decided",
            date=local_datetime_short(selection.decided_at),
            by=selection.decided_by,
        )
    if not meeting.strip() or meeting_on is None:
        raise SelectionError("meeting_required")
    if meeting_on > timezone.localdate(now):
        raise SelectionError("meeting_future")
    if not within_reach(meeting_on, now):
        raise SelectionError("date_out_of_reach")
    entries = {entry.pk: entry for entry in selection.entries.select_related("slot__entry__application")}
    Category = SelectionEntry.Category
    if decision == Selection.Decision.APPROVED:
        if changes:
            raise SelectionError("changes_not_allowed")
        finals = {pk: (entry.proposed, entry.reserve_position) for pk, entry in entries.items()}
    elif decision == Selection.Decision.CHANGED:
        if len(reason.strip()) < REASON_MIN_LENGTH:
            raise SelectionError("reason_required", limit=REASON_MIN_LENGTH)
        if set(changes) - set(entries):
            raise SelectionError("unknown_candidate")
        finals = {pk: changes.get(pk, (entry.proposed, entry.reserve_position)) for pk, entry in entries.items()}
        if all(finals[pk] == (entry.proposed, entry.reserve_position) for pk, entry in entries.items()):
            raise SelectionError("no_changes")
    else:
        raise ValueError(f"Unknown decision {decision!r}")
    selected = sum(1 for category, _position in finals.values() if category == Category.SELECTED)
    if selected > selection.vacancies:
        raise SelectionError("too_many_selected", count=selected, vacancies=selection.vacancies)
    places = [position for category, position in finals.values() if category == Category.RESERVE]
    if None in places or len(set(places)) != len(places):
        raise SelectionError("reserve_order")
    # The reserve list in the order decided, numbered 1, 2, 3… whatever numbers HR typed.
    order = sorted((position, pk) for pk, (category, position) in finals.items() if category == Category.RESERVE)
    places_decided = {pk: place for place, (_position, pk) in enumerate(order, start=1)}
    for pk, entry in entries.items():
        entry.final = finals[pk][0]
        entry.final_reserve_position = places_decided.get(pk)
    SelectionEntry.objects.bulk_update(entries.values(), ["final", "final_reserve_position"])
    selection.decision = decision
    selection.meeting = meeting.strip()
    selection.meeting_on = meeting_on
    selection.decision_reason = reason.strip()
    selection.decided_by = decided_by
    selection.decided_at = now
    selection.full_clean()
    selection.save()
    audit_record(
        action=Action.MEETING_DECISION,
        actor=decided_by,
        target=selection,
        detail=_("%(decision)s at %(meeting)s (%(date)s): %(selected)s selected, %(reserve)s on the reserve list."),
        params={
            "decision": selection.get_decision_display(),
            "meeting": selection.meeting,
            "date": meeting_on.strftime("%d/%m/%Y"),
            "selected": selected,
            "reserve": len(order),
        },
    )
    for pk in changes:
        entry = entries[pk]
        if (entry.final, entry.final_reserve_position) == (entry.proposed, entry.reserve_position):
            continue
        audit_record(
            action=Action.MEETING_DECISION,
            actor=decided_by,
            target=entry.slot.entry.application,
            detail=_("Changed by the meeting: %(proposed)s → %(final)s. Reason: %(reason)s"),
            params={
                "proposed": proposal_label(entry.proposed, entry.reserve_position),
                "final": proposal_label(entry.final, entry.final_reserve_position),
                "reason": selection.decision_reason,
            },
        )
    return selection


def proposal_label(category: str, position: int | None) -> str:
    label = str(SelectionEntry.Category(category).label) if category else "—"
    return f"{label} {position}" if category == SelectionEntry.Category.RESERVE and position else label


def offer_reference_next(*, year: int) -> str:
    """The next letter reference of the year; the counter's row is locked until the offer is committed, so two
    offers sent at once never get the same number."""
    OfferNumber.objects.get_or_create(year=year)
    OfferNumber.objects.filter(year=year).update(last=F("last") + 1)
    number = OfferNumber.objects.select_for_update().values_list("last", flat=True).get(year=year)
    return OFFER_REFERENCE.format(year=year, number=number)


@transaction.atomic
def offer_send(
    *,
    entry: SelectionEntry,
    salary: Decimal,
    contract_months: int,
    report_at: dt.datetime,
    report_place: str,
    respond_by: dt.datetime,
    sent_by,
    base_url: str = "",
    now: dt.datetime | None = None,
) -> Offer:
    """Send an offer of appointment to a candidate the meeting approved: the letter (PDF) is e-mailed in the
    candidate's language, with a link to answer it in the account."""
    now = now or timezone.now()
    entry = (
        SelectionEntry.objects.select_for_update(of=("self",))
        .select_related("selection__post__grade", "slot__entry__application__candidate")
        .get(pk=entry.pk)
    )
    selection = entry.selection
    if not selection.decision:
        raise SelectionError("not_decided")
    if selection.closed_at:
        raise SelectionError("post_closed")
    if entry.final != SelectionEntry.Category.SELECTED:
        raise SelectionError("not_approved")
    if entry.slot.entry.removed_at:
        raise SelectionError("entry_removed")
    for earlier in entry.offers.all():
        if earlier.status in {Offer.Status.SENT, Offer.Status.ACCEPTED}:
            raise SelectionError("offer_exists", reference=earlier.reference)
        if earlier.status in {Offer.Status.DECLINED, Offer.Status.LAPSED}:
            raise SelectionError("offer_ended", reference=earlier.reference)
    grade = selection.post.grade
    if salary is None or not grade.salary_min <= salary <= grade.salary_max:
        raise SelectionError("salary_range", min=f"{grade.salary_min:,.2f}", max=f"{grade.salary_max:,.2f}")
    if respond_by <= now:
        raise SelectionError("respond_by_past")
    if not (within_reach(respond_by, now) and within_reach(report_at, now)):
        raise SelectionError("date_out_of_reach")
    if report_at <= respond_by:
        raise SelectionError("report_before_answer")
    if not report_place.strip():
        raise SelectionError("report_place")
    offer = Offer(
        selection_entry=entry,
        reference=offer_reference_next(year=timezone.localdate(now).year),
        salary=salary,
        contract_months=contract_months,
        report_at=report_at,
        report_place=report_place.strip(),
        respond_by=respond_by,
        sent_by=sent_by,
    )
    offer.full_clean()
    try:
        with transaction.atomic():
            offer.save()
    except IntegrityError as error:  # another offer to the same candidate committed meanwhile
        raise SelectionError("offer_exists", reference="") from error
    application = entry.slot.entry.application
    email_queue(
        kind="offer",
        to=application.candidate.email,
        key=f"offer:{offer.pk}",
        context={"offer_id": offer.pk, "base_url": base_url},
        reference=application.reference or "",
        language=application.language,
    )
    audit_record(
        action=Action.OFFER_SEND,
        actor=sent_by,
        target=offer,
        detail=_("Offer %(reference)s to %(application)s: RM%(salary)s a month, %(months)s months."),
        params={
            "reference": offer.reference,
            "application": application.reference,
            "salary": f"{salary:,.2f}",
            "months": contract_months,
        },
    )
    return offer


@transaction.atomic
def offer_respond(*, offer: Offer, candidate, accept: bool, note: str = "", now: dt.datetime | None = None) -> Offer:
    """The candidate's answer to their offer, until its deadline; the time is recorded."""
    now = now or timezone.now()
    offer = (
        Offer.objects.select_for_update(of=("self",))
        .select_related("selection_entry__slot__entry")
        .get(pk=offer.pk, selection_entry__slot__entry__application__candidate=candidate)
    )
    if offer.selection_entry.slot.entry.removed_at:
        raise SelectionError("entry_removed")
    if offer.status != Offer.Status.SENT:
        raise SelectionError("offer_answered")
    if now > offer.respond_by:
        raise SelectionError("offer_expired")
    offer.status = Offer.Status.ACCEPTED if accept else Offer.Status.DECLINED
    offer.responded_at = now
    offer.response_note = note.strip()[:500]
    offer.save(update_fields=["status", "responded_at", "response_note"])
    audit_record(
        action=Action.OFFER_RESPONSE,
        actor=candidate,
        target=offer,
        detail=_("Offer %(reference)s: %(status)s."),
        params={"reference": offer.reference, "status": offer.get_status_display()},
    )
    return offer


def offers_lapse(*, now: dt.datetime | None = None) -> int:
    """Mark the offers still unanswered past their deadline as lapsed (the post then goes down the reserve list)."""
    now = now or timezone.now()
    with transaction.atomic():
        offers = list(
            Offer.objects.select_for_update(skip_locked=True).filter(status=Offer.Status.SENT, respond_by__lt=now)
        )
        if not offers:
            return 0
        Offer.objects.filter(pk__in=[offer.pk for offer in offers]).update(status=Offer.Status.LAPSED)
        audit_record(
            action=Action.OFFER_LAPSE,
            targets=offers,
            detail=_("No answer by the deadline: the offer lapsed."),
            params={},
        )
    logger.info("%s offer(s) lapsed", len(offers))
    return len(offers)


@transaction.atomic
def reserve_promote(*, selection: Selection, promoted_by) -> SelectionEntry:
    """Offer a vacancy left by a decline or a lapse to the next on the reserve list, in order (HR confirms)."""
    selection = Selection.objects.select_for_update().get(pk=selection.pk)
    if not selection.decision:
        raise SelectionError("not_decided")
    if selection.closed_at:
        raise SelectionError("post_closed")
    if open_vacancies(selection) <= 0:
        raise SelectionError("no_vacancy")
    entry = reserve_next(selection)
    if entry is None:
        raise SelectionError("reserve_exhausted")
    place = entry.final_reserve_position
    entry.final = SelectionEntry.Category.SELECTED
    entry.save(update_fields=["final"])
    audit_record(
        action=Action.RESERVE_PROMOTE,
        actor=promoted_by,
        target=entry.slot.entry.application,
        detail=_("%(post)s: number %(place)s on the reserve list is now selected, to be sent an offer."),
        params={"post": selection.post, "place": place},
    )
    return entry


@transaction.atomic
def post_close(*, selection: Selection, closed_by, now: dt.datetime | None = None) -> Selection:
    """Close a post's recruitment: the candidates not appointed then read "not successful" in their account
    (no e-mail: the advertisement promises to contact only the shortlisted)."""
    selection = Selection.objects.select_for_update().get(pk=selection.pk)
    if selection.closed_at:
        raise SelectionError("already_closed")
    if not selection.decision:
        raise SelectionError("not_decided")
    waiting = Offer.objects.filter(selection_entry__selection=selection, status=Offer.Status.SENT).count()
    if waiting:
        raise SelectionError("offers_outstanding", count=waiting)
    selection.closed_at = now or timezone.now()
    selection.closed_by = closed_by
    selection.save(update_fields=["closed_at", "closed_by"])
    audit_record(action=Action.POST_CLOSE, actor=closed_by, target=selection, detail=_("Post closed."), params={})
    return selection
