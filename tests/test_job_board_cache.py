"""The job board's cached pages: served without the page's queries, and never stale."""

import datetime as dt
import zoneinfo
from unittest import mock

import pytest
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from vacancies import views
from vacancies.models import Post

from .factories import AdvertisementFactory, PostFactory, PostLineFactory, VerifiedUserFactory

KL = zoneinfo.ZoneInfo("Asia/Kuala_Lumpur")
pytestmark = pytest.mark.django_db


def url(name, *args, language="ms"):
    with translation.override(language):
        return reverse(f"vacancies:{name}", args=args)


def board_pages(post):
    return [
        url("home"),
        url("post_list"),
        url("post_list") + "?grade=IP8&q=harta",
        url("post_detail", post.pk),
        url("advertisement_detail", post.advertisement_id),
        url("archive"),
        url("home", language="en"),
        url("post_detail", post.pk, language="en"),
    ]


@pytest.fixture
def clock(monkeypatch):
    """Hold Django's clock at a chosen moment in Malaysia (timezone.now and timezone.localdate follow it)."""

    def hold(*args):
        moment = dt.datetime(*args, tzinfo=KL)
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return hold


def test_a_cached_page_is_served_with_one_small_query_and_the_same_content(client, django_assert_num_queries):
    post = PostFactory(title_ms="PEGAWAI HARTA INTELEK")
    for page in board_pages(post):
        first = client.get(page)
        assert first.status_code == 200, page
        with django_assert_num_queries(1):  # the board's version and next opening, nothing of the page itself
            again = client.get(page)
        assert again.status_code == 200
        assert again.content == first.content
        assert again["Content-Type"] == first["Content-Type"]


def test_a_change_to_a_post_shows_at_once(client):
    post = PostFactory(title_ms="PEGAWAI LAMA")
    for page in (url("post_list"), url("post_detail", post.pk), url("home")):
        assert "PEGAWAI LAMA" in client.get(page).content.decode()
    post.title_ms = "PEGAWAI BAHARU"
    post.save()
    for page in (url("post_list"), url("post_detail", post.pk), url("home")):
        content = client.get(page).content.decode()
        assert "PEGAWAI BAHARU" in content and "PEGAWAI LAMA" not in content


def test_a_new_line_a_grade_and_an_advertisement_text_show_at_once(client):
    post = PostFactory()
    page = url("post_detail", post.pk)
    client.get(page)
    PostLineFactory(post=post, text_ms="Tugas yang baru ditambah.")
    assert "Tugas yang baru ditambah." in client.get(page).content.decode()
    post.grade.salary_max = "9999.00"
    post.grade.save()
    assert "RM9,999.00" in client.get(page).content.decode()
    post.advertisement.shortlist_notice_ms = "Notis yang dipinda."
    post.advertisement.save()
    assert "Notis yang dipinda." in client.get(page).content.decode()


def test_a_deleted_post_leaves_the_board_at_once(client):
    keep, gone = PostFactory(title_ms="JAWATAN KEKAL"), PostFactory(title_ms="JAWATAN DIPADAM")
    assert "JAWATAN DIPADAM" in client.get(url("post_list")).content.decode()
    gone_page = url("post_detail", gone.pk)
    assert client.get(gone_page).status_code == 200
    gone.delete()
    content = client.get(url("post_list")).content.decode()
    assert "JAWATAN DIPADAM" not in content and keep.title_ms in content
    assert client.get(gone_page).status_code == 404


def test_an_edit_in_the_admin_shows_at_once(client, admin_client):
    post = PostFactory()
    grade = post.grade
    page = url("post_detail", post.pk)
    assert "RM9,630.00" in client.get(page).content.decode()
    response = admin_client.post(
        f"/admin/vacancies/grade/{grade.pk}/change/",
        {
            "code": grade.code,
            "rank": grade.rank,
            "service_group": grade.service_group,
            "salary_min": "2688.00",
            "salary_max": "10500.00",
        },
    )
    assert response.status_code == 302
    assert "RM10,500.00" in client.get(page).content.decode()


def test_days_left_change_at_midnight_in_malaysia(client, clock):
    clock(2026, 12, 1, 12, 0)
    post = PostFactory(advertisement=AdvertisementFactory(closes_on=dt.date(2026, 12, 11)))
    page = url("post_detail", post.pk)
    clock(2026, 12, 1, 23, 59, 59)
    assert "10 hari lagi" in client.get(page).content.decode()
    assert "10 hari lagi" in client.get(page).content.decode()
    clock(2026, 12, 2, 0, 0, 0)
    content = client.get(page).content.decode()
    assert "9 hari lagi" in content and "10 hari lagi" not in content


