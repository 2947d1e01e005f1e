"""Interview sessions and slots: the layout of a session, assigning and moving slots, the candidate's answer,
the invitation with its calendar file, the candidate's page and HR's admin."""

import datetime as dt
import itertools
import threading

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from accounts.roles import HR_OFFICER, INTERVIEWER
from applications.services import application_start, application_submit
from audit.models import AuditEvent
from audit.services import Action
from interviews import services
from interviews.models import Slot, SlotChange
from interviews.scheduling import Grid, slots_plan
from outbox.models import Email
from screening.models import ShortlistEntry
from screening.services import shortlist_publish as screening_publish
from tests.factories import (
    PostFactory,
    SessionFactory,
    ShortlistFactory,
    UserFactory,
    close_advertisement,
    hr_staff,
    owed_email_send,
    shortlisted,
)

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
    return any(b_start < a_end for (_a_start, a_end), (b_start, _b_end) in itertools.pairwise(ordered))


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
        with pytest.raises(services.SlotError) as error:
            services.session_panel_set(session=session, members=[(outsider, False)], changed_by=hr)
        assert error.value.code == "panel_not_staff"


@pytest.mark.django_db
def test_no_session_before_the_advertisement_closes():
    entries = shortlisted(PostFactory(), 1)
    with pytest.raises(services.SlotError) as error:
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
    with pytest.raises(services.SlotError) as error:
        services.session_update(session=session, data={"starts_at": local(9, 15)}, updated_by=hr)
    assert error.value.code == "slots_outside" and "2" in error.value.messages[0]
    with pytest.raises(services.SlotError) as error:
        services.session_update(session=session, data={"slot_minutes": 45}, updated_by=hr)
    assert error.value.code == "slot_length_fixed"
    with pytest.raises(services.SlotError):
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
    moved_ics = Calendar.from_ical(message.attachments[0][1])  # a str or bytes: both are read
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
    with pytest.raises(services.SlotError) as error:
        services.slot_move(slot=slots[1], session=session, starts_at=local(9, 15), reason=reason, moved_by=hr)
    assert error.value.code == "session_busy"
    other = shortlisted_closed(1)
    elsewhere = session_for(other, panel=[interviewer], starts_at=local(8))
    other_slot = Slot.objects.create(
        session=elsewhere, entry=other[0], starts_at=local(8), ends_at=local(8, 30), assigned_by=hr
    )
    with pytest.raises(services.SlotError) as error:
        services.slot_move(slot=other_slot, session=elsewhere, starts_at=local(9), reason=reason, moved_by=hr)
    assert error.value.code == "panel_busy" and interviewer.full_name in error.value.messages[0]
    twice = second_application(entries[0])
    third = session_for([twice], starts_at=local(8))
    twice_slot = Slot.objects.create(
        session=third, entry=twice, starts_at=local(8), ends_at=local(8, 30), assigned_by=hr
    )
    with pytest.raises(services.SlotError) as error:
        services.slot_move(slot=twice_slot, session=third, starts_at=local(9), reason=reason, moved_by=hr)
    assert error.value.code == "candidate_busy"
    with pytest.raises(services.SlotError) as error:
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
    with pytest.raises(services.SlotError) as error:
        services.slot_respond(slot=slot, candidate=candidate, confirm=False, reason="Ada hal")
    assert error.value.code == "change_reason"
    slot = services.slot_respond(
        slot=slot, candidate=candidate, confirm=False, reason="Saya menduduki peperiksaan profesional pada hari itu"
    )
    assert slot.response == Slot.Response.CHANGE and slot.responded_at
    assert AuditEvent.objects.filter(action=Action.SLOT_RESPONSE, actor=candidate).exists()
    slot = services.slot_respond(slot=slot, candidate=candidate, confirm=True)
    assert slot.response == Slot.Response.CONFIRMED and slot.response_reason == ""
    with pytest.raises(services.SlotError) as error:
        services.slot_respond(slot=slot, candidate=candidate, confirm=True, now=session.respond_by)
    assert error.value.code == "respond_closed"
    with pytest.raises(Slot.DoesNotExist):
        services.slot_respond(slot=slot, candidate=hr, confirm=True)


