"""The language switch: plain links to the page being shown in each language.

Links, not a form posted to Django's set_language: a public page then carries no CSRF token and can be
cached for every visitor. The language lives in the address (`/…` Malay, `/en/…` English), so a link is
all it takes, from any page and in both directions.
"""

from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.functional import SimpleLazyObject


def page_in(request, language: str) -> str:
    """The address of the page being shown, in `language` (its home page when the page has no such address)."""
    here = request.get_full_path()
    if language == translation.get_language():
        return here
    there = translate_url(here, language)
    if there == here:
        with translation.override(language):
            return reverse("vacancies:home")
    return there


def language_links(request) -> dict:
    """Context processor: `language_links`, one entry per language, worked out only if a page shows it."""

    def links():
        current = translation.get_language()
        return {code: {"url": page_in(request, code), "current": code == current} for code, _name in settings.LANGUAGES}

    return {"language_links": SimpleLazyObject(links)}
