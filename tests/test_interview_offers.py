"""The selection paper, the meeting's decision, offers and the reserve list, the candidate's later stages and
closing the post, and the dashboard's later stages."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accounts.roles import HR_OFFICER
from audit.models import AuditEvent
from interviews import services
from interviews.models import Offer, Selection
from interviews.pdf import selection_paper_render
from interviews.selectors import open_vacancies, selections_to_refill
from interviews.templatetags.interviews_status import STATE_LABELS
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
        entry=entry,
        sent_by=UserFactory(is_staff=True),
        base_url="https://kerjaya.myipo.gov.my",
        **offer_terms(**overrides),
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
    Override.objects.create(
        application=application, outcome="pass", reason="Layak selepas semakan HR.", decided_by=officer
    )
    from interviews.pdf import post_counts

    assert post_counts(selection.post)["eligible"] == 1
    assert post_counts(selection.post)["submitted"] == 2


def test_selection_paper_export_is_audited_and_costs_the_same_queries_for_more_candidates(
    django_assert_max_num_queries,
):
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
    first, second, third, _fourth = entries(selection)
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
    assert next((e.proposed, e.reserve_position) for e in entries(selection)) == ("selected", None)  # proposal kept
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


# The candidate's answer, the deadline and the reserve list


def test_the_candidate_accepts_in_the_account_with_the_time_recorded(client):
    entry = entries(decided(count=1, reserve=0))[0]
    offer = send_offer(entry)
    application = entry.slot.entry.application
    client.force_login(application.candidate)
    page = client.get(reverse("applications:detail", args=[application.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert offer.reference in body and reverse("interviews:offer_letter", args=[offer.pk]) in body
    assert 'data-action="offer-answer"' in body
    response = client.post(reverse("interviews:offer_answer", args=[offer.pk]), {"answer": "accept"})
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == "accepted" and offer.responded_at is not None
    event = AuditEvent.objects.get(action="offer_response")
    assert event.actor == application.candidate and event.target_id == str(offer.pk)
    body = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert 'data-stage="appointed"' in body and 'data-action="offer-answer"' not in body


def test_the_offer_letter_downloads_for_its_owner_only(client):
    entry = entries(decided(count=1, reserve=0))[0]
    offer = send_offer(entry)
    client.force_login(entry.slot.entry.application.candidate)
    response = client.get(reverse("interviews:offer_letter", args=[offer.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    client.force_login(UserFactory())
    assert client.get(reverse("interviews:offer_letter", args=[offer.pk])).status_code == 404
    assert client.post(reverse("interviews:offer_answer", args=[offer.pk]), {"answer": "decline"}).status_code == 404
    offer.refresh_from_db()
    assert offer.status == "sent"


def test_an_answer_without_a_choice_is_refused_and_nothing_changes(client):
    entry = entries(decided(count=1, reserve=0))[0]
    offer = send_offer(entry)
    client.force_login(entry.slot.entry.application.candidate)
    response = client.post(reverse("interviews:offer_answer", args=[offer.pk]), {"answer": "maybe"}, follow=True)
    assert response.status_code == 200
    offer.refresh_from_db()
    assert offer.status == "sent"


def test_an_offer_cannot_be_answered_after_its_deadline_or_twice():
    entry = entries(decided(count=1, reserve=0))[0]
    offer = send_offer(entry)
    candidate = entry.slot.entry.application.candidate
    with pytest.raises(services.SelectionError) as error:
        services.offer_respond(
            offer=offer, candidate=candidate, accept=True, now=offer.respond_by + dt.timedelta(seconds=1)
        )
    assert error.value.code == "offer_expired"
    services.offer_respond(offer=offer, candidate=candidate, accept=False)
    with pytest.raises(services.SelectionError) as error:
        services.offer_respond(offer=offer, candidate=candidate, accept=True)
    assert error.value.code == "offer_answered"


def test_offers_past_their_deadline_lapse_by_the_command_and_the_page_is_read_only(client):
    from django.core.management import call_command

    entry = entries(decided(count=1, reserve=0))[0]
    offer = send_offer(entry)
    Offer.objects.filter(pk=offer.pk).update(respond_by=timezone.now() - dt.timedelta(minutes=1))
    application = entry.slot.entry.application
    client.force_login(application.candidate)
    body = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert 'data-action="offer-answer"' not in body  # past the deadline: read-only even before the sweep
    out = io.StringIO()
    call_command("offers_lapse", stdout=out)
    assert "1 offer(s) lapsed" in out.getvalue()
    offer.refresh_from_db()
    assert offer.status == "lapsed"
    assert AuditEvent.objects.filter(action="offer_lapse", target_id=str(offer.pk), actor=None).exists()
    assert services.offers_lapse() == 0


def test_the_lapse_runs_on_celery_beat(settings):
    assert settings.CELERY_BEAT_SCHEDULE["offers-lapse"]["task"] == "interviews.tasks.offers_lapse"


def test_a_decline_puts_the_next_on_the_reserve_list_to_hr_in_order_until_exhausted():
    selection = decided(count=4, vacancies=1, reserve=2)
    first, second, third, _fourth = entries(selection)
    officer = UserFactory(is_staff=True)
    offer = send_offer(first)
    assert selections_to_refill() == []
    with pytest.raises(services.SelectionError) as error:
        services.reserve_promote(selection=selection, promoted_by=officer)
    assert error.value.code == "no_vacancy"
    services.offer_respond(offer=offer, candidate=first.slot.entry.application.candidate, accept=False)
    [refill] = selections_to_refill()
    assert refill.open == 1 and refill.next_entry == second and refill.reserve_left == 2
    assert services.reserve_promote(selection=selection, promoted_by=officer) == second
    assert AuditEvent.objects.filter(action="reserve_promote", target_id=str(second.slot.entry.application_id)).exists()
    second.refresh_from_db()
    assert second.final == "selected" and open_vacancies(selection) == 0
    with pytest.raises(services.SelectionError) as error:
        send_offer(first)
    assert error.value.code == "offer_ended"
    second_offer = send_offer(second)
    Offer.objects.filter(pk=second_offer.pk).update(respond_by=timezone.now() - dt.timedelta(minutes=1))
    services.offers_lapse()
    assert services.reserve_promote(selection=selection, promoted_by=officer) == third
    third_offer = send_offer(third)
    services.offer_respond(offer=third_offer, candidate=third.slot.entry.application.candidate, accept=False)
    [refill] = selections_to_refill()
    assert refill.next_entry is None and refill.reserve_left == 0
    with pytest.raises(services.SelectionError) as error:
        services.reserve_promote(selection=selection, promoted_by=officer)
    assert error.value.code == "reserve_exhausted"


def test_the_reserve_follows_the_order_the_meeting_decided():
    selection = ranked_post(count=4, vacancies=1, reserve=2)
    first, second, third, _fourth = entries(selection)
    services.selection_decide(
        selection=selection,
        decision="changed",
        meeting="Mesyuarat Pengurusan",
        meeting_on=timezone.localdate(),
        decided_by=UserFactory(is_staff=True),
        changes={second.pk: ("reserve", 2), third.pk: ("reserve", 1)},
        reason="Susunan simpanan ditukar oleh mesyuarat.",
    )
    offer = send_offer(first)
    services.offer_respond(offer=offer, candidate=first.slot.entry.application.candidate, accept=False)
    assert services.reserve_promote(selection=selection, promoted_by=UserFactory(is_staff=True)) == third


# Closing the post, and "not successful"


def test_closing_is_refused_while_offers_await_an_answer_then_recorded():
    selection = decided(count=2, vacancies=1, reserve=0)
    first = entries(selection)[0]
    offer = send_offer(first)
    officer = UserFactory(is_staff=True)
    with pytest.raises(services.SelectionError) as error:
        services.post_close(selection=selection, closed_by=officer)
    assert error.value.code == "offers_outstanding"
    services.offer_respond(offer=offer, candidate=first.slot.entry.application.candidate, accept=True)
    services.post_close(selection=selection, closed_by=officer)
    assert AuditEvent.objects.filter(action="post_close", target_id=str(selection.pk)).exists()
    with pytest.raises(services.SelectionError) as error:
        services.post_close(selection=selection, closed_by=officer)
    assert error.value.code == "already_closed"


def test_not_successful_shows_only_after_the_post_closes_and_nobody_is_emailed(client):
    selection = decided(count=3, vacancies=1, reserve=1)
    first, second, third = entries(selection)
    offer = send_offer(first)
    services.offer_respond(offer=offer, candidate=first.slot.entry.application.candidate, accept=True)
    for entry in (second, third):
        entry.slot.entry.application.status = "shortlisted"
        entry.slot.entry.application.save(update_fields=["status"])
    application = third.slot.entry.application
    client.force_login(application.candidate)
    detail = reverse("applications:detail", args=[application.pk])
    assert 'data-stage="not_successful"' not in client.get(detail).content.decode()
    not_successful = f'data-later="{application.pk}">{STATE_LABELS["not_successful"]}<'
    assert not_successful not in client.get(reverse("applications:mine")).content.decode()
    emails = Email.objects.count()
    services.post_close(selection=selection, closed_by=UserFactory(is_staff=True))
    assert Email.objects.count() == emails
    assert 'data-stage="not_successful"' in client.get(detail).content.decode()
    mine = client.get(reverse("applications:mine")).content.decode()
    assert not_successful in mine
    client.force_login(first.slot.entry.application.candidate)
    first_detail = reverse("applications:detail", args=[first.slot.entry.application.pk])
    assert 'data-stage="not_successful"' not in client.get(first_detail).content.decode()


def test_my_applications_costs_the_same_queries_for_more_later_stages(client):
    from django.test.utils import CaptureQueriesContext

    from applications.models import Application

    candidate = UserFactory()
    client.force_login(candidate)
    counts = []
    for _number in range(3):
        selection = decided(count=1, vacancies=1, reserve=0)
        entry = entries(selection)[0]
        send_offer(entry)
        Application.objects.filter(pk=entry.slot.entry.application_id).update(candidate=candidate)
        with CaptureQueriesContext(connection) as captured:
            page = client.get(reverse("applications:mine"))
        assert page.status_code == 200
        counts.append(len(captured))
    assert page.content.decode().count("data-later=") == 3
    assert counts[0] == counts[1] == counts[2]


# HR's pages


def test_hr_records_the_decision_and_sends_an_offer_from_the_admin(client):
    selection = ranked_post(count=3, vacancies=1, reserve=1)
    first, second, third = entries(selection)
    hr_staff(HR_OFFICER, client)
    index = client.get(reverse("admin:interviews_offer_changelist")).content.decode()
    assert reverse("admin:interviews_selection_decision", args=[selection.pk]) in index
    url = reverse("admin:interviews_selection_decision", args=[selection.pk])
    data = {
        "decision": "changed",
        "meeting": "Mesyuarat Pengurusan Bil. 4/2026",
        "meeting_on": timezone.localdate().isoformat(),
        "reason": "",
        **{f"final_{e.pk}": e.proposed for e in (first, second, third)},
        **{f"place_{e.pk}": e.reserve_position or "" for e in (first, second, third)},
    }
    data[f"final_{third.pk}"], data[f"place_{third.pk}"] = "reserve", 2
    response = client.post(url, data)
    assert (
        response.status_code == 200 and "at least" in response.content.decode()
    ) or "sekurang" in response.content.decode()
    data["reason"] = "Calon ketiga dimasukkan ke senarai simpanan."
    response = client.post(url, data)
    assert response.status_code == 302
    third.refresh_from_db()
    assert (third.final, third.final_reserve_position) == ("reserve", 2)
    waiting = client.get(reverse("admin:interviews_selection_offers", args=[selection.pk]))
    assert waiting.status_code == 200 and f"/entry/{first.pk}/send/" in waiting.content.decode()  # no offer yet
    send = reverse("admin:interviews_offer_send", args=[first.pk])
    assert client.get(send).status_code == 200
    terms = offer_terms(salary=Decimal("12000"))
    form = {
        "salary": terms["salary"],
        "contract_months": 24,
        "report_at": timezone.localtime(terms["report_at"]).strftime("%Y-%m-%dT%H:%M"),
        "respond_by": timezone.localtime(terms["respond_by"]).strftime("%Y-%m-%dT%H:%M"),
        "report_place": terms["report_place"],
    }
    response = client.post(send, form)
    assert response.status_code == 200 and "RM9,630.00" in response.content.decode()
    assert not Offer.objects.exists()
    form["salary"] = "4000.00"
    assert client.post(send, form).status_code == 302
    assert Offer.objects.get().salary == Decimal("4000.00")
    assert client.get(reverse("admin:interviews_selection_offers", args=[selection.pk])).status_code == 200
    paper = client.get(reverse("admin:interviews_selection_paper", args=[selection.pk]))
    assert paper.status_code == 200 and paper["Content-Type"] == "application/pdf"
    assert client.get(reverse("admin:interviews_offer_refill")).status_code == 200
    assert client.get(reverse("admin:interviews_selection_close", args=[selection.pk])).status_code == 200


def test_an_interviewer_cannot_reach_hrs_offer_pages(client):
    from accounts.roles import INTERVIEWER

    selection = ranked_post(count=1)
    hr_staff(INTERVIEWER, client)
    assert client.get(reverse("admin:interviews_selection_paper", args=[selection.pk])).status_code == 403
    assert client.get(reverse("admin:interviews_offer_refill")).status_code in {302, 403}


# The dashboard


def test_the_dashboard_shows_the_later_stages_per_post_in_constant_queries(client, django_assert_num_queries):
    from interviews.reports import later_stages_report

    selection = decided(count=3, vacancies=2, reserve=1, absent=1)
    first, second, _third = entries(selection)
    advertisement = selection.post.advertisement
    offer = send_offer(first)
    send_offer(second)
    services.offer_respond(offer=offer, candidate=first.slot.entry.application.candidate, accept=True)
    with django_assert_num_queries(2):
        [row] = later_stages_report(advertisement)
    assert row["invited"] == 4 and row["confirmed"] == 4 and row["attended"] == 3
    assert row["selected"] == 2 and row["offered"] == 2 and row["accepted"] == 1
    expected_days = (timezone.localdate() - advertisement.closes_on).days
    assert row["days_to_offer"] == expected_days and row["days_to_acceptance"] == expected_days
    ranked_post(count=2, post=None)  # another advertisement's post changes nothing here
    hr_staff(HR_OFFICER, client)
    page = client.get(reverse("admin:vacancies_advertisement_report", args=[advertisement.pk])).content.decode()
    assert "later-stages" in page
    csv = client.get(reverse("admin:vacancies_advertisement_report_csv", args=[advertisement.pk])).content.decode(
        "utf-8-sig"
    )
    assert "later_accepted" in csv and "later_days_to_offer" in csv


@pytest.mark.django_db(transaction=True)
def test_offer_references_sent_at_the_same_time_never_collide():
    import threading
    import time

    from django.db import transaction

    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time")
    references, start = [], threading.Barrier(4)

    def send():
        try:
            start.wait()
            with transaction.atomic():
                references.append(services.offer_reference_next(year=2026))
                time.sleep(0.05)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _number in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(references) == [f"MyIPO/TWR/2026/{number:04d}" for number in range(1, 5)]


def test_hr_offers_page_shows_a_candidate_removed_after_the_decision_as_removed_without_an_offer_link(client):
    from screening.services import shortlist_remove

    selection = decided()
    first = entries(selection)[0]
    hr = hr_staff(HR_OFFICER, client)
    shortlist_remove(entry=first.slot.entry, removed_by=hr, reason="Sijil palsu dikesan semasa semakan")
    page = client.get(reverse("admin:interviews_selection_offers", args=[selection.pk])).content.decode()
    assert "Sijil palsu dikesan semasa semakan" in page
    assert f"/entry/{first.pk}/send/" not in page
    with pytest.raises(services.SelectionError):
        send_offer(first)
