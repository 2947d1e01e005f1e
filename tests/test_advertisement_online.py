"""An advertisement open on the portal says how to apply online, by its own closing date, with links to apply;
the 2023 advertisement stays in the archive word for word."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone, translation

from vacancies.models import Advertisement
from vacancies.services import advertisement_readvertise

from .seed_advertisement import parse

pytestmark = pytest.mark.django_db
SEED = parse()


@pytest.fixture
def readvertised(seed_advertisement):
    return advertisement_readvertise(
        source=seed_advertisement, opens_at=timezone.now() - dt.timedelta(hours=1), closes_on=dt.date(2099, 12, 5)
    )


def test_readvertising_writes_the_online_texts_in_both_languages_with_the_new_closing_date(readvertised):
    assert readvertised.applies_online
    assert "dalam talian" in readvertised.how_to_apply_ms and "online" in readvertised.how_to_apply_en
    assert "5 Disember 2099, jam 11:59:59 malam" in readvertised.submission_ms
    assert "5 December 2099, 11:59:59 pm" in readvertised.submission_en
    for text in (readvertised.how_to_apply_ms, readvertised.submission_ms, readvertised.submission_en):
        assert "sampul" not in text and "envelope" not in text and "2023" not in text


def test_the_2023_advertisement_is_unchanged_word_for_word(client, readvertised, seed_advertisement):
    seed_advertisement.refresh_from_db()
    assert not seed_advertisement.applies_online
    assert seed_advertisement.how_to_apply_ms == SEED.how_to_apply
    assert seed_advertisement.submission_ms == SEED.submission
    body = client.get(seed_advertisement.get_absolute_url()).content.decode()
    assert "selewat-lewatnya pada 28 November 2023" in body
    assert "ARAS 20, MENARA MyIPO" in body
    assert reverse("applications:apply", args=[seed_advertisement.posts.first().pk]) not in body


@pytest.mark.parametrize("language", ["ms", "en"])
def test_the_open_advertisement_page_says_how_to_apply_online_and_links_every_post(client, readvertised, language):
    with translation.override(language):
        body = client.get(readvertised.get_absolute_url()).content.decode()
        apply_urls = [reverse("applications:apply", args=[post.pk]) for post in readvertised.posts.all()]
    assert all(url in body for url in apply_urls)
    if language == "ms":
        assert readvertised.how_to_apply_ms in body and "5 Disember 2099" in body
        assert "28 November 2023" not in body and "sampul surat" not in body
    else:
        assert readvertised.submission_en in body
        assert "28 November 2023" not in body and "envelope" not in body
    assert "(u.p.: Bahagian Sumber Manusia)" not in body


def test_hr_edits_the_online_texts_in_the_admin(admin_client, readvertised):
    page = admin_client.get(reverse("admin:vacancies_advertisement_change", args=[readvertised.pk])).content.decode()
    for name in ("applies_online", "how_to_apply_ms", "how_to_apply_en", "submission_ms", "submission_en"):
        assert f'name="{name}"' in page
    Advertisement.objects.filter(pk=readvertised.pk).update(submission_ms="Teks baharu HR.")
    assert "Teks baharu HR." in admin_client.get(readvertised.get_absolute_url()).content.decode()


@pytest.fixture
def before_online(transactional_db):
    executor = MigrationExecutor(connection)
    target = [("vacancies", "0006_add_applies_online")]
    executor.migrate(target)
    yield executor.loader.project_state(target).apps
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_re_advertisements_made_before_get_the_online_texts(before_online):
    from django.core.management import call_command

    call_command("loaddata", "advertisement-2023", verbosity=0)
    Old = before_online.get_model("vacancies", "Advertisement")
    source = Old.objects.get(pk=1)
    fields = {f.attname: getattr(source, f.attname) for f in Old._meta.concrete_fields if not f.primary_key}
    copy = Old.objects.create(**{**fields, "readvertised_from_id": source.pk, "closes_on": dt.date(2099, 1, 31)})
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    copy, source = Advertisement.objects.get(pk=copy.pk), Advertisement.objects.get(pk=1)
    assert copy.applies_online and "31 Januari 2099" in copy.submission_ms
    assert not source.applies_online and source.submission_ms == SEED.submission
