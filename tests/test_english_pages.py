"""English pages read in English: the SPM subjects are named as an English reader knows them."""

import pytest
from django.urls import reverse
from django.utils import translation

from .factories import ApplicationFactory, ProfileFactory

pytestmark = pytest.mark.django_db


def test_the_english_spm_grade_is_called_english_on_english_pages(client):
    profile = ProfileFactory()
    draft = ApplicationFactory(candidate=profile.user)
    client.force_login(profile.user)
    with translation.override("en"):
        for step in ("education", "review"):
            body = client.get(reverse("applications:step", args=[draft.pk, step])).content.decode()
            assert "English (Bahasa Inggeris) grade" in body
            assert ">Bahasa Inggeris grade" not in body
