"""Interview sessions and slots: the layout of a session, assigning and moving slots, the candidate's answer,
the invitation with its calendar file, the candidate's page and HR's admin."""

import datetime as dt

import pytest

from interviews.scheduling import Grid, slots_plan

T9 = dt.datetime(2026, 12, 15, 1, 0, tzinfo=dt.UTC)  # 09:00 in Kuala Lumpur


def at(minutes: int) -> dt.datetime:
    return T9 + dt.timedelta(minutes=minutes)


def starts(plan) -> list[tuple[str, int]]:
    return [(entry, int((start - T9).total_seconds() // 60)) for entry, start, _end in plan.placed]


# The layout (a pure function)


def test_slots_follow_each_other_with_the_gap():
    plan = slots_plan(grid=Grid(T9, 30, gap_minutes=5), entries=["a", "b", "c"])
    assert starts(plan) == [("a", 0), ("b", 35), ("c", 70)]
    assert plan.placed[0][2] == at(30)
    assert plan.not_fitting == []


def test_a_break_replaces_the_gap_after_every_n_candidates():
    grid = Grid(T9, 30, gap_minutes=5, break_every=2, break_minutes=15)
    plan = slots_plan(grid=grid, entries=list("abcde"))
    assert starts(plan) == [("a", 0), ("b", 35), ("c", 80), ("d", 115), ("e", 160)]


def test_a_slot_ending_exactly_at_ends_by_fits_and_the_next_does_not():
    grid = Grid(T9, 30, gap_minutes=0, ends_by=at(90))
    plan = slots_plan(grid=grid, entries=list("abcd"))
    assert starts(plan) == [("a", 0), ("b", 30), ("c", 60)]
    assert plan.placed[-1][2] == at(90)
    assert plan.not_fitting == ["d"]


def test_nothing_fits_when_ends_by_is_shorter_than_one_slot():
    plan = slots_plan(grid=Grid(T9, 30, ends_by=at(29)), entries=["a"])
    assert plan.placed == [] and plan.not_fitting == ["a"]


def test_a_panel_shared_by_two_sessions_of_two_posts_on_one_morning_never_sits_twice_at_once():
    first = slots_plan(grid=Grid(T9, 30), entries=["a", "b"])  # post 1: 09:00, 09:30
    busy = [(start, end) for _entry, start, end in first.placed]
    second = slots_plan(grid=Grid(at(15), 20, ends_by=at(180)), entries=["x", "y", "z"], busy=busy)
    assert starts(second) == [("x", 75), ("y", 95), ("z", 115)]  # the first grid slot free of both is 10:15
    for _entry, start, end in second.placed:
        assert all(not (start < other_end and other_start < end) for other_start, other_end in busy)


def test_a_candidate_in_two_posts_takes_the_next_free_slot_and_the_others_keep_their_order():
    elsewhere = {"b": [(at(30), at(60))]}  # b is interviewed for another post at 09:30
    plan = slots_plan(grid=Grid(T9, 30), entries=["a", "b", "c", "d"], candidate_busy=elsewhere)
    assert starts(plan) == [("a", 0), ("b", 60), ("c", 30), ("d", 90)]


def test_a_candidate_busy_until_the_end_of_the_session_does_not_fit():
    elsewhere = {"a": [(T9, at(120))]}
    plan = slots_plan(grid=Grid(T9, 30, ends_by=at(120)), entries=["a", "b"], candidate_busy=elsewhere)
    assert starts(plan) == [("b", 0)]
    assert plan.not_fitting == ["a"]


def test_touching_slots_do_not_clash():
    plan = slots_plan(grid=Grid(T9, 30), entries=["a"], busy=[(at(-30), T9), (at(30), at(60))])
    assert starts(plan) == [("a", 0)]


def test_grid_knows_its_own_times():
    grid = Grid(T9, 30, gap_minutes=10, ends_by=at(120))
    assert grid.contains(at(40)) and not grid.contains(at(30)) and not grid.contains(at(120))


# Services, e-mails, pages and admin (database)

from django.core import mail  # noqa: E402
from django.db import connection  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone, translation  # noqa: E402
from icalendar import Calendar  # noqa: E402

from accounts.roles import HR_OFFICER, INTERVIEWER  # noqa: E402
from applications.services import application_start, application_submit  # noqa: E402
from audit.models import AuditEvent  # noqa: E402
from audit.services import Action  # noqa: E402
from interviews import services  # noqa: E402
from interviews.models import Session, Slot, SlotChange  # noqa: E402
from outbox.models import Email  # noqa: E402
from screening.models import ShortlistEntry  # noqa: E402
from tests.factories import (  # noqa: E402
    PostFactory,
    ShortlistFactory,
    UserFactory,
    SessionFactory,
    close_advertisement,
    hr_staff,
    owed_email_send,
    shortlisted,
)

DAY = timezone.localdate() + dt.timedelta(days=14)


def local(hour: int, minute: int = 0, day=DAY) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def shortlisted_closed(count: int, post=None) -> list:
    """`count` candidates shortlisted and invited for a post whose advertisement has closed."""
    post = post or PostFactory()
    entries = shortlisted(post, count)
    close_advertisement(post.advertisement)
    return entries


def session_for(entries, *, panel=(), **fields):
    fields.setdefault("starts_at", local(9))
    session = SessionFactory(shortlist=entries[0].shortlist, **fields)
    for member in panel:
        session.members.create(member=member)
    return session


def second_application(entry, post=None, *, points: int = 0):
    """The same candidate (account) shortlisted and invited for another post (closed after)."""
    post = post or PostFactory()
    application = application_submit(application=application_start(candidate=entry.application.candidate, post=post))
    twice = ShortlistEntry.objects.create(
        shortlist=ShortlistFactory(post=post),
        application=application,
        added_by=entry.added_by,
        points=points,
        invited_at=timezone.now(),
    )
    close_advertisement(post.advertisement)
    return twice


def overlapping(slots) -> bool:
    ordered = sorted((slot.starts_at, slot.ends_at) for slot in slots)
    return any(b_start < a_end for (_a_start, a_end), (b_start, _b_end) in zip(ordered, ordered[1:], strict=False))


@pytest.mark.django_db
def test_a_session_is_created_with_an_interviewer_on_its_panel_and_audited():
    entries = shortlisted_closed(1)
    hr, interviewer = hr_staff(HR_OFFICER), hr_staff(INTERVIEWER)
    session = services.session_create(
        shortlist=entries[0].shortlist,
        data={"starts_at": local(9), "venue": "Bilik Mesyuarat 1", "slot_minutes": 30},
        created_by=hr,
        panel=[(interviewer, True)],
    )
    assert list(session.members.values_list("member", "is_chair")) == [(interviewer.pk, True)]
    assert AuditEvent.objects.filter(action=Action.INTERVIEW_SESSION, actor=hr).count() == 2


@pytest.mark.django_db
def test_a_candidate_or_a_staff_member_without_a_panel_role_cannot_sit_on_a_panel():
    entries = shortlisted_closed(1)
    hr = hr_staff(HR_OFFICER)
    session = session_for(entries)
    for outsider in (entries[0].application.candidate, UserFactory(is_staff=True)):
        with pytest.raises(services.InterviewError) as error:
            services.session_panel_set(session=session, members=[(outsider, False)], changed_by=hr)
        assert error.value.code == "panel_not_staff"


@pytest.mark.django_db
def test_no_session_before_the_advertisement_closes():
    entries = shortlisted(PostFactory(), 1)
    with pytest.raises(services.InterviewError) as error:
        services.session_create(
            shortlist=entries[0].shortlist,
            data={"starts_at": local(9), "venue": "Aras 20"},
            created_by=hr_staff(HR_OFFICER),
        )
    assert error.value.code == "shortlist_not_ready"


@pytest.mark.django_db
def test_a_session_with_slots_cannot_move_its_start_past_them_nor_change_their_length():
    entries = shortlisted_closed(2)
    hr = hr_staff(HR_OFFICER)
    session = session_for(entries)
    services.slots_assign(sessions=[session], assigned_by=hr)
    with pytest.raises(services.InterviewError) as error:
        services.session_update(session=session, data={"starts_at": local(9, 15)}, updated_by=hr)
    assert error.value.code == "slots_outside" and "2" in error.value.messages[0]
    with pytest.raises(services.InterviewError) as error:
        services.session_update(session=session, data={"slot_minutes": 45}, updated_by=hr)
    assert error.value.code == "slot_length_fixed"
    with pytest.raises(services.InterviewError):
        services.session_update(session=session, data={"ends_by": local(9, 45)}, updated_by=hr)
    services.session_update(session=session, data={"gap_minutes": 10, "ends_by": local(12)}, updated_by=hr)
    session.refresh_from_db()
    assert session.gap_minutes == 10


@pytest.mark.django_db
def test_slots_are_given_in_shortlist_order_to_those_on_the_list_without_one_and_e_mailed_once():
    entries = shortlisted_closed(4)
    ShortlistEntry.objects.filter(pk=entries[2].pk).update(points=50)
    hr = hr_staff(HR_OFFICER)
    services.shortlist_entry_remove(entry=entries[3], removed_by=hr, reason="Tidak lagi memenuhi syarat jawatan")
    session = session_for(entries, ends_by=local(10))
    slots, not_fitting = services.slots_assign(sessions=[session], assigned_by=hr, base_url="https://rekrut.test")
    assert [slot.entry_id for slot in slots] == [entries[2].pk, entries[0].pk]
    assert [slot.starts_at for slot in slots] == [local(9), local(9, 30)]
    assert not_fitting == [ShortlistEntry.objects.get(pk=entries[1].pk)]
    assert Email.objects.filter(kind="slot_invitation").count() == 2
    assert AuditEvent.objects.filter(action=Action.SLOT_ASSIGN).count() == 1
    again, _left = services.slots_assign(sessions=[session], assigned_by=hr)
    assert again == [] and Slot.objects.count() == 2 and Email.objects.filter(kind="slot_invitation").count() == 2


@pytest.mark.django_db
def test_those_not_fitting_one_session_go_to_the_next():
    entries = shortlisted_closed(3)
    hr = hr_staff(HR_OFFICER)
    morning = session_for(entries, ends_by=local(10))
    afternoon = session_for(entries, starts_at=local(14))
    slots, not_fitting = services.slots_assign(sessions=[afternoon, morning], assigned_by=hr)
    assert [(slot.session_id, slot.starts_at) for slot in slots] == [
        (morning.pk, local(9)),
        (morning.pk, local(9, 30)),
        (afternoon.pk, local(14)),
    ]
    assert not_fitting == []


@pytest.mark.django_db
def test_a_panel_shared_by_two_posts_on_the_same_morning_never_has_two_candidates_at_once():
    hr, interviewer = hr_staff(HR_OFFICER), hr_staff(INTERVIEWER)
    first, second = shortlisted_closed(3), shortlisted_closed(3)
    session_one = session_for(first, panel=[interviewer])
    session_two = session_for(second, panel=[interviewer], starts_at=local(9, 15), slot_minutes=20)
    services.slots_assign(sessions=[session_one], assigned_by=hr)
    services.slots_assign(sessions=[session_two], assigned_by=hr)
    assert Slot.objects.count() == 6
    assert not overlapping(Slot.objects.all())


@pytest.mark.django_db
def test_a_candidate_shortlisted_for_two_posts_never_gets_two_slots_at_once():
    hr = hr_staff(HR_OFFICER)
    first = shortlisted_closed(2)
    other_post = PostFactory()
    (other,) = shortlisted(other_post, 1)  # second on the other post's list
    twice = second_application(first[1], other_post, points=10)  # first on it, wanting 09:30 there too
    services.slots_assign(sessions=[session_for(first)], assigned_by=hr)  # first[1] at 09:30
    services.slots_assign(sessions=[session_for([twice], starts_at=local(9, 30))], assigned_by=hr)
    candidate_slots = Slot.objects.filter(entry__application__candidate=first[1].application.candidate)
    assert candidate_slots.count() == 2 and not overlapping(candidate_slots)
    assert Slot.objects.get(entry=twice).starts_at == local(10)
    assert Slot.objects.get(entry=other).starts_at == local(9, 30)


@pytest.mark.django_db
def test_moving_a_slot_records_the_change_e_mails_a_new_calendar_with_the_same_uid_and_a_higher_sequence():
    entries = shortlisted_closed(2)
    hr = hr_staff(HR_OFFICER)
    session = session_for(entries)
    slots, _left = services.slots_assign(sessions=[session], assigned_by=hr, base_url="https://rekrut.test")
    assert owed_email_send(f"slot_invitation:{slots[0].pk}")
    first_ics = Calendar.from_ical(mail.outbox[-1].attachments[0][1])
    change = services.slot_move(
        slot=slots[0],
        session=session,
        starts_at=local(11),
        reason="Calon memohon slot lain kerana urusan keluarga",
        moved_by=hr,
    )
    assert isinstance(change, SlotChange) and change.old_starts_at == local(9)
    assert AuditEvent.objects.filter(action=Action.SLOT_MOVE, actor=hr).exists()
    assert owed_email_send(f"slot_change:{change.pk}")
    message = mail.outbox[-1]
    moved_ics = Calendar.from_ical(message.attachments[0][1])
    (before,) = first_ics.walk("VEVENT")
    (after,) = moved_ics.walk("VEVENT")
    assert after["UID"] == before["UID"]
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1 == 1
    assert after.decoded("DTSTART") == local(11)


@pytest.mark.django_db
def test_a_move_onto_a_taken_time_is_refused_for_the_session_the_panel_and_the_candidate():
    hr, interviewer = hr_staff(HR_OFFICER), hr_staff(INTERVIEWER)
    entries = shortlisted_closed(2)
    session = session_for(entries, panel=[interviewer])
    slots, _left = services.slots_assign(sessions=[session], assigned_by=hr)
    reason = "Permintaan calon melalui telefon"
    with pytest.raises(services.InterviewError) as error:
        services.slot_move(slot=slots[1], session=session, starts_at=local(9, 15), reason=reason, moved_by=hr)
    assert error.value.code == "session_busy"
    other = shortlisted_closed(1)
    elsewhere = session_for(other, panel=[interviewer], starts_at=local(8))
    other_slot = Slot.objects.create(
        session=elsewhere, entry=other[0], starts_at=local(8), ends_at=local(8, 30), assigned_by=hr
    )
    with pytest.raises(services.InterviewError) as error:
        services.slot_move(slot=other_slot, session=elsewhere, starts_at=local(9), reason=reason, moved_by=hr)
    assert error.value.code == "panel_busy" and interviewer.full_name in error.value.messages[0]
    twice = second_application(entries[0])
    third = session_for([twice], starts_at=local(8))
    twice_slot = Slot.objects.create(
        session=third, entry=twice, starts_at=local(8), ends_at=local(8, 30), assigned_by=hr
    )
    with pytest.raises(services.InterviewError) as error:
        services.slot_move(slot=twice_slot, session=third, starts_at=local(9), reason=reason, moved_by=hr)
    assert error.value.code == "candidate_busy"
    with pytest.raises(services.InterviewError) as error:
        services.slot_move(slot=twice_slot, session=third, starts_at=local(10), reason="short", moved_by=hr)
    assert error.value.code == "move_reason"
    assert SlotChange.objects.count() == 0


@pytest.mark.django_db
def test_the_candidate_confirms_or_asks_for_another_slot_with_a_reason_until_the_deadline():
    entries = shortlisted_closed(1)
    hr = hr_staff(HR_OFFICER)
    session = session_for(entries, respond_by=local(17, day=DAY - dt.timedelta(days=3)))
    (slot,), _left = services.slots_assign(sessions=[session], assigned_by=hr)
    candidate = entries[0].application.candidate
    with pytest.raises(services.InterviewError) as error:
        services.slot_respond(slot=slot, candidate=candidate, confirm=False, reason="Ada hal")
    assert error.value.code == "change_reason"
    slot = services.slot_respond(
        slot=slot, candidate=candidate, confirm=False, reason="Saya menduduki peperiksaan profesional pada hari itu"
    )
    assert slot.response == Slot.Response.CHANGE and slot.responded_at
    assert AuditEvent.objects.filter(action=Action.SLOT_RESPONSE, actor=candidate).exists()
    slot = services.slot_respond(slot=slot, candidate=candidate, confirm=True)
    assert slot.response == Slot.Response.CONFIRMED and slot.response_reason == ""
    with pytest.raises(services.InterviewError) as error:
        services.slot_respond(slot=slot, candidate=candidate, confirm=True, now=session.respond_by)
    assert error.value.code == "respond_closed"
    with pytest.raises(Slot.DoesNotExist):
        services.slot_respond(slot=slot, candidate=hr, confirm=True)


@pytest.mark.django_db
def test_removing_a_slotted_candidate_frees_the_slot_for_the_next():
    entries = shortlisted_closed(3)
    hr = hr_staff(HR_OFFICER)
    session = session_for(entries, ends_by=local(10))
    services.slots_assign(sessions=[session], assigned_by=hr)
    assert not Slot.objects.filter(entry=entries[2]).exists()
    services.shortlist_entry_remove(entry=entries[0], removed_by=hr, reason="Calon menarik diri daripada proses")
    assert not Slot.objects.filter(entry=entries[0]).exists()
    (slot,), _left = services.slots_assign(sessions=[session], assigned_by=hr)
    assert slot.entry_id == entries[2].pk and slot.starts_at == local(9)


@pytest.mark.django_db
def test_a_slot_kept_after_a_removal_outside_the_back_office_no_longer_counts_as_taken():
    from screening.services import shortlist_remove

    entries = shortlisted_closed(2)
    hr = hr_staff(HR_OFFICER)
    session = session_for(entries, ends_by=local(9, 30))
    services.slots_assign(sessions=[session], assigned_by=hr)
    shortlist_remove(entry=entries[0], removed_by=hr, reason="Tidak layak setelah semakan semula")
    (slot,), _left = services.slots_assign(sessions=[session], assigned_by=hr)
    assert slot.entry_id == entries[1].pk and slot.starts_at == local(9)
