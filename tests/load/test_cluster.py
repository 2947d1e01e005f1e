"""Several machines for real, set up step by step as docs/deploy.md says, then each outside service fails in turn.

Two web machines (gunicorn, each with its own disk and static files), one Celery worker and beat, the test
PostgreSQL, a Redis of the cluster's own (never the machine's shared one), a local S3 server and an SMTP sink,
all on 127.0.0.1; requests alternate between the web machines as behind the load balancer. A candidate
registers, applies with documents and gets the acknowledgement with the slip; HR screens, publishes and exports.
Then: the worker stopped, the broker restarted (losing its queue) and refusing work, S3 frozen, the SMTP relay
hung. Throughout, no page waits longer than its bound, no completed act shows an error, and once each service is
back every e-mail owed is sent exactly once; nothing is half-stored.
"""

import datetime as dt
import io
import json
import re
import shlex
import subprocess
import sys
import time

import pytest
import redis
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from applications.models import Application, Document, Qualification
from applications.services import snapshot_build
from audit.models import AuditEvent
from outbox.models import Email
from screening import rules
from screening.models import ExportJob, ScreeningRun, Shortlist
from vacancies.models import Advertisement

from ..factories import MINIMAL_PDF, ProfileFactory, QualificationFactory, VerifiedUserFactory, close_advertisement
from .cluster import (
    HOST,
    Balancer,
    Service,
    http_ready,
    log_says,
    missing_tools,
    redis_service,
    require,
    s3_service,
    smtp_service,
    wait_for,
)
from .conftest import ROOT, free_port

pytestmark = pytest.mark.load

BUCKET = "myipo-dokumen"
REGION = "ap-southeast-1"
ADMIN_EMAIL, ADMIN_PASSWORD = "pentadbir.hr@myipo.test", "Pentadbir-HR-2026!"
PASSWORD = "Kata-laluan-2026!"
KINDS = ("certificate", "photo", "mqa_letter", "vaccination")
SERVER_TROUBLE = ("masalah di pihak kami", "problem on our side")
# Bounds on what a person waits (seconds), with the shortened service timeouts of the test environment.
PAGE, SLOW_PAGE, HEALTH = 10, 20, 6


def photo_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (300, 400), (200, 180, 160)).save(buffer, "PNG")
    return buffer.getvalue()


def guide_environment(test_database: dict, redis_port: int, s3_endpoint: str, smtp_port: int) -> dict:
    """The variables docs/deploy.md lists for every process, with this machine's addresses."""
    import os

    base = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "GUNICORN_"))}
    return {
        **base,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": os.environ["DJANGO_SECRET_KEY"],
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
        "DJANGO_TRUSTED_PROXIES": "127.0.0.1",  # the balancer
        "GUNICORN_FORWARDED_ALLOW_IPS": "127.0.0.1",
        "DATABASE_URL": (
            f"postgres://{test_database['USER']}@{test_database['HOST']}:{test_database['PORT']}/"
            f"{test_database['NAME']}"
        ),
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{redis_port}/1",
        "DJANGO_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": s3_endpoint,
        "AWS_S3_REGION_NAME": REGION,
        "AWS_ACCESS_KEY_ID": "cluster-test",
        "AWS_SECRET_ACCESS_KEY": "cluster-test",
        "AWS_LOCATION": "private",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_USE_TLS": "0",
        "DEFAULT_FROM_EMAIL": "MyIPO Recruitment <no-reply@myipo.test>",
        "REGISTRATIONS_PER_ADDRESS": "3",
        # Shorter than production's, so that each fault comes and goes within the test's minutes.
        "EMAIL_TIMEOUT": "3",
        "AWS_S3_CONNECT_TIMEOUT": "2",
        "AWS_S3_READ_TIMEOUT": "2",
        "CELERY_BROKER_TIMEOUT": "2",
        "REDIS_TIMEOUT": "1",
        "HEALTHZ_TIMEOUT": "2",
        "OUTBOX_SWEEP_SECONDS": "2",
        "OUTBOX_RETRY_SECONDS": "1",
        "BACKGROUND_RESUME_SECONDS": "3",
        "DJANGO_LOG_LEVEL": "INFO",
    }