def test_an_advertisement_closes_at_midnight_on_its_closing_day(client, clock):
    clock(2026, 12, 1, 12, 0)
    post = PostFactory(title_ms="JAWATAN DITUTUP", advertisement=AdvertisementFactory(closes_on=dt.date(2026, 12, 5)))
    clock(2026, 12, 5, 23, 59, 59)
    assert "JAWATAN DITUTUP" in client.get(url("post_list")).content.decode()
    assert reverse("applications:apply", args=[post.pk]) in client.get(url("post_detail", post.pk)).content.decode()
    clock(2026, 12, 6, 0, 0, 0)
    assert "JAWATAN DITUTUP" not in client.get(url("post_list")).content.decode()
    content = client.get(url("post_detail", post.pk)).content.decode()
    assert reverse("applications:apply", args=[post.pk]) not in content
    assert "telah ditutup" in content


def test_an_advertisement_opening_at_nine_shows_at_nine_exactly(client, clock):
    clock(2026, 12, 1, 8, 0)
    opens = dt.datetime(2026, 12, 1, 9, 0, tzinfo=KL)
    post = PostFactory(
        title_ms="JAWATAN PAGI", advertisement=AdvertisementFactory(opens_at=opens, closes_on=dt.date(2026, 12, 31))
    )
    apply_link = reverse("applications:apply", args=[post.pk])
    clock(2026, 12, 1, 8, 59, 59)
    for _ in range(2):
        assert "JAWATAN PAGI" not in client.get(url("post_list")).content.decode()
        assert apply_link not in client.get(url("post_detail", post.pk)).content.decode()
    clock(2026, 12, 1, 9, 0, 0)
    assert "JAWATAN PAGI" in client.get(url("post_list")).content.decode()
    assert apply_link in client.get(url("post_detail", post.pk)).content.decode()
    assert "JAWATAN PAGI" in client.get(url("home")).content.decode()


def test_each_language_gets_its_own_page(client):
    post = PostFactory(title_ms="PEGAWAI HARTA INTELEK", title_en="INTELLECTUAL PROPERTY OFFICER")
    for _ in range(2):
        malay = client.get(url("post_detail", post.pk)).content.decode()
        english = client.get(url("post_detail", post.pk, language="en")).content.decode()
        assert '<html lang="ms">' in malay and "PEGAWAI HARTA INTELEK" in malay
        assert '<html lang="en">' in english and "INTELLECTUAL PROPERTY OFFICER" in english


def test_cached_pages_carry_no_csrf_token_and_set_no_cookie(client):
    post = PostFactory()
    for page in board_pages(post):
        for _ in range(2):
            response = client.get(page)
            assert b"csrfmiddlewaretoken" not in response.content
            assert not response.cookies
    assert "csrftoken" not in client.cookies


def test_a_signed_in_candidate_gets_a_fresh_private_page(client, django_assert_max_num_queries):
    post = PostFactory(title_ms="JAWATAN UNTUK CALON")
    page = url("post_detail", post.pk)
    anonymous = client.get(page)
    assert "Cache-Control" not in anonymous
    client.force_login(VerifiedUserFactory())
    response = client.get(page)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    content = response.content.decode()
    assert reverse("applications:mine") in content  # the account's own menu, not the visitor's page
    assert content != anonymous.content.decode()
    assert response.context is not None  # rendered for this request, not served from the cache


def test_a_page_shown_with_a_message_is_neither_cached_nor_served_from_the_cache(client):
    PostFactory()
    client.get(url("home"))  # cached for visitors without messages
    request = RequestFactory().get(url("home"))
    SessionMiddleware(lambda r: None).process_request(request)
    MessageMiddleware(lambda r: None).process_request(request)
    request.user = AnonymousUser()
    messages.info(request, "Pesanan untuk pelawat ini sahaja.")
    assert "Pesanan untuk pelawat ini sahaja." in views.home(request).content.decode()
    assert "Pesanan untuk pelawat ini sahaja." not in client.get(url("home")).content.decode()


def test_unknown_or_long_query_strings_are_rendered_but_not_cached(client, django_assert_num_queries):
    PostFactory()
    for query in ("?utm_source=x", "?q=" + "a" * 250):
        client.get(url("post_list") + query)
        with django_assert_num_queries(3):  # the page's own queries, no board stamp: never cached
            assert client.get(url("post_list") + query).status_code == 200


def test_visitors_pages_need_neither_the_shared_cache_nor_its_health(client, django_assert_num_queries):
    post = PostFactory(title_ms="JAWATAN TETAP DIPAPAR")
    down = ConnectionError("shared cache down")
    with (
        mock.patch("django.core.cache.cache.get", side_effect=down),
        mock.patch("django.core.cache.cache.set", side_effect=down),
    ):
        assert "JAWATAN TETAP DIPAPAR" in client.get(url("post_detail", post.pk)).content.decode()
        with django_assert_num_queries(1):
            assert client.get(url("post_detail", post.pk)).status_code == 200


def test_the_post_of_a_closed_advertisement_is_cached_too(client, django_assert_num_queries):
    post = PostFactory(advertisement=AdvertisementFactory(closed=True))
    client.get(url("post_detail", post.pk))
    with django_assert_num_queries(1):
        assert "telah ditutup" in client.get(url("post_detail", post.pk)).content.decode()
    assert Post.objects.open().count() == 0
