"""Ranked posts for the tests of the selection paper, the meeting's decision and the offers (Part B writes the
ranking; here its rows are made directly)."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from applications.models import Application
from interviews.models import Selection, SelectionEntry, Slot

from .factories import PostFactory, SessionFactory, ShortlistFactory, SlotFactory, UserFactory


def ranked_post(
    post=None, *, count: int = 5, vacancies: int = 1, reserve: int = 2, proposed: bool = True, absent: int = 0
) -> Selection:
    """A post whose `count` interviewed candidates are ranked: the first `vacancies` selected, the next `reserve`
    on the reserve list in order, the rest not selected; `absent` more were invited but did not attend."""
    post = post or PostFactory()
    by = UserFactory(is_staff=True, full_name="Pegawai Sumber Manusia")
    session = SessionFactory(shortlist=ShortlistFactory(post=post), created_by=by)
    slots = []
    for number in range(count + absent):
        starts_at = session.starts_at + dt.timedelta(minutes=30 * number)
        slots.append(
            SlotFactory(
                session=session,
                starts_at=starts_at,
                attendance=Slot.Attendance.ATTENDED if number < count else Slot.Attendance.ABSENT,
                response=Slot.Response.CONFIRMED,
            )
        )
    selection = Selection.objects.create(
        post=post,
        vacancies=vacancies,
        reserve_size=reserve,
        proposed_at=timezone.now() if proposed else None,
        proposed_by=by if proposed else None,
        prepared_by="Siti Hajar binti Omar, Pegawai Sumber Manusia",
        checked_by="Ahmad Faizal bin Yusof, Ketua Unit Pengambilan",
        approved_by="Dato' Ketua Pengarah",
    )
    names = ["AMINAH", "BALQIS", "CHONG WEI", "DEVI", "FARID", "GOPAL", "HAFIZ", "IZZAH"]
    for number, slot in enumerate(slots):
        Application.objects.filter(pk=slot.entry.application_id).update(
            full_name=f"{names[number % len(names)]} BINTI CALON {number + 1}", status=Application.Status.SHORTLISTED
        )
    for rank, slot in enumerate(slots[:count], start=1):
        if rank <= vacancies:
            category, position = SelectionEntry.Category.SELECTED, None
        elif rank <= vacancies + reserve:
            category, position = SelectionEntry.Category.RESERVE, rank - vacancies
        else:
            category, position = SelectionEntry.Category.NOT_SELECTED, None
        SelectionEntry.objects.create(
            selection=selection,
            slot=slot,
            rank=rank,
            score=Decimal("90") - 5 * rank,
            spread=Decimal("20") if rank == 2 else Decimal("4.5"),
            proposed=category,
            reserve_position=position,
        )
    return selection


def entries(selection: Selection) -> list[SelectionEntry]:
    return list(selection.entries.select_related("slot__entry__application__candidate").order_by("rank"))
