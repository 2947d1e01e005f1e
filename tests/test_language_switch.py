"""The language switch form (the admin, and any page posting to /i18n/setlang/) works both ways from every page."""

import pytest
from django.urls import reverse
from django.utils import translation

from .factories import ApplicationFactory, PostFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db


def switch(client, language, next_url):
    response = client.post("/i18n/setlang/", {"language": language, "next": next_url})
    assert response.status_code == 302
    return response["Location"]


def urls_of(name, *args):
    with translation.override("ms"):
        malay = reverse(name, args=args)
    with translation.override("en"):
        english = reverse(name, args=args)
    return malay, english


def test_every_kind_of_page_switches_to_english_and_back(client):
    post = PostFactory()
    candidate = VerifiedUserFactory()
    application = ApplicationFactory(candidate=candidate, post=post)
    client.force_login(candidate)
    pages = [
        urls_of("vacancies:home"),
        urls_of("vacancies:post_list"),
        urls_of("vacancies:post_detail", post.pk),
        urls_of("applications:step", application.pk, "education"),
        urls_of("applications:mine"),
        urls_of("privacy:account"),
        urls_of("accounts:password_reset"),
        ("/jawatan/tiada-halaman-ini/", "/en/jawatan/tiada-halaman-ini/"),  # a 404 page
    ]
    for malay, english in pages:
        assert switch(client, "en", malay) == english
        assert switch(client, "ms", english) == malay, english
        assert switch(client, "ms", malay) == malay
        assert switch(client, "en", english) == english


def test_the_query_string_survives_the_switch(client):
    assert switch(client, "ms", "/en/posts/?q=harta") == "/jawatan/?q=harta"


def test_after_switching_the_page_is_in_the_chosen_language(client):
    PostFactory()
    target = switch(client, "ms", "/en/posts/")
    assert '<html lang="ms">' in client.get(target).content.decode()
