"""Pages with personal data are never cached; HR staff are signed out when idle; HR's looks are audited."""

import time

import pytest
from django.urls import reverse

from accounts.middleware import LAST_SEEN
from accounts.roles import HR_OFFICER
from audit.models import AuditEvent

from .factories import ApplicationFactory, PostFactory, hr_staff, submitted_application

pytestmark = pytest.mark.django_db


def no_store(response) -> bool:
    header = response.get("Cache-Control", "")
    return "no-store" in header and "private" in header


def test_every_page_with_personal_data_forbids_caching(client):
    application = submitted_application(PostFactory(min_qualification="bachelor"))
    draft = ApplicationFactory(candidate=application.candidate, post=PostFactory())
    client.force_login(application.candidate)
    pages = [
        reverse("applications:detail", args=[application.pk]),
        reverse("applications:slip", args=[application.pk]),
        reverse("applications:mine"),
        reverse("applications:step", args=[draft.pk, "personal"]),
        reverse("applications:step", args=[draft.pk, "review"]),
        reverse("privacy:account"),
        reverse("privacy:profile"),
        application.documents.first().get_absolute_url(),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert no_store(response), (url, response.get("Cache-Control"))


def test_hr_pages_forbid_caching_too(client):
    application = submitted_application(PostFactory(min_qualification="bachelor"))
    hr_staff(HR_OFFICER, client)
    response = client.get(f"/admin/applications/application/{application.pk}/change/")
    assert response.status_code == 200 and no_store(response)


def test_the_public_job_board_stays_cacheable_for_visitors(client):
    PostFactory()
    response = client.get(reverse("vacancies:post_list"))
    assert "no-store" not in response.get("Cache-Control", "")


def test_hr_staff_are_signed_out_after_idle_minutes(client, settings):
    settings.STAFF_IDLE_MINUTES = 30
    hr_staff(HR_OFFICER, client)
    assert client.get("/admin/").status_code == 200
    session = client.session
    session[LAST_SEEN] = int(time.time()) - 31 * 60
    session.save()
    response = client.get("/admin/applications/application/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert "_auth_user_id" not in client.session


def test_hr_staff_working_steadily_stay_signed_in(client, settings):
    hr_staff(HR_OFFICER, client)
    session = client.session
    session[LAST_SEEN] = int(time.time()) - 29 * 60
    session.save()
    assert client.get("/admin/").status_code == 200


def test_candidates_are_not_signed_out_by_the_staff_idle_rule(client):
    application = submitted_application(PostFactory(min_qualification="bachelor"))
    client.force_login(application.candidate)
    session = client.session
    session[LAST_SEEN] = int(time.time()) - 24 * 3600
    session.save()
    assert client.get(reverse("applications:mine")).status_code == 200


def test_hr_opening_an_application_is_audited(client):
    application = submitted_application(PostFactory(min_qualification="bachelor"))
    officer = hr_staff(HR_OFFICER, client)
    client.get(f"/admin/applications/application/{application.pk}/change/")
    event = AuditEvent.objects.get(action=AuditEvent.Action.APPLICATION_VIEW)
    assert event.actor == officer and event.is_about(application)


def test_hr_searching_by_mykad_is_audited_with_the_number_masked(client):
    submitted_application(PostFactory(min_qualification="bachelor"))
    officer = hr_staff(HR_OFFICER, client)
    client.get("/admin/applications/application/", {"q": "900101-14-5678"})
    client.get("/admin/applications/application/", {"q": "AMINAH"})
    event = AuditEvent.objects.get(action=AuditEvent.Action.APPLICATION_SEARCH)
    assert event.actor == officer
    assert "5678" in event.detail and "900101145678" not in event.detail
