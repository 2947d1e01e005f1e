"""Edit until the closing day: a submitted application is amended and submitted again under the same reference;
each version is kept with its time, HR sees the latest with a note, screening reads the latest."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, Profile
from applications.services import (
    ApplicationError,
    application_amend_cancel,
    application_amend_start,
    application_submit,
    application_withdraw,
)
from screening.rules import Facts

from .factories import PostFactory, submitted_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(db):
    return submitted_application(PostFactory(min_qualification="bachelor", qualification_fields=["accounting"]))


def amend_city(application, city):
    application_amend_start(application=application)
    Profile.objects.filter(user=application.candidate).update(city=city)
    return application_submit(application=Application.objects.get(pk=application.pk))


def test_amending_keeps_the_reference_and_the_first_submission_time_and_every_version(application):
    first_time, reference = application.submitted_at, application.reference
    amended = amend_city(application, "Shah Alam")
    assert amended.reference == reference and amended.submitted_at == first_time
    assert amended.amended_at > first_time and not amended.is_being_amended
    assert amended.snapshot["profile"]["city"] == "Shah Alam"
    versions = list(amended.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].snapshot["profile"]["city"] == "Petaling Jaya" and versions[0].submitted_at == first_time
    assert versions[1].snapshot["profile"]["city"] == "Shah Alam"
    assert Facts.from_snapshot(amended.snapshot) == Facts.from_snapshot(versions[1].snapshot)  # screening reads it


def test_while_amending_hr_sees_the_last_submitted_version(application):
    application_amend_start(application=application)
    Profile.objects.filter(user=application.candidate).update(city="Shah Alam")
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.snapshot["profile"]["city"] == "Petaling Jaya"
    application_amend_cancel(application=application)
    application.refresh_from_db()
    assert not application.is_being_amended and application.versions.count() == 1


def test_no_amendment_after_the_closing_date(application):
    after = application.post.advertisement.closes_at + dt.timedelta(minutes=1)
    with pytest.raises(ApplicationError) as error:
        application_amend_start(application=application, now=after)
    assert error.value.code == "closed"


def test_a_withdrawn_application_cannot_be_amended(application):
    application_withdraw(application=application)
    with pytest.raises(ApplicationError) as error:
        application_amend_start(application=application)
    assert error.value.code == "not_amendable"


def test_the_candidate_amends_through_the_pages(client, application):
    client.force_login(application.candidate)
    detail = client.get(application.get_absolute_url()).content.decode()
    amend_url = reverse("applications:amend", args=[application.pk])
    assert amend_url in detail
    response = client.post(amend_url)
    assert response.url == reverse("applications:step", args=[application.pk, "personal"])
    assert client.get(response.url).status_code == 200  # the steps open again while amending
    review = reverse("applications:step", args=[application.pk, "review"])
    response = client.post(review, {"declaration": "on", "pdpa_consent": "on"})
    assert response.url == application.get_absolute_url()
    application.refresh_from_db()
    assert application.versions.count() == 2 and application.amended_at
    body = client.get(application.get_absolute_url()).content.decode()
    assert 'data-stage="amended"' in body


def test_hr_sees_a_note_that_the_application_changed(admin_client, application):
    amended = amend_city(application, "Shah Alam")
    page = admin_client.get(reverse("admin:applications_application_change", args=[amended.pk])).content.decode()
    assert "2" in page and "Shah Alam" in page
    assert timezone.localtime(amended.amended_at).strftime("%H:%M") in page


@pytest.fixture
def before_versions(transactional_db):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    target = [("applications", "0016_application_versions")]
    executor.migrate(target)
    yield executor.loader.project_state(target).apps
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_applications_submitted_before_get_their_first_version(before_versions):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from .factories import UserFactory

    Old = before_versions.get_model("applications", "Application")
    post = PostFactory()
    stamp = timezone.now()
    old = Old.objects.create(
        candidate_id=UserFactory().pk, post_id=post.pk, status="submitted", submitted_at=stamp, snapshot={"x": 1}
    )
    draft = Old.objects.create(candidate_id=UserFactory().pk, post_id=post.pk)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    (version,) = Application.objects.get(pk=old.pk).versions.all()
    assert (version.number, version.submitted_at, version.snapshot) == (1, stamp, {"x": 1})
    assert not Application.objects.get(pk=draft.pk).versions.exists()


def test_hr_is_told_to_screen_again_an_application_screened_before_its_amendment(admin_client, application):
    from django.utils.html import escape
    from django.utils.translation import gettext

    from screening.services import screening_run

    note = escape(gettext("It was screened before this change: screen it again to read the latest version."))
    screening_run(applications=Application.objects.filter(pk=application.pk), scope="test")
    amended = amend_city(application, "Shah Alam")
    url = reverse("admin:applications_application_change", args=[amended.pk])
    assert note in admin_client.get(url).content.decode()
    screening_run(applications=Application.objects.filter(pk=amended.pk), scope="test")
    assert note not in admin_client.get(url).content.decode()
