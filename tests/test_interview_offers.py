"""The selection paper, the meeting's decision, offers and the reserve list, the candidate's later stages and
closing the post, and the dashboard's later stages."""

import datetime as dt
import io
import threading
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from accounts.roles import HR_OFFICER
from audit.models import AuditEvent
from interviews import services
from interviews.models import Offer, Selection, SelectionEntry
from interviews.pdf import selection_paper_render
from interviews.selectors import open_vacancies, selections_to_refill
from outbox.models import Email

from .factories import UserFactory, hr_staff, marking_scheme, owed_email_send
from .factories_iv_offers import entries, ranked_post

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def decided(selection=None, **kwargs) -> Selection:
    selection = selection or ranked_post(**kwargs)
    return services.selection_decide(
        selection=selection,
        decision=Selection.Decision.APPROVED,
        meeting="Mesyuarat Pengurusan Bil. 3/2026",
        meeting_on=timezone.localdate(),
        decided_by=UserFactory(is_staff=True),
    )


def offer_terms(**overrides) -> dict:
    terms = {
        "salary": Decimal("3500.00"),
        "contract_months": 24,
        "report_at": timezone.now() + dt.timedelta(days=30),
        "report_place": "Menara UOA Bangsar, Kuala Lumpur",
        "respond_by": timezone.now() + dt.timedelta(days=7),
    }
    return {**terms, **overrides}


def send_offer(entry, **overrides) -> Offer:
    return services.offer_send(
        entry=entry, sent_by=UserFactory(is_staff=True), base_url="https://kerjaya.myipo.gov.my", **offer_terms(**overrides)
    )


# The selection paper


def test_selection_paper_shows_the_post_counts_scheme_ranking_recommendation_and_signatories():
    selection = ranked_post(count=4, vacancies=1, reserve=2, absent=1)
    marking_scheme(selection.post, fixed=True)
    first, second, third, fourth = entries(selection)
    filename, content_type, content = selection_paper_render(selection, generated_by=UserFactory(full_name="Hana"))
    text = pdf_text(content)
    assert content_type == "application/pdf" and filename.startswith("kertas-pertimbangan-")
    assert "KERTAS PERTIMBANGAN PELANTIKAN" in text
    assert "PEGAWAI HARTA INTELEK" in text and "IP8" in text and "RM2,688.00 – RM9,630.00" in text
    assert "Bahagian Ujian" in text
    assert "Hadir temu duga 4" in text and "Dipanggil temu duga 5" in text and "Disenarai pendek 5" in text
    assert "Permohonan diterima 5" in text
    assert "Pengetahuan dalam bidang jawatan" in text and "Wajaran" in text
    for entry in (first, second, third, fourth):
        assert entry.slot.entry.application.reference in text
    assert "90****-**-" in text  # MyKad masked
    assert first.slot.entry.application.mykad not in text
    assert "Simpanan (1)" in text and "Simpanan (2)" in text and "Tidak dipilih" in text
    assert "20.00 !" in text  # the large spread is flagged
    assert "bagi mengisi 1 kekosongan" in text
    assert "senarai simpanan mengikut susunan keutamaan" in text
    assert "Siti Hajar binti Omar" in text and "Ahmad Faizal bin Yusof" in text and "Dato' Ketua Pengarah" in text
    assert text.index(second.slot.entry.application.full_name) < text.index("Disediakan oleh")


def test_selection_paper_counts_only_eligible_applications_as_eligible():
    from screening.models import Override

    selection = ranked_post(count=2, vacancies=1, reserve=1)
    officer = UserFactory(is_staff=True)
    application = entries(selection)[0].slot.entry.application
    Override.objects.create(application=application, outcome="pass", reason="Layak selepas semakan HR.", decided_by=officer)
    from interviews.pdf import post_counts

    assert post_counts(selection.post)["eligible"] == 1
    assert post_counts(selection.post)["submitted"] == 2


