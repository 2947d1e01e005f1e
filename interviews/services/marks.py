"""HR's and the panel's work after the shortlist: marking schemes, marks, attendance, the ranking.

Each act validates, writes in one transaction and records its own audit event.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import Document
from audit.services import Action, audit_record

from .. import marks as rules
from ..marking_sheets import marking_sheets_render
from ..models import Criterion, Mark, MarkChange, MarkingScheme, MarkSheet, PanelMember, Selection, SelectionEntry, Slot
from ..results import ranking_table

logger = logging.getLogger(__name__)

REASON_MIN_LENGTH = 10

error_messages = {
    **rules.error_messages,
    "scheme_fixed": _("The marking scheme of this post is fixed: it can no longer change."),
    "scheme_has_marks": _("Marks have been recorded against this marking scheme: it can no longer change."),
    "scheme_not_fixed": _(
        "The marking scheme of this post is not fixed yet: HR must fix it before marks can be recorded."
    ),
    "scheme_missing": _("This post has no marking scheme yet: HR must create and fix it before marks are recorded."),
    "source_empty": _("The marking scheme of %(post)s has no criteria to copy."),
    "not_on_panel": _("You are not on the panel of this candidate's session."),
    "member_not_on_panel": _("%(member)s is not on the panel of this candidate's session."),
    "not_attended": _(
        "HR has not recorded %(name)s as attended: marks can be recorded only for a candidate who attended."
    ),
    "removed": _("%(name)s was removed from the shortlist: marks can no longer be recorded or changed for them."),
    "sheet_locked": _("This marking sheet was submitted and is locked. Only HR can change a mark, with a reason."),
    "sheet_exists": _(
        "A marking sheet for this candidate was saved at the same moment by another request. Open it again: "
        "your marks were not saved."
    ),
    "sheet_not_submitted": _("This marking sheet is not submitted yet: its marks are changed on the sheet itself."),
    "change_reason": _("Give the reason for changing a submitted mark (at least %(limit)s characters)."),
    "change_same": _("The new mark is the same as the mark recorded."),
    "decided": _("The management meeting has decided on this post: the ranking and the marks can no longer change."),
    "absent_with_marks": _("%(name)s has submitted marks: a candidate with marks cannot be recorded as not attending."),
    "attendance_value": _("Choose attended, did not attend or not recorded."),
    "ranking_blocked": _("The ranking cannot be made yet: %(problems)s"),
    "ranking_empty": _("No candidate of this post has attended an interview yet: there is nothing to rank."),
}


class InterviewError(ValidationError):
    def __init__(self, code: str, **params):
        super().__init__(error_messages[code], code=code, params=params or None)


# Marking schemes


def scheme_has_marks(scheme: MarkingScheme) -> bool:
    return Mark.objects.filter(criterion__scheme=scheme).exists()


def scheme_check_editable(scheme: MarkingScheme) -> None:
    """A scheme changes only before it is fixed and before any mark is recorded against it."""
    if scheme.pk is None:
        return
    if MarkingScheme.objects.filter(pk=scheme.pk, fixed_at__isnull=False).exists():
        raise InterviewError("scheme_fixed")
    if scheme_has_marks(scheme):
        raise InterviewError("scheme_has_marks")


def scheme_check_weights(weights: list[int]) -> None:
    problem = rules.weights_problem(weights)
    if problem:
        raise InterviewError(problem[0], **problem[1])


def scheme_replace_criteria(*, scheme: MarkingScheme, criteria: list[dict]) -> MarkingScheme:
    with transaction.atomic():
        scheme = MarkingScheme.objects.select_for_update().get(pk=scheme.pk)
        scheme_check_editable(scheme)
        scheme.criteria.all().delete()
        for position, values in enumerate(criteria, start=1):
            criterion = Criterion(scheme=scheme, position=position, **values)
            criterion.full_clean()
            criterion.save()
    return scheme


def scheme_copy_template(*, scheme: MarkingScheme, copied_by) -> MarkingScheme:
    """Replace the scheme's criteria with the default four-criterion template."""
    criteria = [
        {"name_ms": c.name_ms, "name_en": c.name_en, "weight": c.weight, "max_mark": c.max_mark}
        for c in rules.DEFAULT_TEMPLATE
    ]
    logger.info("Marking scheme %s: template copied by user %s", scheme.pk, copied_by.pk)
    return scheme_replace_criteria(scheme=scheme, criteria=criteria)