def guide_command(program: str, role: str = "") -> list[str]:
    """The ExecStart line of docs/deploy.md's systemd unit for this program, run with this test's Python."""
    for line in (ROOT / "docs" / "deploy.md").read_text().splitlines():
        line = line.strip()
        if line.startswith(f"ExecStart=/srv/myipo/venv/bin/{program} ") and f" {role} ".replace("  ", " ") in line:
            return [sys.executable, "-m", *shlex.split(line.removeprefix("ExecStart=/srv/myipo/venv/bin/"))]
    pytest.fail(f"docs/deploy.md has no systemd unit running {program} {role}")


def manage(env: dict, *args: str, **extra) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**env, **extra},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


class Cluster:
    """The services of docs/deploy.md on this machine, the balancer in front and the SMTP sink's mailbox."""

    def __init__(self, folder):
        self.folder = folder
        self.redis, self.redis_port = redis_service(folder)
        self.s3, self.s3_endpoint = s3_service(folder)
        self.smtp, smtp_port, self.mailbox = smtp_service(folder)
        self.env = guide_environment(connection.settings_dict, self.redis_port, self.s3_endpoint, smtp_port)
        self.machines: list[Service] = []
        self.worker = self.beat = None
        self.balancer: Balancer | None = None

    def services(self) -> list[Service]:
        return [s for s in (*self.machines, self.worker, self.beat, self.smtp, self.s3, self.redis) if s]

    def stop(self) -> None:
        for service in self.services():
            service.stop()

    def bucket(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.s3_endpoint,
            region_name=REGION,
            aws_access_key_id="cluster-test",
            aws_secret_access_key="cluster-test",
        )

    def stored_objects(self) -> set[str]:
        listing = self.bucket().list_objects_v2(Bucket=BUCKET).get("Contents", [])
        return {item["Key"] for item in listing}

    def broker(self) -> redis.Redis:
        return redis.Redis(port=self.redis_port, socket_timeout=2)

    def worker_service(self) -> Service:
        return Service(
            "worker",
            guide_command("celery", "worker"),
            self.folder / "worker.log",
            env=self.env,
            ready=log_says("ready."),
        )

    def logs(self) -> str:
        return "\n".join(service.tail() for service in self.services())


@pytest.fixture
def cluster(transactional_db, settings, tmp_path):
    if connection.vendor != "postgresql":
        require(False, "The cluster test runs against PostgreSQL (set DATABASE_URL).")
    missing = missing_tools()
    require(
        not missing, f"The cluster test needs {', '.join(missing)} (apt-get install redis-server; pip install .[dev])."
    )
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]  # what the servers know
    cluster = Cluster(tmp_path)
    try:
        deploy_as_the_guide_says(cluster)
        yield cluster
    finally:
        print(cluster.logs())  # shown by pytest when the test fails
        cluster.stop()