def test_selection_paper_export_is_audited_and_costs_the_same_queries_for_more_candidates(django_assert_max_num_queries):
    from interviews.pdf import selection_paper_html

    small, large = ranked_post(count=2), ranked_post(count=8)
    officer = UserFactory(is_staff=True)
    queries = []
    for selection in (small, large):
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            selection_paper_html(selection, generated_by=officer)
        queries.append(len(captured))
    assert queries[0] == queries[1]
    services.selection_paper_pdf(selection=small, generated_by=officer)
    assert AuditEvent.objects.filter(action="export_pdf", target_id=str(small.pk), actor=officer).exists()


# The meeting's decision


def test_decision_is_refused_before_the_candidates_are_ranked():
    selection = ranked_post(count=2, proposed=False)
    with pytest.raises(services.SelectionError) as error:
        decided(selection)
    assert error.value.code == "not_proposed"


def test_approved_as_proposed_writes_every_final_category_and_is_audited():
    selection = decided(count=4, vacancies=1, reserve=2)
    finals = [(entry.final, entry.final_reserve_position) for entry in entries(selection)]
    assert finals == [("selected", None), ("reserve", 1), ("reserve", 2), ("not_selected", None)]
    event = AuditEvent.objects.get(action="meeting_decision")
    assert "Mesyuarat Pengurusan Bil. 3/2026" in event.detail


def test_a_second_decision_is_refused():
    selection = decided(count=2)
    with pytest.raises(services.SelectionError) as error:
        decided(selection)
    assert error.value.code == "already_decided"


def test_changes_need_a_reason_and_are_recorded_per_candidate():
    selection = ranked_post(count=4, vacancies=1, reserve=2)
    first, second, third, fourth = entries(selection)
    officer = UserFactory(is_staff=True)
    changes = {first.pk: ("reserve", 2), second.pk: ("selected", None), third.pk: ("reserve", 1)}
    with pytest.raises(services.SelectionError) as error:
        services.selection_decide(
            selection=selection,
            decision="changed",
            meeting="Mesyuarat Pengurusan",
            meeting_on=timezone.localdate(),
            decided_by=officer,
            changes=changes,
            reason="",
        )
    assert error.value.code == "reason_required"
    services.selection_decide(
        selection=selection,
        decision="changed",
        meeting="Mesyuarat Pengurusan",
        meeting_on=timezone.localdate(),
        decided_by=officer,
        changes=changes,
        reason="Calon kedua lebih berpengalaman dalam bidang paten.",
    )
    finals = [(entry.final, entry.final_reserve_position) for entry in entries(selection)]
    assert finals == [("reserve", 2), ("selected", None), ("reserve", 1), ("not_selected", None)]
    assert [(e.proposed, e.reserve_position) for e in entries(selection)][0] == ("selected", None)  # proposal kept
    changed = AuditEvent.objects.filter(action="meeting_decision", target_type="applications.application")
    assert changed.count() == 3
    assert "lebih berpengalaman" in changed.first().detail


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        (lambda e: {e[1].pk: ("selected", None)}, "too_many_selected"),
        (lambda e: {e[3].pk: ("reserve", 1)}, "reserve_order"),
        (lambda e: {e[3].pk: ("reserve", None)}, "reserve_order"),
        (lambda e: {}, "no_changes"),
    ],
)
def test_changes_that_do_not_add_up_are_refused(changes, code):
    selection = ranked_post(count=4, vacancies=1, reserve=2)
    with pytest.raises(services.SelectionError) as error:
        services.selection_decide(
            selection=selection,
            decision="changed",
            meeting="Mesyuarat Pengurusan",
            meeting_on=timezone.localdate(),
            decided_by=UserFactory(is_staff=True),
            changes=changes(entries(selection)),
            reason="Sebab pindaan yang cukup panjang.",
        )
    assert error.value.code == code
    assert not Selection.objects.get(pk=selection.pk).decision


def test_a_meeting_in_the_future_is_refused():
    selection = ranked_post(count=2)
    with pytest.raises(services.SelectionError) as error:
        services.selection_decide(
            selection=selection,
            decision="approved",
            meeting="Mesyuarat",
            meeting_on=timezone.localdate() + dt.timedelta(days=3),
            decided_by=UserFactory(is_staff=True),
        )
    assert error.value.code == "meeting_future"