@pytest.mark.django_db
def test_once_attendance_is_recorded_the_candidate_can_no_longer_answer_and_the_card_shows_no_form(client):
    entries = shortlisted_closed(1)
    hr = hr_staff(HR_OFFICER)
    session = session_for(entries, respond_by=local(17, day=DAY - dt.timedelta(days=3)))
    (slot,), _left = services.slots_assign(sessions=[session], assigned_by=hr)
    services.attendance_record(slots=[slot], attendance=Slot.Attendance.ATTENDED, recorded_by=hr)
    with pytest.raises(services.SlotError) as error:
        services.slot_respond(slot=slot, candidate=entries[0].application.candidate, confirm=True)
    assert error.value.code == "interview_held"
    page = client.get(signed_in(client, entries[0]))
    assert 'id="interview"' in page.text and 'data-action="confirm-slot"' not in page.text


def test_answers_close_when_the_interview_starts_even_if_the_deadline_set_is_later():
    session = SessionFactory.build(starts_at=local(9), respond_by=local(17))
    slot = Slot(session=session, starts_at=local(9, 30), ends_at=local(10))
    assert services.respond_deadline(slot) == local(9, 30)


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


# Publication and the invitation with the slot


def unpublished(count: int) -> list:
    post = PostFactory()
    entries = shortlisted(post, count, published=False)
    close_advertisement(post.advertisement)
    return entries


@pytest.mark.django_db
def test_with_sessions_publishing_needs_no_single_date_and_each_invitation_gives_the_candidates_own_slot():
    entries = unpublished(2)
    hr = hr_staff(HR_OFFICER)
    session = session_for(entries, notes="Sila hadir 15 minit lebih awal; tempat letak kereta terhad.")
    with pytest.raises(screening_services_error()):  # screening alone still wants the single date and venue
        screening_publish(shortlist=entries[0].shortlist, published_by=hr)
    services.slots_assign(sessions=[session], assigned_by=hr)
    assert not Email.objects.filter(
        kind__in=["slot_invitation", "invitation"]
    ).exists()  # not invited yet: the slot goes with the invitation
    assert (
        services.shortlist_publish(shortlist=entries[0].shortlist, published_by=hr, base_url="https://rekrut.test") == 2
    )
    assert Email.objects.filter(kind="slot_invitation").count() == 2
    assert not Email.objects.filter(kind="invitation").exists()
    slot = Slot.objects.get(entry=entries[1])
    assert owed_email_send(f"slot_invitation:{slot.pk}")
    message = mail.outbox[-1]
    assert "Sila hadir 15 minit lebih awal" in message.body and "https://rekrut.test/" in message.body
    assert "9:30 pagi" in message.body
    name, content, content_type = message.attachments[0]
    content = content.encode() if isinstance(content, str) else content
    assert name.endswith(".ics") and content_type.startswith("text/calendar")
    assert all(len(line) <= 75 for line in content.split(b"\r\n")) and b"\r\n " in content  # folded lines
    assert b"\\," in content  # the venue's commas escaped
    (event,) = Calendar.from_ical(content).walk("VEVENT")
    assert event.decoded("DTSTART") == local(9, 30) and event.decoded("DTEND") == local(10)
    assert str(event["LOCATION"]) == session.venue
    assert str(event["SUMMARY"]).startswith("Temu duga") or "MyIPO" in str(event["SUMMARY"])
    assert str(event["UID"]) == f"temuduga-slot-{slot.pk}@rekrut.myipo.gov.my"
    assert ShortlistEntry.objects.get(pk=entries[1].pk).invitation_sent_at is not None


