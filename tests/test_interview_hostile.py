"""The journey after the shortlist attacked and misused: ids guessed, garbage posted, dates out of reach, steps
taken out of order or twice. Every refusal is a clear message or a 404, never a 500."""

import pytest
from django.urls import reverse

from accounts.roles import HR_OFFICER
from interviews.models import SelectionEntry

from .factories import hr_staff
from .test_interview_offers import decided

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["abc", "1 OR 1=1", "²", "-1", ""])
def test_promoting_the_reserve_of_a_garbage_post_id_is_not_found(client, value):
    selection = decided(count=3, vacancies=1, reserve=1)
    hr_staff(HR_OFFICER, client)
    response = client.post(reverse("admin:interviews_offer_refill"), {"selection": value})
    assert response.status_code == 404
    assert not SelectionEntry.objects.filter(selection=selection, final="selected").exclude(rank=1).exists()
