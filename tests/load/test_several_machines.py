"""Several web processes and a worker: sessions and limits shared through Redis; tasks run by a real worker."""

import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.db import connection
from django.urls import reverse

from applications.models import Application
from screening.models import ExportJob, Shortlist

from ..factories import PASSWORD, DocumentFactory, PostFactory, ProfileFactory, QualificationFactory, UserFactory
from .conftest import ROOT, server_env

pytestmark = pytest.mark.load
REDIS = "redis://127.0.0.1:6379"


@pytest.fixture
def redis_db():
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(f"{REDIS}/13")
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    client.flushdb()
    yield f"{REDIS}/13"
    client.flushdb()


def csrf(session, url):
    session.get(url, timeout=10)
    return session.cookies["csrftoken"]


def test_two_web_processes_share_sessions_and_the_registration_limit(start_gunicorn, redis_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]  # what the servers know
    first = start_gunicorn(workers=1, REDIS_URL=redis_db, REGISTRATIONS_PER_ADDRESS="5")
    second = start_gunicorn(workers=1, REDIS_URL=redis_db, REGISTRATIONS_PER_ADDRESS="5")
    user = UserFactory(email="kongsi@contoh.my", password=PASSWORD, email_verified_at="2026-01-01T00:00:00Z")
    browser = requests.Session()
    login = reverse("accounts:login")
    token = csrf(browser, first + login)
    response = browser.post(
        first + login,
        data={"username": user.email, "password": PASSWORD, "csrfmiddlewaretoken": token},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302
    mine = browser.get(second + reverse("applications:mine"), allow_redirects=False, timeout=10)
    assert mine.status_code == 200  # the session made by the first process is known to the second

    register = reverse("accounts:register")
    statuses = []
    for number in range(6):
        visitor = requests.Session()
        server = (first, second)[number % 2]
        token = csrf(visitor, server + register)
        statuses.append(
            visitor.post(
                server + register,
                data={
                    "email": f"daftar{number}@contoh.my",
                    "full_name": "Calon Baru",
                    "password1": "Kata-laluan-2026!",
                    "password2": "Kata-laluan-2026!",
                    "csrfmiddlewaretoken": token,
                },
                allow_redirects=False,
                timeout=10,
            ).status_code
        )
    assert statuses == [302] * 5 + [429]


WEB_PROCESS = """
from applications.models import Application
from applications.services import application_submit
from screening.models import Shortlist
from screening.services import export_request
from accounts.models import User
application_submit(application=Application.objects.get(pk=int(os.environ["APPLICATION_ID"])))
export_request(shortlist=Shortlist.objects.get(pk=int(os.environ["SHORTLIST_ID"])),
               requested_by=User.objects.get(pk=int(os.environ["OFFICER_ID"])))
"""


def test_a_real_worker_sends_the_acknowledgement_and_builds_a_pdf(transactional_db, settings, tmp_path, redis_db):
    """A web process (configured like production) queues the work after its commit; a worker does it."""
    if connection.vendor != "postgresql":
        pytest.skip("The worker test shares the PostgreSQL test database with the worker process.")
    broker = redis_db.replace("/13", "/14")
    mail_dir = tmp_path / "mail"
    env = server_env(
        settings,
        tmp_path,
        CELERY_BROKER_URL=broker,
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(mail_dir),
    )
    profile = ProfileFactory()
    QualificationFactory(profile=profile)
    for kind in ("certificate", "photo", "mqa_letter", "vaccination"):
        DocumentFactory(owner=profile.user, kind=kind)
    post = PostFactory()
    application = Application.objects.create(candidate=profile.user, post=post)
    officer = UserFactory(is_staff=True)
    shortlist = Shortlist.objects.create(post=post)
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "myipo_recruit",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--loglevel=WARNING",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
        ],
        cwd=ROOT,
        env=env,
        stdout=(tmp_path / "worker.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        web = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", WEB_PROCESS],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env={
                **env,
                "APPLICATION_ID": str(application.pk),
                "SHORTLIST_ID": str(shortlist.pk),
                "OFFICER_ID": str(officer.pk),
            },
            timeout=120,
        )
        assert web.returncode == 0, web.stderr
        job = ExportJob.objects.get(shortlist=shortlist)
        deadline = time.monotonic() + 90
        sent = []
        while time.monotonic() < deadline:
            job.refresh_from_db()
            sent = list(mail_dir.glob("*.log")) if mail_dir.exists() else []
            if job.status != ExportJob.Status.PENDING and sent:
                break
            time.sleep(0.5)
        assert job.status == ExportJob.Status.DONE, (tmp_path / "worker.log").read_text()
        assert sent, (tmp_path / "worker.log").read_text()
        application.refresh_from_db()
        message = Path(sent[0]).read_text()
        assert application.reference in message and "application/pdf" in message
        assert application.acknowledged_at
    finally:
        worker.terminate()
        worker.wait(timeout=30)