@pytest.mark.django_db
def test_after_publishing_with_sessions_the_timeline_points_to_the_slot_not_an_empty_date(client):
    entries = unpublished(1)
    hr = hr_staff(HR_OFFICER)
    services.slots_assign(sessions=[session_for(entries)], assigned_by=hr)
    services.shortlist_publish(shortlist=entries[0].shortlist, published_by=hr, base_url="https://rekrut.test")
    response = client.get(signed_in(client, entries[0]))
    assert "Slot temu duga anda sendiri" in response.text and 'id="interview"' in response.text
    assert "Temu duga pada  di ." not in response.text and " di ." not in response.text


def screening_services_error():
    from screening.services import ScreeningError

    return ScreeningError


@pytest.mark.django_db
def test_publishing_with_sessions_is_refused_while_a_candidate_has_no_slot():
    entries = unpublished(2)
    hr = hr_staff(HR_OFFICER)
    services.slots_assign(sessions=[session_for(entries, ends_by=local(9, 30))], assigned_by=hr)
    with pytest.raises(services.SlotError) as error:
        services.shortlist_publish(shortlist=entries[0].shortlist, published_by=hr)
    assert error.value.code == "unslotted" and "1" in error.value.messages[0]
    assert not Email.objects.filter(kind__in=["slot_invitation", "invitation"]).exists()


@pytest.mark.django_db
def test_the_invitation_is_in_english_for_a_candidate_who_applied_in_english():
    entries = shortlisted_closed(1)
    entries[0].application.__class__.objects.filter(pk=entries[0].application_id).update(language="en")
    (slot,), _left = services.slots_assign(sessions=[session_for(entries)], assigned_by=hr_staff(HR_OFFICER))
    assert owed_email_send(f"slot_invitation:{slot.pk}")
    message = mail.outbox[-1]
    assert "invited to an interview" in message.body and "9:00 am" in message.body
    (event,) = Calendar.from_ical(message.attachments[0][1]).walk("VEVENT")
    assert str(event["SUMMARY"]).startswith("Interview:")


# The candidate's page


def signed_in(client, entry):
    client.force_login(entry.application.candidate)
    return reverse("applications:detail", kwargs={"pk": entry.application_id})


@pytest.mark.django_db
def test_the_candidate_sees_the_slot_downloads_the_calendar_and_confirms(client):
    entries = shortlisted_closed(1)
    (slot,), _left = services.slots_assign(sessions=[session_for(entries)], assigned_by=hr_staff(HR_OFFICER))
    page = signed_in(client, entries[0])
    response = client.get(page)
    assert response.status_code == 200
    assert 'id="interview"' in response.text and "9:00 pagi" in response.text
    ics = client.get(reverse("interviews:calendar", kwargs={"pk": entries[0].application_id}))
    assert ics["Content-Type"].startswith("text/calendar")
    assert Calendar.from_ical(ics.content).walk("VEVENT")[0].decoded("DTSTART") == local(9)
    answer = reverse("interviews:respond", kwargs={"pk": entries[0].application_id})
    response = client.post(answer, {"answer": "confirm"})
    assert response.status_code == 302 and response["Location"].endswith("#interview")
    slot.refresh_from_db()
    assert slot.response == Slot.Response.CONFIRMED


@pytest.mark.django_db
def test_a_too_short_reason_is_shown_again_with_what_the_candidate_typed(client):
    entries = shortlisted_closed(1)
    services.slots_assign(sessions=[session_for(entries)], assigned_by=hr_staff(HR_OFFICER))
    signed_in(client, entries[0])
    answer = reverse("interviews:respond", kwargs={"pk": entries[0].application_id})
    response = client.post(answer, {"answer": "change", "reason": "Ada urusan"})
    assert response.status_code == 400
    assert "Ada urusan" in response.text and "is-invalid" in response.text
    assert Slot.objects.get().response == Slot.Response.PENDING


