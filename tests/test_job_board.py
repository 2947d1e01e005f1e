"""The public job board: home, list with filters and search, post and advertisement pages, archive."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from vacancies.models import Post

from .factories import AdvertisementFactory, DivisionFactory, GradeFactory, PostFactory, PostLineFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_readvertisement(seed_advertisement):
    from vacancies.services import advertisement_readvertise

    return advertisement_readvertise(
        source=seed_advertisement, opens_at=timezone.now(), closes_on=timezone.localdate() + dt.timedelta(days=30)
    )


def url(name, *args, language="ms"):
    with translation.override(language):
        return reverse(f"vacancies:{name}", args=args)


def test_list_shows_the_nine_posts_of_an_open_advertisement_in_malay(client, open_readvertisement):
    response = client.get(url("post_list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count('class="card post-card') == 9
    assert "PEGAWAI SISTEM MAKLUMAT - (KONTRAK)" in content
    assert "RM2,688.00 – RM9,630.00" in content
    assert "Bahagian Pengurusan Maklumat" in content
    assert "30 hari lagi" in content
    assert '<html lang="ms">' in content


def test_list_is_in_english_under_the_english_prefix(client, open_readvertisement):
    response = client.get(url("post_list", language="en"))
    content = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in content
    assert "INFORMATION SYSTEMS OFFICER - (CONTRACT)" in content
    assert "Information Management Division" in content
    assert "30 days left" in content


def test_closed_advertisements_are_not_on_the_board(client, seed_advertisement):
    response = client.get(url("post_list"))
    assert response.context["posts"].count() == 0
    assert "PEGAWAI HARTA INTELEK" not in response.content.decode()


def test_filter_by_grade_keeps_only_that_grade(client, open_readvertisement):
    response = client.get(url("post_list"), {"grade": "IP10"})
    assert [post.number for post in response.context["posts"]] == [7, 8]


def test_filter_by_service_group_and_division(client, open_readvertisement):
    division = open_readvertisement.posts.get(number=6).division
    response = client.get(url("post_list"), {"service_group": "pelaksana", "division": division.pk})
    assert [post.number for post in response.context["posts"]] == [9]


def test_search_finds_words_in_duties_in_either_language(client, open_readvertisement):
    malay = client.get(url("post_list"), {"q": "Akta Paten 1983"})
    english = client.get(url("post_list", language="en"), {"q": "reconciliation"})
    assert [post.number for post in malay.context["posts"]] == [4]
    assert [post.number for post in english.context["posts"]] == [3]


def test_invalid_filters_are_ignored_with_a_message_not_an_error(client, open_readvertisement):
    response = client.get(url("post_list"), {"grade": "IP99", "division": "abc"})
    assert response.status_code == 200
    assert response.context["posts"].count() == 9
    assert "tidak sah" in response.content.decode()


def test_post_page_shows_every_line_and_the_facts(client, seed_advertisement):
    post = Post.objects.get(advertisement=seed_advertisement, number=3)
    response = client.get(post.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    for line in post.lines.all():
        assert escape(line.text_ms.split("*")[0]) in content
    assert "Perkhidmatan Harta Intelek" in content
    assert "Eksekutif" in content
    assert "IP8" in content
    assert "28 November 2023" in content
    assert "telah ditutup" in content


def test_post_page_in_english_shows_the_english_lines(client, seed_advertisement):
    post = Post.objects.get(advertisement=seed_advertisement, number=9)
    with translation.override("en"):
        response = client.get(post.get_absolute_url())
        content = response.content.decode()
        for line in post.lines.all():
            assert escape(line.text_en.split("*")[0]) in content
    assert "Implementing" in content


def test_italic_terms_are_rendered_as_emphasis_and_html_is_escaped(client):
    line = PostLineFactory(text_ms="Membuat *troubleshoot* <script>alert(1)</script>;")
    content = client.get(line.post.get_absolute_url()).content.decode()
    assert "<em>troubleshoot</em>" in content
    assert "<script>alert(1)</script>" not in content


def test_advertisement_page_shows_conditions_address_and_notices(client, seed_advertisement):
    content = client.get(seed_advertisement.get_absolute_url()).content.decode()
    assert "Warganegara Malaysia;" in content
    assert "ARAS 20, MENARA MyIPO, PJ SENTRAL" in content
    assert "SIJIL VAKSINASI LENGKAP 2 DOS COVID-19" in content
    assert 'href="https://www2.mqa.gov.my/mqr/"' in content
    assert "Hanya calon-calon yang disenarai pendek sahaja akan dihubungi untuk ditemuduga." in content


def test_archive_lists_closed_advertisements_only(client, seed_advertisement, open_readvertisement):
    response = client.get(url("archive"))
    assert list(response.context["advertisements"]) == [seed_advertisement]


def test_home_links_to_the_open_advertisement(client, open_readvertisement):
    content = client.get(url("home")).content.decode()
    assert open_readvertisement.get_absolute_url() in content
    assert "9 jawatan" in content


def test_unknown_post_is_a_404(client, db):
    assert client.get(url("post_detail", 999999)).status_code == 404


def test_the_job_board_costs_the_same_queries_for_3_or_30_posts(client, django_assert_num_queries):
    grade, division = GradeFactory(), DivisionFactory()
    advertisement = AdvertisementFactory()
    PostFactory.create_batch(3, advertisement=advertisement, grade=grade, division=division)
    # grades and divisions for the filters, then the posts; and the board's stamp before and after (board_cache.py)
    with django_assert_num_queries(5):
        client.get(url("post_list"))
    PostFactory.create_batch(27, advertisement=advertisement, grade=GradeFactory(code="IP10", rank=2))
    with django_assert_num_queries(5):
        response = client.get(url("post_list"))
    assert len(response.context["posts"]) == 30
    with django_assert_num_queries(1):  # then served from the cache
        client.get(url("post_list"))