def scheme_copy_from(*, scheme: MarkingScheme, source: MarkingScheme, copied_by) -> MarkingScheme:
    """Replace the scheme's criteria with those of another post's scheme."""
    criteria = [
        {"name_ms": c.name_ms, "name_en": c.name_en, "weight": c.weight, "max_mark": c.max_mark}
        for c in source.criteria.all()
    ]
    if not criteria:
        raise InterviewError("source_empty", post=source.post)
    logger.info("Marking scheme %s: copied from %s by user %s", scheme.pk, source.pk, copied_by.pk)
    return scheme_replace_criteria(scheme=scheme, criteria=criteria)


def scheme_fix(*, scheme: MarkingScheme, fixed_by) -> MarkingScheme:
    """Fix the scheme: its weights total 100; from now on it never changes (recorded)."""
    with transaction.atomic():
        scheme = MarkingScheme.objects.select_for_update().select_related("post").get(pk=scheme.pk)
        if scheme.is_fixed:
            raise InterviewError("scheme_fixed")
        criteria = list(scheme.criteria.all())
        scheme_check_weights([c.weight for c in criteria])
        scheme.fixed_at, scheme.fixed_by = timezone.now(), fixed_by
        scheme.save(update_fields=["fixed_at", "fixed_by"])
        audit_record(
            action=Action.MARKING_SCHEME,
            actor=fixed_by,
            target=scheme,
            detail=_("Fixed for %(post)s: %(criteria)s"),
            params={
                "post": scheme.post,
                "criteria": "; ".join(f"{c.name_ms} {c.weight}%/{c.max_mark}" for c in criteria),
            },
        )
    return scheme


# Marks


def fixed_scheme_for(slot: Slot) -> MarkingScheme:
    post_id = slot.session.shortlist.post_id
    scheme = MarkingScheme.objects.filter(post_id=post_id).first()
    if scheme is None:
        raise InterviewError("scheme_missing")
    if not scheme.is_fixed:
        raise InterviewError("scheme_not_fixed")
    return scheme


def sheet_values_check(*, criteria: list[Criterion], values: dict, comment: str, complete: bool) -> dict[int, int]:
    """The marks as whole numbers by criterion id; every problem at once, keyed by criterion id (or 'comment')."""
    problems, clean = {}, {}
    for criterion in criteria:
        value = values.get(criterion.pk)
        if not complete and value in (None, ""):
            continue
        problem = rules.mark_problem(value, criterion=criterion.name_ms, max_mark=criterion.max_mark)
        if problem:
            problems[f"mark_{criterion.pk}"] = InterviewError(problem[0], **problem[1])
        else:
            clean[criterion.pk] = int(str(value).strip())
    problem = rules.comment_problem(comment or "")
    if problem:
        problems["comment"] = InterviewError(problem[0], **problem[1])
    if problems:
        raise ValidationError(problems)
    return clean


def sheet_save(
    *, slot: Slot, member, values: dict, comment: str = "", submit: bool = False, keyed_by=None
) -> MarkSheet:
    """Save a panel member's marks for a candidate (a draft), or submit them, which locks the sheet (recorded).

    `values` maps criterion ids to marks. With `keyed_by`, HR keys in the member's printed sheet.
    Refused after the meeting's decision, when the scheme is not fixed, the member is not on the session's panel,
    the candidate is not recorded as attended, or the sheet is already submitted.
    """
    with transaction.atomic():
        slot = Slot.objects.select_related("session__shortlist", "entry__application").get(pk=slot.pk)
        if Selection.objects.filter(post_id=slot.session.shortlist.post_id).exclude(decision="").exists():
            raise InterviewError("decided")
        scheme = fixed_scheme_for(slot)
        if not PanelMember.objects.filter(session_id=slot.session_id, member=member).exists():
            if keyed_by is not None:
                raise InterviewError("member_not_on_panel", member=member)
            raise InterviewError("not_on_panel")
        if slot.entry.removed_at:
            raise InterviewError("removed", name=slot.entry.application.full_name)
        if slot.attendance != Slot.Attendance.ATTENDED:
            raise InterviewError("not_attended", name=slot.entry.application.full_name)
        criteria = list(scheme.criteria.all())
        clean = sheet_values_check(criteria=criteria, values=values, comment=comment, complete=submit)
        try:
            with transaction.atomic():
                sheet, _created = MarkSheet.objects.get_or_create(slot=slot, member=member)
        except IntegrityError as error:
            raise InterviewError("sheet_exists") from error
        sheet = MarkSheet.objects.select_for_update().get(pk=sheet.pk)
        if sheet.is_locked:
            raise InterviewError("sheet_locked")
        existing = {mark.criterion_id: mark for mark in sheet.marks.all()}
        for criterion in criteria:
            if criterion.pk in clean:
                mark = existing.get(criterion.pk) or Mark(sheet=sheet, criterion=criterion)
                mark.value = clean[criterion.pk]
                mark.save()
            elif criterion.pk in existing:
                existing[criterion.pk].delete()
        sheet.comment = comment or ""
        if keyed_by is not None:
            sheet.keyed_by = keyed_by
        if submit:
            sheet.submitted_at = timezone.now()
        sheet.save()
        if submit:
            total = rules.weighted_total([(clean[c.pk], c.max_mark, c.weight) for c in criteria])
            detail = (
                _("Keyed in by HR for %(member)s: %(total)s of 100")
                if keyed_by is not None
                else _("By %(member)s: %(total)s of 100")
            )
            audit_record(
                action=Action.MARKS_SUBMIT,
                actor=keyed_by or member,
                target=slot.entry.application,
                detail=detail,
                params={"member": member, "total": total},
            )
        else:
            audit_record(
                action=Action.MARKS_DRAFT,
                actor=keyed_by or member,
                target=slot.entry.application,
                detail=_("Draft of %(member)s's marks saved"),
                params={"member": member},
            )
    return sheet


