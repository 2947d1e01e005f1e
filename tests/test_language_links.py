"""The language switch of the public pages: links to the same page in the other language, both ways."""

import html
import re

import pytest
from django.urls import reverse
from django.utils import translation

from .factories import PostFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db


def switch_link(content: str, language: str) -> str:
    links = re.findall(r'<a href="([^"]*)" hreflang="' + language + '"', content)
    assert len(links) == 1, links
    return html.unescape(links[0])


def in_language(language, name, *args):
    with translation.override(language):
        return reverse(name, args=args)


@pytest.fixture
def pages(db):
    post = PostFactory()
    return [
        ("vacancies:home", ()),
        ("vacancies:post_list", ()),
        ("vacancies:post_detail", (post.pk,)),
        ("vacancies:advertisement_detail", (post.advertisement_id,)),
        ("vacancies:archive", ()),
        ("accounts:login", ()),
        ("accounts:register", ()),
        ("accounts:password_reset", ()),
    ]


def test_each_page_links_to_itself_in_the_other_language_and_back(client, pages):
    for name, args in pages:
        malay, english = in_language("ms", name, *args), in_language("en", name, *args)
        assert malay != english
        response = client.get(malay)
        assert response.status_code == 200, malay
        assert switch_link(response.content.decode(), "en") == english
        assert switch_link(response.content.decode(), "ms") == malay
        response = client.get(english)
        assert '<html lang="en">' in response.content.decode()
        assert switch_link(response.content.decode(), "ms") == malay
        assert switch_link(response.content.decode(), "en") == english
        assert '<html lang="ms">' in client.get(switch_link(response.content.decode(), "ms")).content.decode()


def test_the_switch_keeps_the_filters_of_the_job_board(client, pages):
    content = client.get(in_language("en", "vacancies:post_list") + "?grade=IP8&q=paten").content.decode()
    assert switch_link(content, "ms") == "/jawatan/?grade=IP8&q=paten"


def test_the_current_language_is_marked(client, pages):
    content = client.get("/en/").content.decode()
    current = re.search(r'<a href="/en/" hreflang="en"[^>]*>', content, re.S).group(0)
    assert 'aria-current="true"' in current
    other = re.search(r'<a href="/" hreflang="ms"[^>]*>', content, re.S).group(0)
    assert "aria-current" not in other


def test_a_page_that_does_not_exist_switches_to_the_other_home_page(client, db):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert switch_link(response.content.decode(), "ms") == "/"
    assert switch_link(client.get("/tiada-halaman/").content.decode(), "en") == "/en/"


def test_a_signed_in_candidate_switches_too_and_the_switch_needs_no_form(client, db):
    client.force_login(VerifiedUserFactory())
    content = client.get(in_language("en", "applications:mine")).content.decode()
    assert switch_link(content, "ms") == in_language("ms", "applications:mine")
    assert 'action="/i18n/setlang/"' not in content