def deploy_as_the_guide_says(cluster: Cluster) -> None:
    """docs/deploy.md, step by step: services, bucket, release, first installation, processes, health checks."""
    # 1. The services: Redis (here without persistence, the worst case the outbox must survive), S3, SMTP.
    for service in (cluster.redis, cluster.s3, cluster.smtp):
        service.start()
    # 2. The bucket: created once, public access blocked (the guide's `aws s3api` commands, through boto3).
    s3 = cluster.bucket()
    s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
    s3.put_public_access_block(
        Bucket=BUCKET,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )
    env = cluster.env
    # 3. Each release: check the settings, migrate once (translations are compiled by `make test` already).
    assert "no issues" in manage(env, "check", "--deploy", "--fail-level", "WARNING")
    manage(env, "migrate", "--noinput")
    # 4. First installation: the 2023 advertisement (closed), re-advertised to open one; the first administrator.
    manage(env, "loaddata", "advertisement-2023")
    manage(env, "readvertise", "1", "--days", "30")
    manage(env, "createsuperuser", "--noinput", "--email", ADMIN_EMAIL, DJANGO_SUPERUSER_PASSWORD=ADMIN_PASSWORD)
    # 5. Each web machine: its own static files (collectstatic on every machine, each release), then the
    #    guide's gunicorn unit.
    bases = []
    for name in ("web-a", "web-b"):
        disk = cluster.folder / name
        port = free_port()
        machine_env = {
            **env,
            "DJANGO_STATIC_ROOT": str(disk / "static"),
            "FILE_UPLOAD_TEMP_DIR": str(disk / "uploads"),
            "MEDIA_ROOT": str(disk / "media"),
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": "2",
            "GUNICORN_THREADS": "4",
        }
        manage(machine_env, "collectstatic", "--noinput", "-v0")
        base = f"http://127.0.0.1:{port}"
        cluster.machines.append(
            Service(
                name,
                guide_command("gunicorn"),
                disk / "gunicorn.log",
                env=machine_env,
                ready=http_ready(base + "/healthz"),
            ).start()
        )
        bases.append(base)
    # 6. The worker (renders PDFs, sends e-mails) and exactly one beat (the sweeps): the guide's systemd units.
    cluster.worker = cluster.worker_service().start()
    beat = guide_command("celery", "beat")
    beat[beat.index("--schedule") + 1] = str(cluster.folder / "beat-schedule")
    cluster.beat = Service(
        "beat",
        beat,
        cluster.folder / "beat.log",
        env=env,
        ready=log_says("beat: Starting"),
    ).start()
    # 7. The balancer's health check: by address, plain HTTP, any host.
    for base in bases:
        response = wait_for(
            lambda base=base: (r := healthz(base)).status_code == 200 and r,
            seconds=30,
            what=f"{base}/healthz to answer 200",
        )
        assert set(response.json()["checks"]) == {"database", "cache", "storage", "static", "broker"}
    cluster.balancer = Balancer(bases)


def healthz(base: str):
    import requests

    started = time.monotonic()
    response = requests.get(base + "/healthz", headers={"Host": "10.20.30.40"}, timeout=HEALTH + 5)
    assert time.monotonic() - started < HEALTH, f"{base}/healthz took too long"
    return response


def register(browser, address_email: str):
    return browser.post(
        reverse("accounts:register"),
        {"email": address_email, "full_name": "Nur Aisyah binti Ahmad", "password1": PASSWORD, "password2": PASSWORD},
    )


def documents_upload(browser, application, *, bound=PAGE):
    files = {
        "certificate": ("sijil-spm.pdf", MINIMAL_PDF, "application/pdf"),
        "photo": ("gambar.png", photo_png(), "image/png"),
        "mqa_letter": ("surat-mqa.pdf", MINIMAL_PDF, "application/pdf"),
        "vaccination": ("vaksin.pdf", MINIMAL_PDF, "application/pdf"),
    }
    degree = Qualification.objects.filter(profile__user_id=application.candidate_id).first()
    return browser.post(
        reverse("applications:step", args=[application.pk, "documents"]),
        {"stay": "", "mqa_qualification": degree.pk},  # the degree the MQA letter recognises
        files=files,
        bound=bound,
    )


def submit(browser, application, *, bound=PAGE):
    response = browser.post(
        reverse("applications:step", args=[application.pk, "review"]),
        {"declaration": "on", "pdpa_consent": "on"},
        bound=bound,
    )
    assert response.status_code == 302, response.text[:3000]
    application.refresh_from_db()
    assert application.is_submitted
    return application


def eligible_post(profile):
    """The first open post the rules find this candidate eligible for (the advertisement's own conditions)."""
    snapshot = snapshot_build(profile=profile, documents=[])
    snapshot["documents"] = [{"kind": kind} for kind in KINDS]
    for post in Advertisement.objects.open().get().posts.order_by("number"):
        if rules.evaluate(rules.Facts.from_snapshot(snapshot), rules.Requirements.for_post(post))[0] == "pass":
            return post
    pytest.fail("No open post for which the sample candidate is eligible")


