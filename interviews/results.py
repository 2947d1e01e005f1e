"""The ranked results of a post's interviews, read in a fixed number of queries and scored by ranking.py."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from . import ranking
from .marks import weighted_total
from .models import Criterion, Mark, MarkSheet, PanelMember, Selection, Slot

LATEST = dt.datetime.max.replace(tzinfo=dt.UTC)

messages = {
    "attendance_missing": _("attendance not recorded for %(names)s."),
    "sheets_missing": _("marking sheets not submitted for %(names)s."),
    "no_panel": _("no panel member in the session of %(names)s."),
    "scheme_not_fixed": _("the marking scheme of the post is not fixed."),
}


@dataclass
class RankingTable:
    ranked: list = field(default_factory=list)
    absent: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    missing: list = field(default_factory=list)


def names(rows) -> str:
    return ", ".join(f"{slot.entry.application.full_name} ({slot.entry.application.reference})" for slot in rows)


def ranking_table(*, selection: Selection) -> RankingTable:
    """Every interviewed candidate of the selection's post: ranked (with the proposal), absent, or blocking."""
    post_id = selection.post_id
    criteria = list(Criterion.objects.filter(scheme__post_id=post_id, scheme__fixed_at__isnull=False))
    slots = list(
        Slot.objects.filter(session__shortlist__post_id=post_id, entry__removed_at__isnull=True)
        .select_related("entry__application")
        .order_by("starts_at", "pk")
    )
    members = defaultdict(list)
    for panel_member in PanelMember.objects.filter(session__shortlist__post_id=post_id).select_related("member"):
        members[panel_member.session_id].append(panel_member)
    sheets = {
        (sheet.slot_id, sheet.member_id): sheet
        for sheet in MarkSheet.objects.filter(
            slot__session__shortlist__post_id=post_id, submitted_at__isnull=False
        ).only("id", "slot_id", "member_id", "submitted_at")
    }
    values = defaultdict(dict)
    for sheet_id, criterion_id, value in Mark.objects.filter(
        sheet__slot__session__shortlist__post_id=post_id, sheet__submitted_at__isnull=False
    ).values_list("sheet_id", "criterion_id", "value"):
        values[sheet_id][criterion_id] = value

    table = RankingTable()
    unknown, missing, no_panel, candidates = [], [], [], []
    for slot in slots:
        if slot.attendance == Slot.Attendance.ABSENT:
            table.absent.append(slot)
            continue
        if slot.attendance != Slot.Attendance.ATTENDED:
            unknown.append(slot)
            continue
        panel = members.get(slot.session_id, [])
        if not panel:
            no_panel.append(slot)
            continue
        submitted = [(pm, sheets.get((slot.pk, pm.member_id))) for pm in panel]
        if any(sheet is None for _pm, sheet in submitted):
            missing.append(slot)
            continue
        totals = [
            (
                pm.member,
                weighted_total([(values[sheet.pk].get(c.pk, 0), c.max_mark, c.weight) for c in criteria]),
            )
            for pm, sheet in submitted
        ]
        application = slot.entry.application
        candidates.append(
            ranking.Candidate(
                key=slot.pk,
                totals=[total for _member, total in totals],
                points=slot.entry.points,
                submitted_at=application.submitted_at or LATEST,
                application_id=application.pk,
                extra={"slot": slot, "application": application, "member_totals": totals},
            )
        )
    if not criteria:
        table.problems.append(messages["scheme_not_fixed"])
    if unknown:
        table.problems.append(messages["attendance_missing"] % {"names": names(unknown)})
    if missing:
        table.problems.append(messages["sheets_missing"] % {"names": names(missing)})
    if no_panel:
        table.problems.append(messages["no_panel"] % {"names": names(no_panel)})
    table.missing = unknown + missing + no_panel
    table.ranked = ranking.rank(
        candidates,
        vacancies=selection.vacancies,
        reserve_size=selection.reserve_size,
        disagreement=selection.disagreement_points,
    )
    return table
