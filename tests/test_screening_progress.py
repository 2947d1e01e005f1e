"""A long screening run: HR sees it advance, and a run failing half-way leaves the previous results current."""

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.utils import translation

from accounts.roles import HR_OFFICER
from applications.models import Application
from screening import bulk, services
from screening.models import ScreeningResult, ScreeningRun
from screening.services import advertisement_screening_do, screening_run

from .factories import PostFactory, hr_staff, submitted_application

RUNS = "/admin/screening/screeningrun/"
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY and a second connection")


def campaign(count=6):
    post = PostFactory()
    for _ in range(count):
        submitted_application(post)
    return post.advertisement


def queued_run(advertisement) -> ScreeningRun:
    return ScreeningRun.objects.create(
        scope="Iklan", rules_version="x", advertisement=advertisement, status=ScreeningRun.Status.QUEUED
    )


def seen_from_another_connection(sql: str, params: list) -> list[tuple]:
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with other.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    finally:
        other.close()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_another_connection_sees_the_progress_but_only_the_previous_results_while_a_run_goes(monkeypatch):
    advertisement = campaign(8)
    first = screening_run(applications=Application.objects.all(), scope="first")
    run = queued_run(advertisement)
    monkeypatch.setattr(services, "CHUNK", 2)
    seen, screen = [], services.results_for

    def results_for(rows, requirements, run_):
        if len(seen) == 3:  # the fourth chunk: the first is written by then, and its progress told
            [(status, done, total)] = seen_from_another_connection(
                "SELECT status, progress_done, progress_total FROM screening_screeningrun WHERE id = %s", [run.pk]
            )
            [(first_current,)] = seen_from_another_connection(
                "SELECT count(*) FROM screening_screeningresult WHERE is_current AND run_id = %s", [first.pk]
            )
            [(new_results,)] = seen_from_another_connection(
                "SELECT count(*) FROM screening_screeningresult WHERE run_id = %s", [run.pk]
            )
            seen.append((status, done in {2, 4}, total, first_current, new_results))
        else:
            seen.append(None)
        return screen(rows, requirements, run_)

    monkeypatch.setattr(services, "results_for", results_for)
    advertisement_screening_do(run_id=run.pk)
    assert seen[3] == ("running", True, 8, 8, 0)
    run.refresh_from_db()
    assert (run.status, run.progress_done, run.progress_total) == ("done", 8, 8)
    assert set(ScreeningResult.objects.current().values_list("run_id", flat=True)) == {run.pk}
    assert ScreeningResult.objects.filter(run=first, is_current=False).count() == 8


@pytest.mark.django_db
def test_a_finished_run_shows_every_application_screened():
    advertisement = campaign(3)
    run = queued_run(advertisement)
    advertisement_screening_do(run_id=run.pk)
    run.refresh_from_db()
    assert (run.status, run.application_count, run.progress_done, run.progress_total) == ("done", 3, 3, 3)


def fail_in_the_rules(monkeypatch):
    screen, calls = services.results_for, []

    def results_for(rows, requirements, run):
        calls.append(rows)
        if len(calls) == 2:  # the first chunk is written by then
            raise RuntimeError("rules broke")
        return screen(rows, requirements, run)

    monkeypatch.setattr(services, "results_for", results_for)


def fail_in_the_copy(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("COPY is PostgreSQL's")
    text, calls = bulk.copy_text, []

    def copy_text(rows):
        calls.append(rows)
        return text(rows) if len(calls) == 1 else b"not a row\n"

    monkeypatch.setattr(bulk, "copy_text", copy_text)


@pytest.mark.django_db
@pytest.mark.parametrize("failure", [fail_in_the_rules, fail_in_the_copy])
def test_a_run_failing_half_way_leaves_the_previous_results_current(monkeypatch, failure):
    advertisement = campaign()
    first = screening_run(applications=Application.objects.all(), scope="first")
    run = queued_run(advertisement)
    monkeypatch.setattr(services, "CHUNK", 2)
    failure(monkeypatch)
    assert advertisement_screening_do(run_id=run.pk) is None
    run.refresh_from_db()
    assert run.status == ScreeningRun.Status.FAILED
    cause = "RuntimeError" if failure is fail_in_the_rules else "InvalidTextRepresentation"  # COPY's own error
    assert run.error.startswith(cause), run.error
    assert ScreeningResult.objects.current().filter(run=first).count() == 6
    assert not ScreeningResult.objects.filter(run=run).exists()


@pytest.mark.django_db
def test_the_run_list_shows_how_far_a_running_run_is(client, django_assert_num_queries):
    hr_staff(HR_OFFICER, client)
    advertisement = campaign(1)
    ScreeningRun.objects.create(
        scope="Iklan 2026",
        rules_version="x",
        advertisement=advertisement,
        status=ScreeningRun.Status.RUNNING,
        progress_done=35000,
        progress_total=100000,
    )
    with translation.override("en"):
        page = client.get("/en" + RUNS).content.decode()
    assert "35000 of 100000 screened" in page
    client.get(RUNS)
    with django_assert_num_queries(7):
        client.get(RUNS)
    for number in range(5):
        ScreeningRun.objects.create(scope=f"Iklan {number}", rules_version="x", started_by=hr_staff(HR_OFFICER))
    with django_assert_num_queries(7):
        client.get(RUNS)


@pytest.mark.django_db
def test_a_running_runs_page_shows_its_progress(client):
    hr_staff(HR_OFFICER, client)
    run = ScreeningRun.objects.create(
        scope="Iklan 2026", rules_version="x", status=ScreeningRun.Status.RUNNING, progress_done=5, progress_total=9
    )
    with translation.override("en"):
        page = client.get(f"/en{RUNS}{run.pk}/change/").content.decode()
    assert "5 of 9 screened" in page
