"""Malay first: every text of the portal has its Malay translation, and Malay is what a visitor gets first."""

from pathlib import Path

import polib
import pytest
from django.urls import reverse
from django.utils import translation

CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "ms" / "LC_MESSAGES" / "django.po"


def test_the_malay_catalogue_translates_every_text():
    catalogue = polib.pofile(str(CATALOGUE))
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []
    assert len(catalogue) > 500


def test_the_urls_are_in_malay_by_default_and_in_english_under_en():
    assert reverse("vacancies:post_list") == "/jawatan/"
    assert reverse("applications:mine") == "/permohonan/"
    with translation.override("en"):
        assert reverse("vacancies:post_list") == "/en/posts/"


@pytest.mark.django_db
def test_a_first_visit_is_in_malay_even_from_an_english_browser(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert response.status_code == 200
    assert '<html lang="ms">' in response.content.decode()


@pytest.mark.django_db
def test_the_language_switch_moves_to_the_same_page_in_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/jawatan/"})
    assert response["Location"] == "/en/posts/"


def test_the_texts_django_lacks_in_malay_read_in_malay():
    from django.utils.translation import gettext

    from myipo_recruit.django_texts import PLURAL, SINGULAR

    with translation.override("en"):
        english = [str(text) for text in PLURAL]
    with translation.override("ms"):
        untranslated = [text for text in SINGULAR if gettext(text) == text]
        untranslated += [text for text, in_english in zip(PLURAL, english, strict=True) if str(text) == in_english]
    assert untranslated == []


@pytest.mark.django_db
def test_the_admin_says_show_counts_in_malay(admin_client):
    from applications.models import Application  # noqa: F401 - the changelist exists

    page = admin_client.get("/admin/applications/application/").content.decode()
    assert "Show counts" not in page
