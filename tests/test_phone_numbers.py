"""Telephone numbers: checked against Malaysia's numbering plan, stored in E.164, shown as Malaysians write them."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from applications.models import Profile

from .factories import ApplicationFactory, PostFactory, UserFactory, VerifiedUserFactory, submitted_application
from .test_borang import PERSONAL

pytestmark = pytest.mark.django_db


def test_a_number_that_cannot_exist_is_refused_on_the_form(client):
    user = VerifiedUserFactory()
    client.force_login(user)
    draft = ApplicationFactory(candidate=user, post=PostFactory())
    url = reverse("applications:step", args=[draft.pk, "personal"])
    response = client.post(url, {**PERSONAL, "personal-phone": "013-1234 5678"})
    assert response.context["form"].has_error("phone", code="phone_invalid")
    assert client.post(url, {**PERSONAL, "personal-phone": "013-123 4567"}).status_code == 302
    assert Profile.objects.get(user=user).phone == "+60131234567"


def test_the_number_is_shown_in_the_malaysian_format(client):
    application = submitted_application(PostFactory())
    client.force_login(application.candidate)
    body = client.get(application.get_absolute_url()).content.decode()
    assert "012-345 6789" in body and "+60123456789" not in body


@pytest.fixture
def before_e164(transactional_db):
    executor = MigrationExecutor(connection)
    target = [("applications", "0014_phone_e164")]
    executor.migrate(target)
    yield executor.loader.project_state(target).apps
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_numbers_saved_before_are_stored_in_e164(before_e164):
    Old = before_e164.get_model("applications", "Profile")
    mobile = Old.objects.create(user_id=UserFactory().pk, phone="0123456789")
    office = Old.objects.create(user_id=UserFactory().pk, phone="0388888888")
    impossible = Old.objects.create(user_id=UserFactory().pk, phone="0891234567")
    empty = Old.objects.create(user_id=UserFactory().pk, phone="")
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    phones = dict(Profile.objects.values_list("pk", "phone"))
    assert phones[mobile.pk] == "+60123456789" and phones[office.pk] == "+60388888888"
    assert phones[impossible.pk] == "0891234567" and phones[empty.pk] == ""
