"""The closing evening: many candidates uploading and submitting at once, against gunicorn and PostgreSQL."""

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.test import Client
from django.urls import reverse

from applications.models import Application, Document, document_storage

from ..factories import MINIMAL_PDF, DocumentFactory, PostFactory, ProfileFactory, QualificationFactory

pytestmark = pytest.mark.load

CANDIDATES = 200
CSRF = "k" * 32


def session_for(user) -> dict:
    client = Client()
    client.force_login(user)
    return {"sessionid": client.cookies["sessionid"].value, "csrftoken": CSRF}


def ready_candidates(post, count):
    """Candidates whose BORANG is complete but for their certificate, each with a draft application."""
    people = []
    for number in range(count):
        profile = ProfileFactory(full_name=f"CALON PETANG {number}")
        QualificationFactory(profile=profile)
        for kind in ("photo", "mqa_letter", "vaccination"):
            DocumentFactory(owner=profile.user, kind=kind)
        application = Application.objects.create(candidate=profile.user, post=post)
        people.append((application, session_for(profile.user)))
    return people


def upload_and_submit(base, application, cookies):
    """What one candidate does in the last minutes: upload the certificate, then submit."""
    with requests.Session() as browser:
        browser.cookies.update(cookies)
        headers = {"X-CSRFToken": CSRF}
        documents = browser.post(
            base + reverse("applications:step", args=[application.pk, "documents"]),
            files={"certificate": ("sijil-spm.pdf", MINIMAL_PDF, "application/pdf")},
            data={"csrfmiddlewaretoken": CSRF},
            headers=headers,
            allow_redirects=False,
            timeout=120,
        )
        submit = browser.post(
            base + reverse("applications:step", args=[application.pk, "review"]),
            data={"csrfmiddlewaretoken": CSRF, "declaration": "on", "pdpa_consent": "on"},
            headers=headers,
            allow_redirects=False,
            timeout=120,
        )
    return documents.status_code, submit.status_code


def test_200_candidates_submitting_at_once_are_each_stored_exactly_once_with_their_files(gunicorn_server):
    post = PostFactory()
    people = ready_candidates(post, CANDIDATES)
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=50) as pool:
        statuses = list(pool.map(lambda person: upload_and_submit(gunicorn_server, *person), people))
    elapsed = time.monotonic() - started
    assert statuses == [(302, 302)] * CANDIDATES, {s for s in statuses if s != (302, 302)}
    submitted = Application.objects.submitted().filter(post=post)
    assert submitted.count() == CANDIDATES
    assert len(set(submitted.values_list("reference", flat=True))) == CANDIDATES
    for application in submitted.prefetch_related("documents"):
        kinds = sorted(document.kind for document in application.documents.all())
        assert kinds == ["certificate", "mqa_letter", "photo", "vaccination"]
    certificates = Document.objects.filter(kind="certificate")
    assert certificates.count() == CANDIDATES
    assert all(document_storage().exists(document.file.name) for document in certificates)
    assert elapsed < 600


def test_the_same_application_submitted_in_parallel_is_stored_once(gunicorn_server):
    post = PostFactory()
    [(application, cookies)] = ready_candidates(post, 1)
    DocumentFactory(owner=application.candidate, kind="certificate")

    def submit(_):
        with requests.Session() as browser:
            browser.cookies.update(cookies)
            return browser.post(
                gunicorn_server + reverse("applications:step", args=[application.pk, "review"]),
                data={"csrfmiddlewaretoken": CSRF, "declaration": "on", "pdpa_consent": "on"},
                headers={"X-CSRFToken": CSRF},
                allow_redirects=False,
                timeout=60,
            ).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(submit, range(8)))
    assert statuses == [302] * 8
    assert Application.objects.filter(candidate=application.candidate).count() == 1
    application.refresh_from_db()
    assert application.is_submitted and application.reference