def mark_change(*, mark: Mark, value, reason: str, changed_by) -> MarkChange:
    """HR changes a mark of a submitted sheet, with a reason (recorded); refused after the meeting's decision."""
    reason = (reason or "").strip()
    with transaction.atomic():
        mark = (
            Mark.objects.select_for_update()
            .select_related("sheet__slot__entry__application", "criterion")
            .get(pk=mark.pk)
        )
        sheet = mark.sheet
        if not sheet.is_locked:
            raise InterviewError("sheet_not_submitted")
        post_id = sheet.slot.entry.application.post_id
        if Selection.objects.filter(post_id=post_id).exclude(decision="").exists():
            raise InterviewError("decided")
        problem = rules.mark_problem(value, criterion=mark.criterion.name_ms, max_mark=mark.criterion.max_mark)
        if problem:
            raise InterviewError(problem[0], **problem[1])
        if len(reason) < REASON_MIN_LENGTH:
            raise InterviewError("change_reason", limit=REASON_MIN_LENGTH)
        new_value = int(str(value).strip())
        if new_value == mark.value:
            raise InterviewError("change_same")
        change = MarkChange(mark=mark, old_value=mark.value, new_value=new_value, reason=reason, changed_by=changed_by)
        change.full_clean()
        change.save()
        mark.value = new_value
        mark.save(update_fields=["value"])
        MarkSheet.objects.filter(pk=sheet.pk).update(updated_at=timezone.now())
        audit_record(
            action=Action.MARKS_CHANGE,
            actor=changed_by,
            target=sheet.slot.entry.application,
            detail=_("%(criterion)s: %(old)s → %(new)s (sheet of %(member)s). Reason: %(reason)s"),
            params={
                "criterion": mark.criterion.name_ms,
                "old": change.old_value,
                "new": new_value,
                "member": sheet.member,
                "reason": reason,
            },
        )
    return change


# Attendance


def attendance_record(*, slots, attendance: str, recorded_by) -> int:
    """HR records who attended (or not) for these slots (recorded, one event per slot); returns the number."""
    if attendance not in Slot.Attendance.values:
        raise InterviewError("attendance_value")
    with transaction.atomic():
        chosen = list(
            Slot.objects.select_for_update(of=("self",))
            .select_related("entry__application")
            .filter(pk__in=[slot.pk for slot in slots])
        )
        if attendance != Slot.Attendance.ATTENDED:
            marked = MarkSheet.objects.filter(slot__in=chosen, submitted_at__isnull=False).select_related(
                "slot__entry__application"
            )
            first = marked.first()
            if first is not None:
                raise InterviewError("absent_with_marks", name=first.slot.entry.application.full_name)
        decided = Selection.objects.filter(post_id__in={slot.entry.application.post_id for slot in chosen}).exclude(
            decision=""
        )
        if decided.exists():
            raise InterviewError("decided")
        now = timezone.now()
        changed = [slot for slot in chosen if slot.attendance != attendance]
        Slot.objects.filter(pk__in=[slot.pk for slot in changed]).update(
            attendance=attendance, attendance_by=recorded_by, attendance_at=now
        )
        if changed:
            audit_record(
                action=Action.ATTENDANCE,
                actor=recorded_by,
                targets=[slot.entry.application for slot in changed],
                detail=_("Attendance: %(value)s"),
                params={"value": Slot.Attendance(attendance).label},
            )
    return len(changed)