# Offers


def test_an_offer_is_refused_before_the_decision_and_to_a_candidate_not_approved():
    selection = ranked_post(count=3, vacancies=1, reserve=1)
    first, second, _third = entries(selection)
    with pytest.raises(services.SelectionError) as error:
        send_offer(first)
    assert error.value.code == "not_decided"
    decided(selection)
    with pytest.raises(services.SelectionError) as error:
        send_offer(second)
    assert error.value.code == "not_approved"


@pytest.mark.parametrize("salary", [Decimal("2687.99"), Decimal("9630.01"), Decimal("0")])
def test_an_offer_salary_outside_the_grade_scale_is_refused_with_the_scale(salary):
    selection = decided(count=1, reserve=0)
    with pytest.raises(services.SelectionError) as error:
        send_offer(entries(selection)[0], salary=salary)
    assert error.value.code == "salary_range"
    assert "RM2,688.00" in error.value.messages[0] and "RM9,630.00" in error.value.messages[0]
    assert not Offer.objects.exists()


def test_an_offer_needs_a_deadline_in_the_future_and_a_reporting_date_after_it():
    entry = entries(decided(count=1, reserve=0))[0]
    with pytest.raises(services.SelectionError) as error:
        send_offer(entry, respond_by=timezone.now() - dt.timedelta(minutes=1))
    assert error.value.code == "respond_by_past"
    with pytest.raises(services.SelectionError) as error:
        send_offer(entry, report_at=timezone.now() + dt.timedelta(days=2))
    assert error.value.code == "report_before_answer"


def test_offer_references_count_up_within_the_year():
    selection = decided(count=2, vacancies=2, reserve=0)
    first, second = entries(selection)
    one, two = send_offer(first), send_offer(second)
    year = timezone.localdate().year
    assert one.reference == f"MyIPO/TWR/{year}/0001" and two.reference == f"MyIPO/TWR/{year}/0002"


def test_a_second_offer_to_the_same_candidate_is_refused():
    entry = entries(decided(count=1, reserve=0))[0]
    offer = send_offer(entry)
    with pytest.raises(services.SelectionError) as error:
        send_offer(entry)
    assert error.value.code == "offer_exists" and offer.reference in error.value.messages[0]


def test_the_offer_is_emailed_in_the_candidates_language_with_the_letter_attached():
    entry = entries(decided(count=1, reserve=0))[0]
    application = entry.slot.entry.application
    type(application).objects.filter(pk=application.pk).update(language="en")
    offer = send_offer(entry)
    email = Email.objects.get(kind="offer")
    assert email.language == "en" and email.to == application.candidate.email
    assert AuditEvent.objects.filter(action="offer_send", target_id=str(offer.pk)).exists()
    mail.outbox.clear()
    assert owed_email_send(email.key)
    message = mail.outbox[0]
    assert "offer of appointment" in message.subject and offer.reference in message.subject
    assert "Please accept or decline the offer in your account" in message.body
    assert f"https://kerjaya.myipo.gov.my/en/applications/{application.pk}/" in message.body or (
        f"/applications/{application.pk}/" in message.body
    )
    name, content, content_type = message.attachments[0]
    assert content_type == "application/pdf" and name.startswith("surat-tawaran-")
    letter = pdf_text(content)
    assert "TAWARAN PELANTIKAN" in letter and offer.reference in letter
    assert "RM3,500.00" in letter and "24 bulan" in letter and "Menara UOA Bangsar" in letter
    assert application.full_name in letter and "No. 12, Jalan Harmoni 3" in letter and "46200 Petaling Jaya" in letter


def test_the_offer_email_is_in_malay_for_a_malay_application():
    entry = entries(decided(count=1, reserve=0))[0]
    send_offer(entry)
    email = Email.objects.get(kind="offer")
    assert email.language == "ms"
    mail.outbox.clear()
    owed_email_send(email.key)
    assert "yang dihormati" in mail.outbox[0].body  # the new texts are translated when merged
    assert mail.outbox[0].attachments[0][0].startswith("surat-tawaran-")
