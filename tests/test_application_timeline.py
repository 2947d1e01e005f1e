"""A status that says where one stands: received, under review, shortlisted with the interview or not shortlisted
once HR publishes, or withdrawn; with dates, on the candidate's page. Nothing is e-mailed to those not shortlisted."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

from accounts.roles import HR_OFFICER
from applications.services import application_withdraw
from screening.selectors import application_timeline
from screening.services import shortlist_build, shortlist_publish

from .factories import PostFactory, UserFactory, close_advertisement, submitted_application

pytestmark = pytest.mark.django_db


def stages(application, now=None):
    return [(stage.name, stage.state) for stage in application_timeline(application, now=now)]


@pytest.fixture
def post(db):
    return PostFactory(min_qualification="bachelor", qualification_fields=["accounting"])


def test_a_new_application_is_received_and_reviewed_after_the_closing_date(post):
    application = submitted_application(post)
    assert stages(application) == [("received", "done"), ("review", "upcoming"), ("outcome", "upcoming")]
    after = post.advertisement.closes_at + dt.timedelta(hours=1)
    assert stages(application, now=after) == [("received", "done"), ("review", "current"), ("outcome", "upcoming")]


def test_a_withdrawn_application_says_so_with_its_date(post):
    application = application_withdraw(application=submitted_application(post))
    timeline = application_timeline(application)
    assert [(s.name, s.state) for s in timeline] == [("received", "done"), ("withdrawn", "done")]
    assert timeline[-1].when == application.withdrawn_at


@pytest.fixture
def published(post, django_capture_on_commit_callbacks):
    chosen = submitted_application(post)
    other = submitted_application(post, citizenship="other")
    officer = UserFactory(is_staff=True)
    officer.groups.add(Group.objects.get(name=HR_OFFICER))
    from applications.models import Application
    from screening.services import screening_run

    screening_run(applications=Application.objects.all(), scope="all")
    shortlist, _added = shortlist_build(post=post, built_by=officer)
    shortlist.interview_at = timezone.make_aware(dt.datetime(2099, 1, 12, 9, 30))
    shortlist.interview_venue = "Bilik Mesyuarat Utama, Aras 20, Menara MyIPO"
    shortlist.save()
    mail.outbox.clear()
    close_advertisement(post.advertisement)  # HR publishes once the advertisement has closed
    with django_capture_on_commit_callbacks(execute=True):
        shortlist_publish(shortlist=shortlist, published_by=officer)
    chosen.refresh_from_db()
    other.refresh_from_db()
    return chosen, other


def test_once_published_the_shortlisted_see_the_interview_and_the_others_their_result(client, published):
    chosen, other = published
    assert stages(chosen)[-1] == ("shortlisted", "done")
    assert "Menara MyIPO" in str(application_timeline(chosen)[-1].detail)
    assert stages(other)[-1] == ("not_shortlisted", "done")
    assert [message.to for message in mail.outbox] == [[chosen.candidate.email]]  # the others get no e-mail
    client.force_login(other.candidate)
    body = client.get(other.get_absolute_url()).content.decode()
    assert 'data-stage="not_shortlisted"' in body
    client.force_login(chosen.candidate)
    body = client.get(chosen.get_absolute_url()).content.decode()
    assert 'data-stage="shortlisted"' in body and "12 Januari 2099, 9:30 pagi" in body


def test_the_page_shows_the_timeline_of_a_received_application(client, post):
    application = submitted_application(post)
    client.force_login(application.candidate)
    body = client.get(application.get_absolute_url()).content.decode()
    assert 'data-stage="received"' in body and 'data-stage="review"' in body
