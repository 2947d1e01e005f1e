"""The journey after the shortlist attacked and misused: ids guessed, garbage posted, dates out of reach, steps
taken out of order or twice. Every refusal is a clear message or a 404, never a 500."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import HR_OFFICER
from audit.models import AuditEvent
from interviews import services
from interviews.models import MarkSheet, Offer, Selection, SelectionEntry, Session, Slot, SlotChange
from interviews.selectors import open_vacancies, selections_to_refill

from .factories import UserFactory, hr_staff
from .factories_iv_offers import entries, ranked_post
from .test_interview_offers import decided, send_offer
from .test_interview_slots import session_for, shortlisted_closed

MISTYPED_YEARS = ["0001-01-01", "9999-12-31", "2126-01-15"]

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["abc", "1 OR 1=1", "²", "-1", ""])
def test_promoting_the_reserve_of_a_garbage_post_id_is_not_found(client, value):
    selection = decided(count=3, vacancies=1, reserve=1)
    hr_staff(HR_OFFICER, client)
    response = client.post(reverse("admin:interviews_offer_refill"), {"selection": value})
    assert response.status_code == 404
    assert not SelectionEntry.objects.filter(selection=selection, final="selected").exclude(rank=1).exists()


# Dates out of reach: a mistyped year is refused with a message, never stored nor a server error


@pytest.mark.parametrize("day", MISTYPED_YEARS)
def test_a_session_on_a_mistyped_year_is_refused_with_a_message(client, day):
    entries_ = shortlisted_closed(1)
    hr_staff(HR_OFFICER, client)
    response = client.post(
        reverse("admin:interviews_session_add"),
        {
            "shortlist": entries_[0].shortlist.pk,
            "starts_at_0": day,
            "starts_at_1": "23:50",
            "venue": "Bilik Mesyuarat Utama",
            "slot_minutes": 30,
            "gap_minutes": 0,
            "break_every": 0,
            "break_minutes": 0,
            "members-TOTAL_FORMS": 0,
            "members-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200 and "dalam tempoh dua tahun" in response.text
    assert not Session.objects.exists()


@pytest.mark.parametrize("day", MISTYPED_YEARS)
def test_moving_a_slot_to_a_mistyped_year_is_refused_with_a_message(client, day):
    entries_ = shortlisted_closed(1)
    hr = hr_staff(HR_OFFICER, client)
    session = session_for(entries_)
    slots, _left = services.slots_assign(sessions=[session], assigned_by=hr)
    response = client.post(
        reverse("admin:interviews_slot_move", args=[slots[0].pk]),
        {"session": session.pk, "starts_at_0": day, "starts_at_1": "23:50", "reason": "Calon memohon slot lain"},
    )
    assert response.status_code == 200 and "errorlist" in response.text
    assert not SlotChange.objects.exists()


@pytest.mark.parametrize(
    ("respond_by", "report_at"), [("2126-01-15T17:00", "2126-02-15T08:30"), (None, "9999-12-31T23:59")]
)
def test_an_offer_with_a_mistyped_year_is_refused_with_a_message(client, respond_by, report_at):
    entry = entries(decided(count=1, reserve=0))[0]
    hr_staff(HR_OFFICER, client)
    soon = (timezone.localtime() + dt.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("admin:interviews_offer_send", args=[entry.pk]),
        {
            "salary": "4000.00",
            "contract_months": 24,
            "respond_by": respond_by or soon,
            "report_at": report_at,
            "report_place": "Menara UOA Bangsar",
        },
    )
    assert response.status_code == 200 and "dalam tempoh dua tahun" in response.text
    assert not Offer.objects.exists()


def test_a_meeting_on_a_mistyped_year_is_refused_with_a_message(client):
    selection = ranked_post(count=2)
    hr_staff(HR_OFFICER, client)
    response = client.post(
        reverse("admin:interviews_selection_decision", args=[selection.pk]),
        {
            "decision": "approved",
            "meeting": "Mesyuarat Pengurusan Bil. 3/2026",
            "meeting_on": "0001-01-01",
            **{f"final_{entry.pk}": entry.proposed for entry in entries(selection)},
        },
    )
    assert response.status_code == 200 and "dalam tempoh dua tahun" in response.text
    assert Selection.objects.get(pk=selection.pk).decision == ""


# Steps out of order


def test_the_vacancies_cannot_change_after_the_meetings_decision(client):
    from accounts.roles import HR_ADMINISTRATOR

    selection = decided(count=3, vacancies=1, reserve=1)
    hr_staff(HR_ADMINISTRATOR, client)
    url = reverse("admin:interviews_selection_change", args=[selection.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"vacancies": 3, "reserve_size": 5, "disagreement_points": "1"})
    selection.refresh_from_db()
    assert (selection.vacancies, selection.reserve_size) == (1, 1)
    assert selections_to_refill() == []


def test_hr_names_the_papers_signatories_in_the_admin_and_the_paper_prints_them(client):
    from accounts.roles import HR_ADMINISTRATOR
    from interviews.pdf import selection_paper_html

    selection = decided(count=3, vacancies=1, reserve=1)
    hr = hr_staff(HR_ADMINISTRATOR, client)
    url = reverse("admin:interviews_selection_change", args=[selection.pk])
    client.post(url, {"prepared_by": "Siti Aminah, Pegawai Sumber Manusia", "approved_by": "Ketua Pengarah"})
    selection.refresh_from_db()
    assert (selection.prepared_by, selection.approved_by) == ("Siti Aminah, Pegawai Sumber Manusia", "Ketua Pengarah")
    assert selection.vacancies == 1  # still frozen by the decision
    html = selection_paper_html(selection, generated_by=hr)
    assert "Siti Aminah, Pegawai Sumber Manusia" in html and "Ketua Pengarah" in html


# A candidate taken off the shortlist after the ranking


def remove(entry):
    services.shortlist_entry_remove(
        entry=entry.slot.entry, removed_by=UserFactory(is_staff=True), reason="Dokumen sokongan didapati palsu"
    )


def test_a_candidate_removed_from_the_shortlist_loses_the_offer_its_letter_and_its_answer(client):
    entry = entries(decided(count=1, reserve=0))[0]
    offer = send_offer(entry)
    remove(entry)
    offer.refresh_from_db()
    assert offer.status == Offer.Status.WITHDRAWN
    client.force_login(entry.slot.entry.application.candidate)
    assert client.get(reverse("interviews:offer_letter", args=[offer.pk])).status_code == 404
    assert client.post(reverse("interviews:offer_answer", args=[offer.pk]), {"answer": "accept"}).status_code == 404
    with pytest.raises(services.SelectionError) as error:
        services.offer_respond(offer=offer, candidate=entry.slot.entry.application.candidate, accept=True)
    assert error.value.code == "entry_removed"
    offer.refresh_from_db()
    assert offer.status == Offer.Status.WITHDRAWN
    assert AuditEvent.objects.filter(action="offer_lapse", target_id=str(offer.pk)).exists()


def test_no_offer_is_sent_to_a_candidate_removed_from_the_shortlist():
    entry = entries(decided(count=1, reserve=0))[0]
    remove(entry)
    with pytest.raises(services.SelectionError) as error:
        send_offer(entry)
    assert error.value.code == "entry_removed"
    assert not Offer.objects.exists()


def test_the_reserve_list_skips_a_removed_candidate_and_a_removed_selected_frees_the_vacancy():
    selection = decided(count=4, vacancies=1, reserve=2)
    first, second, third, _fourth = entries(selection)
    remove(second)  # number 1 on the reserve list
    assert open_vacancies(selection) == 1 - 1
    remove(first)  # the selected candidate: the vacancy is open again
    assert open_vacancies(selection) == 1
    [refill] = selections_to_refill()
    assert refill.next_entry == third and refill.reserve_left == 1
    promoted = services.reserve_promote(selection=selection, promoted_by=UserFactory(is_staff=True))
    assert promoted == third


def test_no_marks_are_saved_or_submitted_after_the_meetings_decision(client):
    from .factories import marking_scheme
    from .factories_iv_marks import interviewer

    selection = decided(count=2)
    scheme = marking_scheme(selection.post, fixed=True)
    slot = entries(selection)[0].slot
    late = interviewer("Ahli Panel Lewat", client)
    slot.session.members.create(member=late)
    values = {criterion.pk: 5 for criterion in scheme.criteria.all()}
    for submit in (False, True):
        with pytest.raises(services.InterviewError) as error:
            services.sheet_save(slot=slot, member=late, values=values, submit=submit)
        assert error.value.code == "decided"
    response = client.post(
        reverse("admin:interviews_panel_candidate", args=[slot.pk]),
        {**{f"mark_{pk}": 5 for pk in values}, "comment": "", "submit": "1"},
    )
    assert response.status_code == 200 and "errorlist" in response.text
    assert not MarkSheet.objects.exists()


# Pages that must cost the same number of queries however many rows they show


def offered_post(count: int):
    """A decided post whose `count` selected candidates were sent an offer; all but one declined."""
    selection = decided(count=count + 1, vacancies=count, reserve=1)
    for entry in entries(selection)[:count]:
        send_offer(entry)
    Offer.objects.filter(selection_entry__in=entries(selection)[: count - 1]).update(status="declined")
    return selection


def queries_of(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm the caches (session, content types)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "page",
    [
        lambda selection: reverse("admin:interviews_offer_changelist"),
        lambda selection: reverse("admin:interviews_selection_offers", args=[selection.pk]),
        lambda selection: reverse("admin:interviews_offer_refill"),
        lambda selection: reverse("admin:interviews_selection_ranking", args=[selection.pk]),
    ],
    ids=["offer list", "offers of a post", "refill", "ranking"],
)
def test_hrs_offer_pages_cost_the_same_queries_for_more_offers_and_posts(client, page):
    hr_staff(HR_OFFICER, client)
    selection = offered_post(2)
    few = queries_of(client, page(selection))
    offered_post(3)
    more = offered_post(4)
    Offer.objects.filter(selection_entry__selection=more).update(status="declined")  # one more post to refill
    assert queries_of(client, page(selection)) == few
    assert queries_of(client, page(more)) == few


def test_the_application_page_with_an_offer_costs_the_same_queries_as_one_without(client):
    selection = offered_post(2)
    declined, waiting, reserve = (entry.slot.entry.application for entry in entries(selection))
    client.force_login(waiting.candidate)
    with_offer = queries_of(client, reverse("applications:detail", args=[waiting.pk]))
    client.force_login(declined.candidate)
    assert queries_of(client, reverse("applications:detail", args=[declined.pk])) == with_offer
    client.force_login(reserve.candidate)
    assert queries_of(client, reverse("applications:detail", args=[reserve.pk])) <= with_offer


def test_a_slot_whose_attendance_is_recorded_cannot_be_moved_nor_the_candidate_emailed(client):
    from outbox.models import Email

    entries_ = shortlisted_closed(1)
    hr = hr_staff(HR_OFFICER, client)
    session = session_for(entries_)
    [slot], _left = services.slots_assign(sessions=[session], assigned_by=hr)
    services.attendance_record(slots=[slot], attendance="attended", recorded_by=hr)
    day = timezone.localtime(slot.starts_at).date().isoformat()
    response = client.post(
        reverse("admin:interviews_slot_move", args=[slot.pk]),
        {"session": session.pk, "starts_at_0": day, "starts_at_1": "15:00", "reason": "Calon memohon slot lain"},
    )
    assert response.status_code == 200 and "errorlist" in response.text
    assert not SlotChange.objects.exists() and not Email.objects.filter(kind="slot_change").exists()


def test_an_offer_answer_that_is_neither_accept_nor_decline_says_what_to_choose(client):
    entry = entries(decided(count=1, reserve=0))[0]
    offer = send_offer(entry)
    client.force_login(entry.slot.entry.application.candidate)
    response = client.post(reverse("interviews:offer_answer", args=[offer.pk]), {"answer": "maybe"}, follow=True)
    assert "Pilih" in response.text or "Choose whether" in response.text
    assert "maybe" not in response.text
    offer.refresh_from_db()
    assert offer.status == Offer.Status.SENT


# Two HR officers at the same moment (PostgreSQL: real row locks)


def test_two_moves_onto_one_panel_members_time_in_two_posts_at_once_seat_only_one(postgresql):
    from accounts.roles import INTERVIEWER

    from .concurrency import at_once
    from .test_interview_slots import local, overlapping

    hr, member = hr_staff(HR_OFFICER), hr_staff(INTERVIEWER)
    first, second = shortlisted_closed(1), shortlisted_closed(1)
    sessions = [session_for(first, panel=[member]), session_for(second, panel=[member], starts_at=local(9, 30))]
    slots = [services.slots_assign(sessions=[session], assigned_by=hr)[0][0] for session in sessions]

    def move(number):
        return services.slot_move(
            slot=slots[number],
            session=sessions[number],
            starts_at=local(11),
            reason="Calon memohon slot lain",
            moved_by=hr,
        )

    results = at_once(2, move)
    assert sorted(type(result).__name__ for result in results) == ["SlotChange", "SlotError"]
    assert not overlapping(Slot.objects.all())
