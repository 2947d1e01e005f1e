"""Withdraw and apply again: a new application after a withdrawal, before the closing date; the withdrawn one stays."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from applications.models import Application
from applications.services import application_start, application_submit, application_withdraw

from .factories import ApplicationFactory, PostFactory, submitted_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def withdrawn(db):
    return application_withdraw(application=submitted_application(PostFactory()))


def test_the_database_allows_one_active_application_per_post_besides_withdrawn_ones(withdrawn):
    ApplicationFactory(candidate=withdrawn.candidate, post=withdrawn.post)
    with pytest.raises(IntegrityError), transaction.atomic():
        ApplicationFactory(candidate=withdrawn.candidate, post=withdrawn.post)


def test_the_withdrawn_page_offers_a_new_application_and_explains_the_rule(client, withdrawn):
    client.force_login(withdrawn.candidate)
    body = client.get(withdrawn.get_absolute_url()).content.decode()
    assert reverse("applications:apply", args=[withdrawn.post_id]) in body
    assert withdrawn.reference in body
    response = client.get(reverse("applications:apply", args=[withdrawn.post_id]))
    new = Application.objects.exclude(pk=withdrawn.pk).get()
    assert response.url == reverse("applications:step", args=[new.pk, "review"])  # the BORANG is complete
    body = client.get(withdrawn.get_absolute_url()).content.decode()
    assert new.get_absolute_url() in body


def test_my_applications_keeps_the_withdrawn_one_beside_the_new_draft(client, withdrawn):
    application_start(candidate=withdrawn.candidate, post=withdrawn.post)
    client.force_login(withdrawn.candidate)
    response = client.get(reverse("applications:mine"))
    statuses = sorted(a.status for a in response.context["applications"])
    assert statuses == ["draft", "withdrawn"]
    body = response.content.decode()
    assert withdrawn.reference in body
    assert str(Application.Status.WITHDRAWN.label) in body or "Ditarik balik" in body


def test_the_withdraw_form_says_a_new_application_may_follow(client):
    application = submitted_application(PostFactory())
    client.force_login(application.candidate)
    body = client.get(application.get_absolute_url()).content.decode()
    assert reverse("applications:withdraw", args=[application.pk]) in body
    assert application.post.advertisement.closes_on.strftime("%Y") in body


def test_the_post_page_says_an_application_exists_instead_of_apply(client):
    application = submitted_application(PostFactory())
    client.force_login(application.candidate)
    body = client.get(application.post.get_absolute_url()).content.decode()
    assert application.reference in body
    assert application.get_absolute_url() in body
    assert reverse("applications:apply", args=[application.post_id]) not in body


def test_the_post_page_offers_to_continue_a_draft_or_apply_anew_after_withdrawing(client, withdrawn):
    client.force_login(withdrawn.candidate)
    body = client.get(withdrawn.post.get_absolute_url()).content.decode()
    assert withdrawn.reference in body and reverse("applications:apply", args=[withdrawn.post_id]) in body
    draft = application_start(candidate=withdrawn.candidate, post=withdrawn.post)
    body = client.get(withdrawn.post.get_absolute_url()).content.decode()
    assert draft.get_absolute_url() in body


def test_a_visitor_sees_the_apply_button(client):
    post = PostFactory()
    assert reverse("applications:apply", args=[post.pk]) in client.get(post.get_absolute_url()).content.decode()


def test_a_new_application_after_withdrawing_is_submitted_with_its_own_reference(withdrawn):
    again = application_submit(application=application_start(candidate=withdrawn.candidate, post=withdrawn.post))
    assert again.reference and again.reference != withdrawn.reference
    assert Application.objects.submitted().filter(post=withdrawn.post).count() == 1