# The panel's pages


def panel_sessions_open(*, member) -> None:
    """A panel member opens the list of their sessions (recorded)."""
    audit_record(action=Action.PANEL_VIEW, actor=member, detail=_("List of my interview sessions"))


def panel_candidate_open(*, slot: Slot, member) -> None:
    """A panel member opens a candidate of their session: BORANG and marking sheet (recorded)."""
    audit_record(
        action=Action.PANEL_VIEW,
        actor=member,
        target=slot.entry.application,
        detail=_("Interview session of %(date)s"),
        params={"date": timezone.localtime(slot.session.starts_at).strftime("%d.%m.%Y")},
    )


def panel_document_open(*, slot: Slot, document: Document, member):
    """A document of a candidate of the member's session, as a file handle (recorded); None when not theirs."""
    application = slot.entry.application
    if not application.documents.filter(pk=document.pk).exists():
        return None
    audit_record(
        action=Action.DOCUMENT_VIEW,
        actor=member,
        target=application,
        detail=_("Panel member: %(kind)s (%(pk)s)"),
        params={"kind": document.get_kind_display(), "pk": document.pk},
    )
    return document.file.open("rb")


def marking_sheets_pdf(*, session, generated_by) -> tuple[str, str, bytes]:
    """The blank marking sheets of a session, one page per candidate, in Malay (recorded)."""
    filename, content_type, content = marking_sheets_render(session, generated_by=generated_by)
    audit_record(action=Action.EXPORT_PDF, actor=generated_by, target=session, detail=filename)
    return filename, content_type, content


# Ranking


def ranking_propose(*, selection: Selection, proposed_by) -> Selection:
    """Rank the attended candidates and write the proposal (selected, reserve, not selected) (recorded).

    Replaces any earlier proposal; refused after the meeting's decision, or while a candidate's attendance or a
    panel member's sheet is missing.
    """
    with transaction.atomic():
        selection = Selection.objects.select_for_update().select_related("post").get(pk=selection.pk)
        if selection.decision:
            raise InterviewError("decided")
        table = ranking_table(selection=selection)
        if table.problems:
            raise InterviewError("ranking_blocked", problems=" ".join(str(p) for p in table.problems))
        if not table.ranked:
            raise InterviewError("ranking_empty")
        selection.entries.all().delete()
        SelectionEntry.objects.bulk_create(
            SelectionEntry(
                selection=selection,
                slot_id=row.key,
                rank=row.rank,
                score=row.score,
                spread=row.spread,
                proposed=row.proposed,
                reserve_position=row.reserve_position,
            )
            for row in table.ranked
        )
        selection.proposed_at, selection.proposed_by = timezone.now(), proposed_by
        selection.save(update_fields=["proposed_at", "proposed_by"])
        counts = {c: sum(1 for row in table.ranked if row.proposed == c) for c in SelectionEntry.Category.values}
        audit_record(
            action=Action.RANKING,
            actor=proposed_by,
            target=selection,
            detail=_("%(post)s: %(ranked)s ranked; %(selected)s selected, %(reserve)s reserve, %(absent)s absent"),
            params={
                "post": selection.post,
                "ranked": len(table.ranked),
                "selected": counts["selected"],
                "reserve": counts["reserve"],
                "absent": len(table.absent),
            },
        )
    return selection


def sheet_change(*, sheet: MarkSheet, values: dict, reason: str, changed_by) -> list[MarkChange]:
    """HR changes one or more marks of a submitted sheet with one reason: all of them, or none (recorded)."""
    entry = sheet.slot.entry
    if entry.removed_at:
        raise InterviewError("removed", name=entry.application.full_name)
    with transaction.atomic():
        changes = []
        for mark in sheet.marks.select_related("criterion"):
            value = values.get(mark.criterion_id)
            if value in (None, "") or str(value).strip() == str(mark.value):
                continue
            changes.append(mark_change(mark=mark, value=value, reason=reason, changed_by=changed_by))
        if not changes:
            raise InterviewError("change_same")
    return changes