def candidate(cluster, address: str, post, *, upload=True):
    """A candidate with a complete BORANG, signed in behind the balancer, documents uploaded to S3, applying."""
    profile = ProfileFactory(user=VerifiedUserFactory())
    QualificationFactory(profile=profile)
    client = Client()
    client.force_login(profile.user)
    browser = cluster.balancer.browser(address)
    browser.session.cookies.set("sessionid", client.cookies["sessionid"].value)
    assert browser.get(reverse("applications:apply", args=[post.pk])).status_code == 302
    application = Application.objects.get(candidate=profile.user, post=post)
    if upload:
        assert documents_upload(browser, application).status_code == 302
    return browser, application


def acknowledgements(cluster, application) -> list:
    """The acknowledgements received for the application: its reference in the subject and its slip attached."""
    return [
        message
        for message in cluster.mailbox.about(application.reference)
        if any(part.get_filename() == f"slip-{application.reference}.pdf" for part in message.iter_attachments())
    ]


def wait_for_acknowledgement(cluster, application, seconds=60):
    wait_for(lambda: acknowledgements(cluster, application), seconds=seconds, what=f"{application.reference}'s e-mail")


def admin_action(hr, changelist: str, action: str, pk: int):
    response = hr.post(changelist, {"action": action, "_selected_action": [pk]}, bound=SLOW_PAGE)
    assert response.status_code == 302, response.text[:3000]
    return hr.get(response.headers["Location"], bound=SLOW_PAGE)


def test_the_cluster_keeps_every_act_and_every_email_through_each_fault(cluster):
    started = time.monotonic()
    state = happy_path(cluster)
    one_client_is_not_everyone(cluster)
    worker_stopped(cluster, state)
    broker_restarted(cluster, state)
    s3_frozen(cluster, state)
    smtp_hung(cluster, state)
    hr_publishes_while_the_broker_refuses_work(cluster, state)
    everything_owed_was_sent_once_and_nothing_is_half_stored(cluster, state)
    assert time.monotonic() - started < 600


