import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import translation


@pytest.fixture(autouse=True)
def _plain_http(settings):
    """Plain HTTP and unhashed static names: production's HTTPS redirect and manifest are tested on their own."""
    settings.SECURE_SSL_REDIRECT = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; hashing is Django's
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _malay_by_default():
    with translation.override("ms"):
        yield


@pytest.fixture
def seed_advertisement(db):
    """MyIPO's 2023 advertisement of nine posts, loaded from the fixture."""
    from vacancies.models import Advertisement

    call_command("loaddata", "advertisement-2023", verbosity=0)
    return Advertisement.objects.get(pk=1)


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Uploaded documents go to a fresh folder per test."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def complete_candidate(db):
    """A verified candidate whose BORANG is complete, with the four kinds of document (the MQA letter its degree's)."""
    from .factories import DocumentFactory, ProfileFactory, QualificationFactory

    profile = ProfileFactory()
    degree = QualificationFactory(profile=profile)
    for kind in ("certificate", "photo", "vaccination"):
        DocumentFactory(owner=profile.user, kind=kind)
    DocumentFactory(owner=profile.user, kind="mqa_letter", qualification=degree)
    return profile.user


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters and cached pages never leak from one test into another."""
    from django.core.cache import cache

    from vacancies.board_cache import pages

    cache.clear()
    pages.clear()
    yield
    cache.clear()
    pages.clear()


@pytest.fixture
def postgresql(transactional_db):
    """Skips on SQLite, which serialises writers."""
    if connection.vendor != "postgresql":
        pytest.skip("Real concurrency needs PostgreSQL (set DATABASE_URL); SQLite serialises writers.")