@pytest.mark.django_db
def test_after_the_deadline_the_slot_is_read_only(client):
    entries = shortlisted_closed(1)
    session = session_for(entries, respond_by=timezone.now() - dt.timedelta(hours=1))
    services.slots_assign(sessions=[session], assigned_by=hr_staff(HR_OFFICER))
    page = signed_in(client, entries[0])
    response = client.get(page)
    assert "slot-closed" in response.text and 'data-action="confirm-slot"' not in response.text
    answer = reverse("interviews:respond", kwargs={"pk": entries[0].application_id})
    response = client.post(answer, {"answer": "confirm"})
    assert response.status_code == 400 and Slot.objects.get().response == Slot.Response.PENDING


@pytest.mark.django_db
def test_another_candidate_gets_404_for_the_slot_the_calendar_and_the_answer(client):
    entries = shortlisted_closed(2)
    services.slots_assign(sessions=[session_for(entries)], assigned_by=hr_staff(HR_OFFICER))
    signed_in(client, entries[1])
    pk = entries[0].application_id
    assert client.get(reverse("interviews:calendar", kwargs={"pk": pk})).status_code == 404
    assert client.post(reverse("interviews:respond", kwargs={"pk": pk}), {"answer": "confirm"}).status_code == 404
    assert Slot.objects.get(entry=entries[0]).response == Slot.Response.PENDING


@pytest.mark.django_db
def test_no_slot_shows_before_the_candidate_is_invited(client):
    entries = unpublished(1)
    services.slots_assign(sessions=[session_for(entries)], assigned_by=hr_staff(HR_OFFICER))
    page = signed_in(client, entries[0])
    assert 'id="interview"' not in client.get(page).text
    assert client.get(reverse("interviews:calendar", kwargs={"pk": entries[0].application_id})).status_code == 404


@pytest.mark.django_db
def test_the_slot_card_is_in_english_too(client):
    entries = shortlisted_closed(1)
    services.slots_assign(sessions=[session_for(entries)], assigned_by=hr_staff(HR_OFFICER))
    signed_in(client, entries[0])
    with translation.override("en"):
        page = reverse("applications:detail", kwargs={"pk": entries[0].application_id})
    response = client.get(page)
    assert "Your interview" in response.text and "I will attend" in response.text


# HR's admin


@pytest.mark.django_db
def test_hr_assigns_slots_after_a_confirmation_page_saying_who_does_not_fit(client):
    entries = shortlisted_closed(3)
    hr_staff(HR_OFFICER, client)
    session = session_for(entries, ends_by=local(10))
    url = reverse("admin:interviews_session_changelist")
    data = {"action": "assign_slots", "_selected_action": [session.pk]}
    page = client.post(url, data)
    assert page.status_code == 200 and "not-fitting" in page.text
    assert entries[2].application.reference in page.text and not Slot.objects.exists()
    done = client.post(url, {**data, "apply": "1"})
    assert done.status_code == 302 and Slot.objects.count() == 2
    listing = client.get(url)
    assert listing.status_code == 200 and session.venue in listing.text


@pytest.mark.django_db
def test_hr_creates_a_session_with_its_panel_in_the_admin(client):
    entries = shortlisted_closed(1)
    hr = hr_staff(HR_OFFICER, client)
    interviewer = hr_staff(INTERVIEWER)
    response = client.post(
        reverse("admin:interviews_session_add"),
        {
            "shortlist": entries[0].shortlist_id,
            "starts_at_0": DAY.isoformat(),
            "starts_at_1": "09:00",
            "venue": "Aras 20",
            "slot_minutes": 30,
            "gap_minutes": 0,
            "break_every": 0,
            "break_minutes": 0,
            "members-TOTAL_FORMS": 1,
            "members-INITIAL_FORMS": 0,
            "members-0-member": interviewer.pk,
            "members-0-is_chair": "on",
        },
    )
    assert response.status_code == 302, response.text[:3000]
    session = entries[0].shortlist.sessions.get()
    assert session.created_by == hr and list(session.panel.all()) == [interviewer]


