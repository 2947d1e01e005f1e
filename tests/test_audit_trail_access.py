"""HR officers see their own trail; administrators see everyone's."""

import pytest
from django.urls import reverse

from accounts.roles import HR_ADMINISTRATOR, HR_OFFICER
from audit.models import AuditEvent

from .factories import PostFactory, hr_staff, submitted_application

pytestmark = pytest.mark.django_db
TRAIL = reverse("admin:audit_auditevent_changelist")


@pytest.fixture
def two_officers_at_work(client):
    """Two officers each open a different candidate's application (both opens are in the trail)."""
    post = PostFactory()
    first, second = hr_staff(HR_OFFICER), hr_staff(HR_OFFICER)
    siti = submitted_application(post, full_name="SITI AMINAH")
    john = submitted_application(post, full_name="JOHN DAVID")
    for officer, application in ((first, siti), (second, john)):
        client.force_login(officer)
        client.get(reverse("admin:applications_application_change", args=[application.pk]))
    client.logout()
    return first, second, siti, john


def listed(response):
    return list(response.context["cl"].result_list)


def test_an_officer_sees_their_own_events_and_no_one_elses(client, two_officers_at_work):
    first, second, siti, john = two_officers_at_work
    client.force_login(first)
    response = client.get(TRAIL)
    assert response.status_code == 200
    events = listed(response)
    assert [(event.actor, event.action, event.reference) for event in events] == [
        (first, "application_view", siti.reference)
    ]
    assert john.reference not in response.content.decode()
    others = AuditEvent.objects.get(actor=second)
    assert client.get(reverse("admin:audit_auditevent_change", args=[others.pk])).status_code in {302, 404}


def test_searching_by_a_candidates_name_does_not_reach_other_officers_events(client, two_officers_at_work):
    first, _second, _siti, _john = two_officers_at_work
    client.force_login(first)
    assert listed(client.get(TRAIL, {"q": "JOHN DAVID"})) == []
    assert len(listed(client.get(TRAIL, {"q": "SITI AMINAH"}))) == 1


def test_an_administrator_sees_every_officers_events(client, two_officers_at_work):
    first, second, _siti, _john = two_officers_at_work
    hr_staff(HR_ADMINISTRATOR, client)
    actors = {event.actor for event in listed(client.get(TRAIL)) if event.action == "application_view"}
    assert actors == {first, second}


def test_staff_outside_the_hr_roles_still_cannot_open_the_trail(client):
    from .factories import UserFactory

    client.force_login(UserFactory(is_staff=True))
    assert client.get(TRAIL).status_code == 403
