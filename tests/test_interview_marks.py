"""Marking schemes, the panel's marks and their locking, attendance, the marking sheets and the ranking."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from accounts.roles import HR_OFFICER
from audit.models import AuditEvent
from interviews import marks, ranking, services
from interviews.models import Mark, MarkChange, MarkingScheme, MarkSheet, Selection, SelectionEntry, Slot
from interviews.results import ranking_table

from .factories import PostFactory, hr_staff
from .factories_iv_marks import interviewer, marking_scheme, session_with, submitted_sheet

pytestmark = pytest.mark.django_db

Action = AuditEvent.Action


@pytest.fixture
def post():
    return PostFactory()


def values_for(scheme, numbers):
    return {criterion.pk: value for criterion, value in zip(scheme.criteria.all(), numbers, strict=True)}


# Pure rules


@pytest.mark.parametrize(
    ("weights", "problem"),
    [([40, 25, 20, 15], None), ([40, 25, 20], "weights_total"), ([], "no_criteria"), ([50, 60], "weights_total")],
)
def test_weights_must_total_100(weights, problem):
    found = marks.weights_problem(weights)
    assert (found[0] if found else None) == problem


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (0, None),
        (10, None),
        ("7", None),
        (11, "mark_range"),
        (-1, "mark_range"),
        ("7.5", "mark_range"),
        ("abc", "mark_range"),
        ("", "mark_missing"),
        (None, "mark_missing"),
        (True, "mark_range"),
    ],
)
def test_a_mark_is_a_whole_number_from_0_to_the_highest(value, problem):
    found = marks.mark_problem(value, criterion="Pengalaman", max_mark=10)
    assert (found[0] if found else None) == problem


def test_the_default_template_has_four_criteria_totalling_100():
    assert len(marks.DEFAULT_TEMPLATE) == 4
    assert sum(c.weight for c in marks.DEFAULT_TEMPLATE) == 100
    assert marks.DEFAULT_TEMPLATE[0].name_en == "Knowledge of the post's field"


def test_weighted_total_is_of_100():
    assert marks.weighted_total([(10, 10, 40), (5, 10, 25), (0, 10, 20), (3, 5, 15)]) == Decimal("61.50")


def candidate(key, totals, points=0, day=1):
    return ranking.Candidate(
        key=key,
        totals=[Decimal(t) for t in totals],
        points=points,
        submitted_at=dt.datetime(2026, 1, day, tzinfo=dt.UTC),
        application_id=key,
    )


def test_ties_go_to_more_screening_points_then_the_earlier_submission():
    ordered = ranking.rank(
        [
            candidate(1, ["80"], points=5, day=1),
            candidate(2, ["80"], points=9, day=3),
            candidate(3, ["80"], points=5, day=2),
        ],
        vacancies=1,
        reserve_size=1,
        disagreement=Decimal(15),
    )
    assert [c.key for c in ordered] == [2, 1, 3]
    assert [c.proposed for c in ordered] == ["selected", "reserve", "not_selected"]
    assert ordered[1].reserve_position == 1


def test_score_is_the_mean_half_up_and_a_large_spread_is_flagged():
    (only,) = ranking.rank([candidate(1, ["70.00", "90.01"])], vacancies=1, reserve_size=0, disagreement=Decimal(20))
    assert only.score == Decimal("80.01")  # 80.005 rounded half up
    assert only.spread == Decimal("20.01")
    assert only.flagged


def test_more_vacancies_than_candidates_selects_them_all():
    ordered = ranking.rank(
        [candidate(1, ["50"]), candidate(2, ["60"])], vacancies=5, reserve_size=3, disagreement=Decimal(15)
    )
    assert [c.proposed for c in ordered] == ["selected", "selected"]


# Marking schemes


def test_hr_copies_the_template_and_fixes_the_scheme_recorded(post):
    hr = hr_staff(HR_OFFICER)
    scheme = MarkingScheme.objects.create(post=post)
    services.scheme_copy_template(scheme=scheme, copied_by=hr)
    assert [c.weight for c in scheme.criteria.all()] == [40, 25, 20, 15]
    services.scheme_fix(scheme=scheme, fixed_by=hr)
    scheme.refresh_from_db()
    assert scheme.is_fixed and scheme.fixed_by == hr
    assert AuditEvent.objects.filter(action=Action.MARKING_SCHEME, actor=hr).exists()


def test_a_fixed_scheme_cannot_change(post):
    hr = hr_staff(HR_OFFICER)
    scheme = marking_scheme(post, fixed=True)
    with pytest.raises(ValidationError) as error:
        services.scheme_copy_template(scheme=scheme, copied_by=hr)
    assert error.value.code == "scheme_fixed"
    with pytest.raises(ValidationError):
        services.scheme_fix(scheme=scheme, fixed_by=hr)


def test_a_scheme_whose_weights_do_not_total_100_cannot_be_fixed(post):
    scheme = marking_scheme(post, [("Pengetahuan", 40, 10), ("Pengalaman", 20, 10)])
    with pytest.raises(ValidationError) as error:
        services.scheme_fix(scheme=scheme, fixed_by=hr_staff(HR_OFFICER))
    assert "100" in error.value.messages[0] and "60" in error.value.messages[0]


def test_hr_copies_another_posts_scheme(post):
    source = marking_scheme(PostFactory(), [("Kemahiran teknikal", 60, 20), ("Sikap", 40, 10)], fixed=True)
    scheme = MarkingScheme.objects.create(post=post)
    services.scheme_copy_from(scheme=scheme, source=source, copied_by=hr_staff(HR_OFFICER))
    assert [(c.name_ms, c.weight, c.max_mark) for c in scheme.criteria.all()] == [
        ("Kemahiran teknikal", 60, 20),
        ("Sikap", 40, 10),
    ]


def test_the_admin_refuses_weights_not_totalling_100(client, post):
    hr_staff(HR_OFFICER, client)
    response = client.post(
        reverse("admin:interviews_markingscheme_add"),
        {
            "post": post.pk,
            "criteria-TOTAL_FORMS": "1",
            "criteria-INITIAL_FORMS": "0",
            "criteria-0-position": "1",
            "criteria-0-name_ms": "Pengalaman",
            "criteria-0-weight": "90",
            "criteria-0-max_mark": "10",
        },
    )
    assert response.status_code == 200
    assert not MarkingScheme.objects.exists()
    assert "100" in response.content.decode()


def test_a_fixed_scheme_is_read_only_in_the_admin(client, post):
    hr_staff(HR_OFFICER, client)
    scheme = marking_scheme(post, fixed=True)
    response = client.get(reverse("admin:interviews_markingscheme_change", args=[scheme.pk]))
    assert response.status_code == 200
    assert 'name="criteria-0-weight"' not in response.content.decode()


def test_marks_are_refused_while_the_scheme_is_not_fixed(post):
    member = interviewer()
    _session, (slot,) = session_with(post, 1, members=[member])
    scheme = marking_scheme(post)
    with pytest.raises(ValidationError) as error:
        services.sheet_save(slot=slot, member=member, values=values_for(scheme, [5, 5, 5, 5]))
    assert error.value.code == "scheme_not_fixed"


# Marks


def test_a_member_saves_a_draft_then_submits_and_the_sheet_locks(post):
    member = interviewer()
    _session, (slot,) = session_with(post, 1, members=[member])
    scheme = marking_scheme(post, fixed=True)
    services.sheet_save(slot=slot, member=member, values=values_for(scheme, [5, "", 7, ""]), comment="Baik")
    sheet = MarkSheet.objects.get()
    assert not sheet.is_locked and sheet.marks.count() == 2
    assert AuditEvent.objects.filter(action=Action.MARKS_DRAFT, actor=member).count() == 1
    services.sheet_save(slot=slot, member=member, values=values_for(scheme, [5, 6, 7, 8]), submit=True)
    sheet.refresh_from_db()
    assert sheet.is_locked and sheet.marks.count() == 4
    assert AuditEvent.objects.filter(action=Action.MARKS_SUBMIT, actor=member).count() == 1
    with pytest.raises(ValidationError) as error:
        services.sheet_save(slot=slot, member=member, values=values_for(scheme, [1, 1, 1, 1]))
    assert error.value.code == "sheet_locked"
    assert sorted(sheet.marks.values_list("value", flat=True)) == [5, 6, 7, 8]


def test_submitting_needs_every_mark_in_range_and_a_short_comment(post):
    member = interviewer()
    _session, (slot,) = session_with(post, 1, members=[member])
    scheme = marking_scheme(post, fixed=True)
    with pytest.raises(ValidationError) as error:
        services.sheet_save(
            slot=slot, member=member, values=values_for(scheme, [11, "", 5, 5]), comment="x" * 1001, submit=True
        )
    problems = error.value.message_dict
    assert len(problems) == 3  # the mark above 10, the missing mark, the long comment
    assert not MarkSheet.objects.exists()


def test_marks_only_for_a_candidate_recorded_as_attended(post):
    member = interviewer()
    _session, (slot,) = session_with(post, 1, members=[member], attended=False)
    scheme = marking_scheme(post, fixed=True)
    with pytest.raises(ValidationError) as error:
        services.sheet_save(slot=slot, member=member, values=values_for(scheme, [5, 5, 5, 5]))
    assert error.value.code == "not_attended"


def test_someone_off_the_panel_cannot_mark(post):
    _session, (slot,) = session_with(post, 1, members=[interviewer()])
    scheme = marking_scheme(post, fixed=True)
    with pytest.raises(ValidationError) as error:
        services.sheet_save(slot=slot, member=interviewer("Other"), values=values_for(scheme, [5, 5, 5, 5]))
    assert error.value.code == "not_on_panel"


def test_one_sheet_per_member_and_candidate_in_the_database(post):
    member = interviewer()
    _session, (slot,) = session_with(post, 1, members=[member])
    MarkSheet.objects.create(slot=slot, member=member)
    with pytest.raises(IntegrityError):
        MarkSheet.objects.create(slot=slot, member=member)


def test_hr_changes_a_submitted_mark_only_with_a_reason(post):
    member, hr = interviewer(), hr_staff(HR_OFFICER)
    _session, (slot,) = session_with(post, 1, members=[member])
    marking_scheme(post, fixed=True)
    sheet = submitted_sheet(slot, member, [5, 6, 7, 8])
    first = sheet.marks.first()
    with pytest.raises(ValidationError) as error:
        services.sheet_change(sheet=sheet, values={first.criterion_id: 9}, reason="typo", changed_by=hr)
    assert error.value.code == "change_reason"
    services.sheet_change(
        sheet=sheet, values={first.criterion_id: 9}, reason="Salah salin daripada borang bercetak", changed_by=hr
    )
    first.refresh_from_db()
    assert first.value == 9
    change = MarkChange.objects.get()
    assert (change.old_value, change.new_value, change.changed_by) == (5, 9, hr)
    assert AuditEvent.objects.filter(action=Action.MARKS_CHANGE, actor=hr).exists()


def test_hr_keys_in_a_printed_sheet_for_a_member(post):
    member, hr = interviewer(), hr_staff(HR_OFFICER)
    _session, (slot,) = session_with(post, 1, members=[member])
    scheme = marking_scheme(post, fixed=True)
    sheet = services.sheet_save(
        slot=slot, member=member, values=values_for(scheme, [5, 6, 7, 8]), submit=True, keyed_by=hr
    )
    assert sheet.keyed_by == hr and sheet.member == member and sheet.is_locked
    assert AuditEvent.objects.get(action=Action.MARKS_SUBMIT).actor == hr


def test_the_hr_sheet_page_keys_in_and_then_changes_with_a_reason(client, post):
    member = interviewer()
    hr = hr_staff(HR_OFFICER, client)
    _session, (slot,) = session_with(post, 1, members=[member])
    scheme = marking_scheme(post, fixed=True)
    url = reverse("admin:interviews_sheet_hr", args=[slot.pk, member.pk])
    data = {f"mark_{c.pk}": v for c, v in zip(scheme.criteria.all(), [5, 6, 7, 8], strict=True)}
    assert client.post(url, {**data, "submit": "1"}).status_code == 302
    assert MarkSheet.objects.get().keyed_by == hr
    response = client.post(url, {**data, f"mark_{scheme.criteria.first().pk}": 2, "reason": ""})
    assert response.status_code == 200 and Mark.objects.filter(value=2).count() == 0
    client.post(url, {**data, f"mark_{scheme.criteria.first().pk}": 2, "reason": "Salah kunci masuk markah"})
    assert Mark.objects.filter(value=2).count() == 1


# Attendance


def test_hr_records_attendance_recorded_per_candidate(post):
    hr = hr_staff(HR_OFFICER)
    _session, slots = session_with(post, 2, attended=False)
    assert services.attendance_record(slots=slots, attendance=Slot.Attendance.ATTENDED, recorded_by=hr) == 2
    assert set(Slot.objects.values_list("attendance", flat=True)) == {"attended"}
    assert AuditEvent.objects.filter(action=Action.ATTENDANCE).count() == 2


def test_a_candidate_with_submitted_marks_cannot_be_recorded_absent(post):
    member, hr = interviewer(), hr_staff(HR_OFFICER)
    _session, (slot,) = session_with(post, 1, members=[member])
    marking_scheme(post, fixed=True)
    submitted_sheet(slot, member, [5, 5, 5, 5])
    with pytest.raises(ValidationError) as error:
        services.attendance_record(slots=[slot], attendance=Slot.Attendance.ABSENT, recorded_by=hr)
    assert error.value.code == "absent_with_marks"


def test_the_attendance_page_records_the_chosen_slots(client, post):
    hr_staff(HR_OFFICER, client)
    session, slots = session_with(post, 2, attended=False)
    url = reverse("admin:interviews_session_attendance", args=[session.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"slot": [slots[0].pk], "attendance": "absent"})
    assert list(Slot.objects.order_by("starts_at").values_list("attendance", flat=True)) == ["absent", ""]


# The interviewer's pages


def test_an_interviewer_sees_only_their_sessions_and_the_index_link(client, post):
    member = interviewer(client=client)
    session_with(post, 2, members=[member])
    _other, other_slots = session_with(PostFactory(), 1, members=[interviewer("Other")])
    index = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:interviews_panel") in index
    page = client.get(reverse("admin:interviews_panel"))
    assert page.status_code == 200
    assert other_slots[0].entry.application.reference not in page.content.decode()
    assert AuditEvent.objects.filter(action=Action.PANEL_VIEW, actor=member).exists()


def test_an_interviewer_opens_their_candidate_but_not_another_sessions(client, post):
    member = interviewer(client=client)
    _session, (slot,) = session_with(post, 1, members=[member])
    marking_scheme(post, fixed=True)
    _other, (other_slot,) = session_with(PostFactory(), 1, members=[interviewer("Other")])
    response = client.get(reverse("admin:interviews_panel_candidate", args=[slot.pk]))
    assert response.status_code == 200
    assert slot.entry.application.reference in response.content.decode()
    assert AuditEvent.objects.filter(
        action=Action.PANEL_VIEW, actor=member, target_id=str(slot.entry.application.pk)
    ).exists()
    assert client.get(reverse("admin:interviews_panel_candidate", args=[other_slot.pk])).status_code == 404


def test_an_interviewer_is_refused_every_other_admin_page(client, post):
    interviewer(client=client)
    for name in [
        "admin:applications_application_changelist",
        "admin:interviews_markingscheme_changelist",
        "admin:interviews_selection_changelist",
        "admin:audit_auditevent_changelist",
    ]:
        assert client.get(reverse(name)).status_code == 403, name
    session, _slots = session_with(post, 1)
    assert client.get(reverse("admin:interviews_session_attendance", args=[session.pk])).status_code == 403
    assert client.get(reverse("admin:interviews_session_marking_sheets", args=[session.pk])).status_code == 404


def test_an_interviewer_opens_documents_of_their_candidates_only(client, post):
    member = interviewer(client=client)
    _session, (slot,) = session_with(post, 1, members=[member])
    _other, (other_slot,) = session_with(PostFactory(), 1, members=[interviewer("Other")])
    document = slot.entry.application.documents.first()
    other_document = other_slot.entry.application.documents.first()
    url = reverse("admin:interviews_panel_document", args=[slot.pk, document.pk])
    assert client.get(url).status_code == 200
    assert AuditEvent.objects.filter(action=Action.DOCUMENT_VIEW, actor=member).count() == 1
    # Another candidate's document, through one's own candidate or through the other slot: not found.
    assert client.get(reverse("admin:interviews_panel_document", args=[slot.pk, other_document.pk])).status_code == 404
    assert (
        client.get(reverse("admin:interviews_panel_document", args=[other_slot.pk, other_document.pk])).status_code
        == 404
    )


def test_an_interviewer_marks_from_the_page_and_then_sees_it_locked(client, post):
    member = interviewer(client=client)
    _session, (slot,) = session_with(post, 1, members=[member])
    scheme = marking_scheme(post, fixed=True)
    url = reverse("admin:interviews_panel_candidate", args=[slot.pk])
    data = {f"mark_{c.pk}": v for c, v in zip(scheme.criteria.all(), [5, 6, 7, 12], strict=True)}
    response = client.post(url, {**data, "submit": "1"})
    assert response.status_code == 200 and "12" in response.content.decode()
    assert not MarkSheet.objects.exists()
    response = client.post(url, {**data, f"mark_{scheme.criteria.last().pk}": 8, "submit": "1"})
    assert response.status_code == 302
    assert MarkSheet.objects.get().is_locked
    page = client.get(url).content.decode()
    assert 'name="submit"' not in page


def test_other_members_marks_are_hidden_until_one_submits(client, post):
    member = interviewer(client=client)
    colleague = interviewer("Colleague Rahman")
    _session, (slot,) = session_with(post, 1, members=[member, colleague])
    marking_scheme(post, fixed=True)
    submitted_sheet(slot, colleague, [9, 9, 9, 9], comment="Sangat meyakinkan")
    url = reverse("admin:interviews_panel_candidate", args=[slot.pk])
    assert "Sangat meyakinkan" not in client.get(url).content.decode()
    submitted_sheet(slot, member, [5, 5, 5, 5])
    assert "Sangat meyakinkan" in client.get(url).content.decode()


# The marking sheets PDF


def test_the_marking_sheets_pdf_has_a_page_per_candidate_in_malay(post):
    from pypdf import PdfReader

    member = interviewer("Dr. Aminah binti Yusof")
    hr = hr_staff(HR_OFFICER)
    session, slots = session_with(post, 2, members=[member])
    marking_scheme(post, fixed=True)
    filename, content_type, content = services.marking_sheets_pdf(session=session, generated_by=hr)
    assert content_type == "application/pdf" and filename.endswith(".pdf")
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 2
    text = reader.pages[0].extract_text()
    for expected in [
        "BORANG MARKAH TEMU DUGA",
        post.title_ms,
        slots[0].entry.application.reference,
        "Pengalaman",
        "Wajaran",
        "Ulasan",
        "Aminah",
        "Masa temu duga",
    ]:
        assert expected in text, expected
    assert slots[1].entry.application.full_name in reader.pages[1].extract_text()
    assert AuditEvent.objects.filter(action=Action.EXPORT_PDF, actor=hr).exists()


# Ranking


@pytest.fixture
def ranked_post(post):
    """Three attended candidates marked by two members, one absent."""
    a, b = interviewer("Ahli A"), interviewer("Ahli B")
    _session, slots = session_with(post, 4, members=[a, b])
    marking_scheme(post, fixed=True)
    Slot.objects.filter(pk=slots[3].pk).update(attendance=Slot.Attendance.ABSENT)
    for slot, (first, second) in zip(
        slots[:3],
        [([8, 8, 8, 8], [8, 8, 8, 8]), ([10, 10, 10, 10], [6, 6, 6, 6]), ([5, 5, 5, 5], [5, 5, 5, 5])],
        strict=True,
    ):
        submitted_sheet(slot, a, first)
        submitted_sheet(slot, b, second)
    selection = Selection.objects.create(post=post, vacancies=1, reserve_size=1, disagreement_points=Decimal(30))
    return selection, slots


def test_the_ranking_proposes_selected_reserve_and_not_selected(ranked_post):
    selection, slots = ranked_post
    hr = hr_staff(HR_OFFICER)
    services.ranking_propose(selection=selection, proposed_by=hr)
    entries = list(SelectionEntry.objects.order_by("rank"))
    # Candidate 2 (100 and 60) ties candidate 1 (80 and 80) on 80.00; more points would win, else earlier.
    assert [e.score for e in entries] == [Decimal("80.00"), Decimal("80.00"), Decimal("50.00")]
    assert [e.proposed for e in entries] == ["selected", "reserve", "not_selected"]
    assert entries[1].reserve_position == 1
    assert {e.slot_id for e in entries} == {s.pk for s in slots[:3]}  # the absent one is not ranked
    assert Selection.objects.get().proposed_by == hr
    assert AuditEvent.objects.filter(action=Action.RANKING).exists()


def test_the_tie_goes_to_the_screening_points(ranked_post):
    selection, slots = ranked_post
    type(slots[1].entry).objects.filter(pk=slots[1].entry_id).update(points=9)
    table = ranking_table(selection=selection)
    assert table.ranked[0].key == slots[1].pk


def test_a_large_spread_is_flagged(ranked_post):
    selection, slots = ranked_post
    table = ranking_table(selection=selection)
    flagged = {row.key: row.flagged for row in table.ranked}
    assert flagged[slots[1].pk] is True  # 100 against 60: 40 points apart, above 30
    assert flagged[slots[0].pk] is False


def test_a_missing_sheet_blocks_the_ranking_and_names_the_candidate(ranked_post):
    selection, slots = ranked_post
    MarkSheet.objects.filter(slot=slots[2]).first().marks.all().delete()
    MarkSheet.objects.filter(slot=slots[2]).update(submitted_at=None)
    with pytest.raises(ValidationError) as error:
        services.ranking_propose(selection=selection, proposed_by=hr_staff(HR_OFFICER))
    assert slots[2].entry.application.full_name in error.value.messages[0]
    assert not SelectionEntry.objects.exists()


def test_the_proposal_is_refused_after_the_meetings_decision(ranked_post):
    selection, _slots = ranked_post
    Selection.objects.filter(pk=selection.pk).update(decision=Selection.Decision.APPROVED)
    with pytest.raises(ValidationError) as error:
        services.ranking_propose(selection=selection, proposed_by=hr_staff(HR_OFFICER))
    assert error.value.code == "decided"


def test_writing_the_proposal_again_replaces_it(ranked_post):
    selection, _slots = ranked_post
    hr = hr_staff(HR_OFFICER)
    services.ranking_propose(selection=selection, proposed_by=hr)
    services.ranking_propose(selection=selection, proposed_by=hr)
    assert SelectionEntry.objects.count() == 3


def test_the_ranked_table_costs_a_fixed_number_of_queries(ranked_post, django_assert_num_queries):
    selection, _slots = ranked_post
    with django_assert_num_queries(5):
        table = ranking_table(selection=selection)
    assert len(table.ranked) == 3 and len(table.absent) == 1


def test_the_ranking_page_shows_the_table_and_writes_the_proposal(client, ranked_post):
    selection, slots = ranked_post
    hr_staff(HR_OFFICER, client)
    url = reverse("admin:interviews_selection_ranking", args=[selection.pk])
    page = client.get(url).content.decode()
    assert slots[0].entry.application.reference in page and "80.00" in page
    assert client.post(url).status_code == 302
    assert SelectionEntry.objects.count() == 3


# Concurrency (PostgreSQL only)


def test_two_submits_at_once_make_one_sheet_and_a_clear_refusal(transactional_db):
    from django.db import connection

    from .test_document_access import at_once

    if connection.vendor != "postgresql":
        pytest.skip("Real concurrency needs PostgreSQL (set DATABASE_URL); SQLite serialises writers.")
    post = PostFactory()
    member = interviewer()
    _session, (slot,) = session_with(post, 1, members=[member])
    scheme = marking_scheme(post, fixed=True)
    values = values_for(scheme, [5, 6, 7, 8])
    results = at_once(4, lambda n: services.sheet_save(slot=slot, member=member, values=values, submit=True))
    assert MarkSheet.objects.count() == 1
    assert sum(isinstance(result, MarkSheet) for result in results) == 1
    refusals = [result for result in results if isinstance(result, ValidationError)]
    assert len(refusals) == 3 and {r.code for r in refusals} <= {"sheet_locked", "sheet_exists"}
    assert AuditEvent.objects.filter(action=Action.MARKS_SUBMIT).count() == 1


def test_marks_are_refused_for_a_candidate_removed_from_the_shortlist_and_hr_sheet_says_so(client, post):
    from screening.services import shortlist_remove

    member = interviewer()
    hr = hr_staff(HR_OFFICER, client)
    _session, (slot,) = session_with(post, 1, members=[member])
    scheme = marking_scheme(post, fixed=True)
    sheet = services.sheet_save(slot=slot, member=member, values=values_for(scheme, [5, 6, 7, 8]), submit=True)
    shortlist_remove(entry=slot.entry, removed_by=hr, reason="Menarik diri sebelum keputusan")
    for refused in (
        lambda: services.sheet_save(slot=slot, member=member, values={}, keyed_by=hr),
        lambda: services.sheet_change(sheet=sheet, values={}, reason="Salah kunci masuk markah", changed_by=hr),
    ):
        with pytest.raises(ValidationError) as error:
            refused()
        assert error.value.code == "removed"
    page = client.get(reverse("admin:interviews_sheet_hr", args=[slot.pk, member.pk])).content.decode()
    assert "Menarik diri sebelum keputusan" in page
    assert 'name="submit"' not in page