def happy_path(cluster) -> dict:
    """A candidate registers, verifies, applies with documents and gets the slip; HR screens the advertisement."""
    aisyah = cluster.balancer.browser("203.0.113.10")
    response = register(aisyah, "aisyah@contoh.my")
    assert response.status_code == 302, response.text[:2000]
    [verification] = wait_for(lambda: cluster.mailbox.to("aisyah@contoh.my"), seconds=60, what="the verification link")
    link = re.search(rf"https://{re.escape(HOST)}(/\S+)", verification.get_body().get_content()).group(1)
    assert aisyah.get(link).status_code == 302  # verified, and signed in on this browser (any machine)
    user = get_user_model().objects.get(email="aisyah@contoh.my")
    assert user.email_verified_at
    profile = ProfileFactory(user=user)
    QualificationFactory(profile=profile)
    post = eligible_post(profile)
    assert aisyah.get(reverse("applications:apply", args=[post.pk])).status_code == 302
    application = Application.objects.get(candidate=user, post=post)
    assert documents_upload(aisyah, application).status_code == 302
    application = submit(aisyah, application)
    wait_for_acknowledgement(cluster, application)
    [acknowledgement] = acknowledgements(cluster, application)
    [slip] = list(acknowledgement.iter_attachments())
    assert slip.get_content_type() == "application/pdf" and slip.get_content().startswith(b"%PDF-")
    stored = cluster.stored_objects()
    assert stored == {f"private/{d.file.name}" for d in Document.objects.all()}
    for key in stored:  # private: no grant to anyone but the owner
        grants = cluster.bucket().get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
        assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"], grants
    assert aisyah.get(reverse("applications:mine")).status_code == 200  # the session, on the other machine too
    assert aisyah.get(reverse("applications:mine")).status_code == 200

    hr = cluster.balancer.browser("198.51.100.20")
    signed_in = hr.post("/admin/login/?next=/admin/", {"username": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
    assert signed_in.status_code == 302, signed_in.text[:2000]
    advertisement = post.advertisement
    admin_action(hr, "/admin/vacancies/advertisement/", "screen", advertisement.pk)  # no result backend: no 500
    run = ScreeningRun.objects.get(advertisement=advertisement)
    wait_for(
        lambda: ScreeningRun.objects.filter(pk=run.pk, status=ScreeningRun.Status.DONE).exists(),
        seconds=60,
        what="the worker to screen the advertisement",
    )
    return {"post": post, "hr": hr, "aisyah": aisyah, "applications": [application]}


def one_client_is_not_everyone(cluster):
    """Limits, logs and the audit trail see each client's own address behind the balancer."""
    crowded = cluster.balancer.browser("203.0.113.30")
    statuses = [register(crowded, f"kongsi{number}@contoh.my").status_code for number in range(4)]
    assert statuses == [302, 302, 302, 429]  # three an hour from one network (set for the test)
    assert register(cluster.balancer.browser("203.0.113.31"), "jiran@contoh.my").status_code == 302
    web_lines = [json.loads(line) for m in cluster.machines for line in m.log.read_text().splitlines() if line]
    clients = {line.get("client") for line in web_lines if line.get("message") == "request"}
    assert {"203.0.113.10", "203.0.113.30", "203.0.113.31", "198.51.100.20"} <= clients
    assert "127.0.0.1" not in clients


def worker_stopped(cluster, state):
    """The worker is stopped: submissions still succeed; their e-mails go once a worker is back."""
    browser, application = candidate(cluster, "203.0.113.41", state["post"])
    cluster.worker.stop()
    application = submit(browser, application)
    time.sleep(3)  # beat's sweeps pile up in the queue; nobody takes them
    assert acknowledgements(cluster, application) == []
    assert Email.objects.get(key=f"acknowledgement:{application.pk}").status == Email.Status.PENDING
    cluster.worker = cluster.worker_service().start()
    wait_for_acknowledgement(cluster, application)
    state["applications"].append(application)


def broker_restarted(cluster, state):
    """Redis (broker and cache) restarted without persistence, losing its queue, and down for a while."""
    hr, post = state["hr"], state["post"]
    queued_browser, queued = candidate(cluster, "203.0.113.51", post)
    down_browser, down = candidate(cluster, "203.0.113.52", post)
    cluster.worker.stop()
    queued = submit(queued_browser, queued)  # its message now waits in Redis, which is about to lose it
    cluster.redis.stop()
    down = submit(down_browser, down)  # the broker refuses connections: the submission is still done
    for machine in cluster.balancer.machines:
        unhealthy = healthz(machine)
        assert unhealthy.status_code == 503 and unhealthy.json()["checks"]["broker"] == "error"
    assert hr.get("/admin/").status_code == 200  # sessions live in the database: nobody is signed out
    cluster.redis.start()
    assert cluster.broker().llen("celery") == 0  # the queue is gone
    cluster.worker = cluster.worker_service().start()
    for application in (queued, down):
        wait_for_acknowledgement(cluster, application)
    assert hr.get("/admin/").status_code == 200
    state["applications"] += [queued, down]


def s3_frozen(cluster, state):
    """S3 frozen: health checks say 503 in time, the job board works, uploads say 'problem on our side'."""
    browser, application = candidate(cluster, "203.0.113.61", state["post"], upload=False)
    aisyah_document = Document.objects.filter(owner=state["applications"][0].candidate).first()
    documents_before = Document.objects.count()
    cluster.s3.freeze()
    try:
        for machine in cluster.balancer.machines:
            unhealthy = healthz(machine)
            assert unhealthy.status_code == 503 and unhealthy.json()["checks"]["storage"] in ("error", "timeout")
        for _machine in cluster.balancer.machines:
            assert browser.get(reverse("vacancies:post_list"), bound=5).status_code == 200
        upload = documents_upload(browser, application, bound=SLOW_PAGE)
        assert upload.status_code == 503
        assert any(text in upload.text for text in SERVER_TROUBLE)
        download = state["aisyah"].get(aisyah_document.get_absolute_url(), bound=SLOW_PAGE)
        assert download.status_code == 503
        assert Document.objects.count() == documents_before  # nothing half-stored
    finally:
        cluster.s3.thaw()
    time.sleep(2)  # requests the frozen server still held are answered now
    assert documents_upload(browser, application).status_code == 302
    state["applications"].append(submit(browser, application))
    wait_for_acknowledgement(cluster, state["applications"][-1])


def smtp_hung(cluster, state):
    """The SMTP relay hangs: submissions to the same post never wait for it; the e-mails go once it answers."""
    post = state["post"]
    people = [candidate(cluster, f"203.0.113.7{number}", post) for number in range(2)]
    wait_for(lambda: not Email.objects.exclude(status=Email.Status.SENT).exists(), seconds=60, what="an empty outbox")
    cluster.smtp.freeze()
    try:
        submitted = [submit(browser, application, bound=5) for browser, application in people]
        wait_for(
            lambda: Email.objects.filter(attempts__gte=1, status=Email.Status.PENDING).exclude(last_error="").exists(),
            seconds=30,
            what="a sending attempt to time out",
        )
        third_browser, third = candidate(cluster, "203.0.113.79", post)
        submitted.append(submit(third_browser, third, bound=5))  # no lock on the post is held by the worker
    finally:
        cluster.smtp.thaw()
    for application in submitted:
        wait_for_acknowledgement(cluster, application, seconds=90)
    state["applications"] += submitted


def hr_publishes_while_the_broker_refuses_work(cluster, state):
    """After the closing date HR screens, shortlists and publishes while Redis refuses every write; then moves the
    interview, withdraws one invitation and exports the shortlist. Nothing HR did shows an error; every
    invitation, change and withdrawal is sent once Redis takes work again."""
    hr, post = state["hr"], state["post"]
    close_advertisement(post.advertisement)  # the closing date has passed
    admin_action(hr, "/admin/vacancies/post/", "screen", post.pk)  # screened in the web process
    admin_action(hr, "/admin/vacancies/post/", "build_shortlist", post.pk)
    shortlist = Shortlist.objects.get(post=post)
    assert shortlist.entries.count() == len(state["applications"])
    interview = timezone.localdate() + dt.timedelta(days=14)
    assert shortlist_details(hr, shortlist, interview, "Aras 20, Menara UOA Bangsar").status_code == 302
    cluster.broker().config_set("maxmemory-policy", "noeviction")
    cluster.broker().config_set("maxmemory", "1")  # every write refused: OOM
    try:
        confirmation = hr.post(
            "/admin/screening/shortlist/", {"action": "publish", "_selected_action": [shortlist.pk]}, bound=SLOW_PAGE
        )
        assert confirmation.status_code == 200
        published = hr.post(
            "/admin/screening/shortlist/",
            {"action": "publish", "_selected_action": [shortlist.pk], "apply": "1"},
            bound=SLOW_PAGE,
        )
        assert published.status_code == 302
        assert hr.get(published.headers["Location"]).status_code == 200
        assert healthz(cluster.balancer.machines[0]).status_code == 503
        time.sleep(3)  # beat cannot queue its sweeps either
        assert Email.objects.filter(kind="invitation", status=Email.Status.SENT).count() == 0
    finally:
        cluster.broker().config_set("maxmemory", "0")
    if cluster.worker.process.poll() is not None:
        # A worker that had to write to the broker while it refused ends ("Unrecoverable error: OOM");
        # systemd starts it again (the guide's unit: Restart=always), and nothing owed is lost meanwhile.
        cluster.worker = cluster.worker_service().start()
    invitations = Email.objects.filter(kind="invitation")
    assert invitations.count() == len(state["applications"])
    wait_for(
        lambda: not invitations.exclude(status=Email.Status.SENT).exists(),
        seconds=90,
        what="the invitations owed while the broker refused work",
    )
    assert shortlist_details(hr, shortlist, interview, "Dewan Seminar, Aras 3").status_code == 302
    changes = Email.objects.filter(kind="interview_change")
    assert changes.count() == len(state["applications"])
    removed = shortlist.entries.get(application=state["applications"][-1])
    withdrawn = hr.post(
        "/admin/screening/shortlistentry/",
        {"action": "remove", "_selected_action": [removed.pk], "apply": "1", "reason": "Calon menarik diri."},
    )
    assert withdrawn.status_code == 302
    admin_action(hr, "/admin/screening/shortlist/", "export_in_background", shortlist.pk)
    job = wait_for(
        lambda: ExportJob.objects.filter(shortlist=shortlist, status=ExportJob.Status.DONE).first(),
        seconds=60,
        what="the background PDF export",
    )
    assert f"private/{job.file.name}" in cluster.stored_objects()
    wait_for(
        lambda: not Email.objects.filter(status=Email.Status.PENDING).exists(),
        seconds=90,
        what="the changes and the withdrawal",
    )
    aisyah = state["applications"][0].candidate.email
    assert [m for m in cluster.mailbox.to(aisyah) if "Dewan Seminar, Aras 3" in m.get_body().get_content()]
    assert Email.objects.get(kind="withdrawal").to == state["applications"][-1].candidate.email
    event = AuditEvent.objects.get(action=AuditEvent.Action.PUBLISH)
    assert event.ip_address == "198.51.100.20"  # HR's own address, not the balancer's


def shortlist_details(hr, shortlist, day, venue):
    """HR saves the interview's date, time and venue on the shortlist's page (the change form)."""
    return hr.post(
        f"/admin/screening/shortlist/{shortlist.pk}/change/",
        {
            "interview_at_0": day.isoformat(),
            "interview_at_1": "09:30:00",
            "interview_venue": venue,
            "entries-TOTAL_FORMS": str(shortlist.entries.count()),
            "entries-INITIAL_FORMS": str(shortlist.entries.count()),
            "interview_changes-TOTAL_FORMS": str(shortlist.interview_changes.count()),
            "interview_changes-INITIAL_FORMS": str(shortlist.interview_changes.count()),
        },
        bound=SLOW_PAGE,
    )


def everything_owed_was_sent_once_and_nothing_is_half_stored(cluster, state):
    wait_for(
        lambda: not Email.objects.filter(status=Email.Status.PENDING).exists(),
        seconds=90,
        what="every e-mail owed to be sent",
    )
    assert not Email.objects.filter(status=Email.Status.FAILED).exists()
    # Only what stopped being owed is not sent: a change of interview for the candidate removed meanwhile.
    cancelled = Email.objects.filter(status=Email.Status.CANCELLED)
    assert set(cancelled.values_list("kind", flat=True)) <= {"interview_change"} and cancelled.count() <= 1
    messages = cluster.mailbox.messages()
    assert len(messages) == Email.objects.filter(status=Email.Status.SENT).count()  # none lost, none sent twice
    for application in state["applications"]:
        assert len(acknowledgements(cluster, application)) == 1, application.reference
        received = cluster.mailbox.to(application.candidate.email)
        assert len([m for m in received if "jemputan ke temu duga" in str(m["Subject"])]) == 1, application.reference
    objects = cluster.stored_objects()
    documents = {f"private/{d.file.name}" for d in Document.objects.all()}
    exports = {f"private/{job.file.name}" for job in ExportJob.objects.exclude(file="")}
    assert objects == documents | exports
    statuses = {status for _method, _path, status, _elapsed, _bound in cluster.balancer.timings}
    assert 500 not in statuses
    slowest = sorted(cluster.balancer.timings, key=lambda timing: -timing[3])[:8]
    print("Slowest pages (method, path, status, seconds, bound):", *slowest, sep="\n  ")
    for machine in cluster.machines:
        for line in machine.log.read_text().splitlines():
            json.loads(line)  # every line of the web machines' logs is JSON