@pytest.mark.django_db
def test_the_slot_list_costs_a_fixed_number_of_queries(client, django_assert_num_queries):
    entries = shortlisted_closed(6)
    hr_staff(HR_OFFICER, client)
    services.slots_assign(sessions=[session_for(entries)], assigned_by=entries[0].added_by)
    url = reverse("admin:interviews_slot_changelist")
    client.get(url)
    with django_assert_num_queries(8) as captured:
        response = client.get(url)
    assert response.status_code == 200 and entries[5].application.reference in response.text
    more = shortlisted_closed(4)
    services.slots_assign(sessions=[session_for(more, starts_at=local(14))], assigned_by=more[0].added_by)
    with django_assert_num_queries(len(captured)):
        client.get(url)


@pytest.mark.django_db
def test_hr_moves_a_candidate_and_an_overlap_is_refused_with_a_clear_message(client):
    entries = shortlisted_closed(2)
    hr = hr_staff(HR_OFFICER, client)
    session = session_for(entries)
    slots, _left = services.slots_assign(sessions=[session], assigned_by=hr)
    url = reverse("admin:interviews_slot_move", args=[slots[0].pk])
    form = {"session": session.pk, "starts_at_0": DAY.isoformat(), "reason": "Calon memohon slot lain melalui e-mel"}
    refused = client.post(url, {**form, "starts_at_1": "09:30"})
    assert refused.status_code == 200 and "errorlist" in refused.text and not SlotChange.objects.exists()
    moved = client.post(url, {**form, "starts_at_1": "11:00"})
    assert moved.status_code == 302
    assert Slot.objects.get(pk=slots[0].pk).starts_at == local(11)
    change_page = client.get(reverse("admin:interviews_slot_change", args=[slots[0].pk]))
    assert "Calon memohon slot lain" in change_page.text


@pytest.mark.django_db
def test_the_back_office_removal_frees_the_slot(client):
    entries = shortlisted_closed(1)
    hr_staff(HR_OFFICER, client)
    services.slots_assign(sessions=[session_for(entries)], assigned_by=entries[0].added_by)
    client.post(
        reverse("admin:screening_shortlistentry_changelist"),
        {"action": "remove", "_selected_action": [entries[0].pk], "apply": "1", "reason": "Calon menarik diri"},
    )
    assert ShortlistEntry.objects.get(pk=entries[0].pk).removed_at and not Slot.objects.exists()


@pytest.mark.django_db
def test_the_publish_page_of_a_shortlist_with_sessions_asks_for_slots_not_a_single_date(client):
    entries = unpublished(2)
    hr_staff(HR_OFFICER, client)
    services.slots_assign(sessions=[session_for(entries, ends_by=local(9, 30))], assigned_by=entries[0].added_by)
    url = reverse("admin:screening_shortlist_changelist")
    page = client.post(url, {"action": "publish", "_selected_action": [entries[0].shortlist_id]})
    assert 'class="sessions"' in page.text and "interview-at" not in page.text
    assert "1 " in page.text and " disabled" in page.text


# Two HR officers pressing at once (PostgreSQL: real row locks)


@pytest.mark.django_db(transaction=True)
def test_two_officers_assigning_at_once_give_each_candidate_one_slot():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    entries = shortlisted_closed(20)
    session = session_for(entries)
    officers = [hr_staff(HR_OFFICER), hr_staff(HR_OFFICER)]
    barrier, results, errors = threading.Barrier(2), [], []

    def press(officer):
        try:
            barrier.wait()
            results.append(services.slots_assign(sessions=[session], assigned_by=officer)[0])
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=press, args=(officer,)) for officer in officers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(len(slots) for slots in results) == [0, 20]
    assert Slot.objects.count() == 20 and not overlapping(Slot.objects.all())
    assert Email.objects.filter(kind="slot_invitation").count() == 20
