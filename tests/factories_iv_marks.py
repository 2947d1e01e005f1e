"""Factories for the interview panel's marks and the ranking (branch iv-marks)."""

import datetime as dt

from django.utils import timezone

from .factories import SessionFactory, SlotFactory, UserFactory, hr_staff, marking_scheme, shortlisted


def interviewer(name: str = "Panel", client=None):
    from accounts.roles import INTERVIEWER

    return hr_staff(INTERVIEWER, client, full_name=name)


def session_with(post, count: int, *, members=(), attended: bool = True):
    """A session of `post` with `count` candidates in 30-minute slots and these panel members."""
    from interviews.models import PanelMember, Slot

    entries = shortlisted(post, count)
    session = SessionFactory(shortlist=entries[0].shortlist)
    for position, member in enumerate(members):
        PanelMember.objects.create(session=session, member=member, is_chair=position == 0)
    slots = []
    for number, entry in enumerate(entries):
        starts = session.starts_at + dt.timedelta(minutes=30 * number)
        slots.append(
            SlotFactory(
                session=session,
                entry=entry,
                starts_at=starts,
                ends_at=starts + dt.timedelta(minutes=30),
                attendance=Slot.Attendance.ATTENDED if attended else "",
            )
        )
    return session, slots


def submitted_sheet(slot, member, marks: list[int], *, comment: str = ""):
    """A submitted sheet with these marks, criterion by criterion (the scheme must exist and be fixed)."""
    from interviews.models import Criterion, Mark, MarkSheet

    sheet = MarkSheet.objects.create(slot=slot, member=member, comment=comment, submitted_at=timezone.now())
    criteria = Criterion.objects.filter(scheme__post_id=slot.session.shortlist.post_id)
    for criterion, value in zip(criteria, marks, strict=True):
        Mark.objects.create(sheet=sheet, criterion=criterion, value=value)
    return sheet


__all__ = ["UserFactory", "interviewer", "marking_scheme", "session_with", "submitted_sheet"]
