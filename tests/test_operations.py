"""Operations: the health check, request ids in JSON logs, and documents in S3-compatible storage."""

import importlib.util
import io
import json
import logging
import socket
import threading
import time
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.models import Document
from myipo_recruit.operations import JsonFormatter

from .factories import MINIMAL_PDF, ApplicationFactory, DocumentFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_cache_storage_and_static_files(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "storage": "ok", "static": "ok"},
    }
    assert response["Cache-Control"] == "no-store"


def test_healthz_answers_a_balancer_on_any_host_over_plain_http(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["kerjaya.myipo.gov.my"]
    response = client.get("/healthz", HTTP_HOST="10.0.0.12:8000")
    assert response.status_code == 200
    assert client.get("/jawatan/", HTTP_HOST="10.0.0.12:8000").status_code == 400  # other pages keep the checks


def test_healthz_answers_503_within_its_time_when_a_service_hangs(client, settings):
    settings.HEALTHZ_TIMEOUT = 0.5
    release = threading.Event()
    with mock.patch("myipo_recruit.operations.check_storage", side_effect=lambda: release.wait(5)):
        started = time.monotonic()
        response = client.get("/healthz")
        elapsed = time.monotonic() - started
    release.set()
    assert response.status_code == 503
    assert response.json()["checks"]["storage"] == "timeout"
    assert response.json()["checks"]["database"] == "ok"
    assert elapsed < 2


def test_healthz_says_503_on_a_machine_whose_static_files_were_never_collected(client, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "never-collected"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["static"] == "error"


def test_healthz_checks_the_broker_when_one_is_configured(client, settings):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{port}/1"  # nothing listens there
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == "error"


def test_healthz_can_be_limited_to_the_checks_a_balancer_names(client):
    with mock.patch("myipo_recruit.operations.check_storage", side_effect=RuntimeError("S3 down")):
        assert client.get("/healthz").status_code == 503
        response = client.get("/healthz", {"checks": "database,static"})
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "static": "ok"}


def test_healthz_says_503_when_the_database_is_down_without_details(client):
    with mock.patch("myipo_recruit.operations.check_database", side_effect=RuntimeError("password=secret")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "error"
    assert b"secret" not in response.content


def test_each_response_carries_a_request_id_and_keeps_the_one_it_was_given(client):
    assert len(client.get("/").headers["X-Request-ID"]) == 32
    assert client.get("/", HTTP_X_REQUEST_ID="lb-1234").headers["X-Request-ID"] == "lb-1234"


def test_logs_are_json_lines_with_the_request_id(client):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("myipo_recruit.operations")
    logger.addHandler(handler)
    try:
        client.get("/jawatan/", HTTP_X_REQUEST_ID="abc-42")
    finally:
        logger.removeHandler(handler)
    entry = json.loads(stream.getvalue().splitlines()[-1])
    assert entry["request_id"] == "abc-42"
    assert (entry["path"], entry["status"], entry["level"]) == ("/jawatan/", 200, "INFO")


def test_the_request_log_carries_the_real_client_behind_a_trusted_balancer(client, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("myipo_recruit.operations")
    logger.addHandler(handler)
    try:
        client.get("/jawatan/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.7")
        client.get("/jawatan/", REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR="203.0.113.8")
    finally:
        logger.removeHandler(handler)
    clients = [json.loads(line)["client"] for line in stream.getvalue().splitlines()]
    assert clients == ["203.0.113.7", "198.51.100.9"]  # a header from outside the balancers is not believed


def fresh_gunicorn_loggers():
    """gunicorn's loggers are process-wide: each test starts from none of an earlier test's handlers."""
    for name in ("gunicorn.error", "gunicorn.access"):
        logging.getLogger(name).handlers.clear()


def test_gunicorn_logs_are_json_lines_with_the_client_and_request_id(settings):
    """gunicorn's error log and (when switched on) access log share the portal's JSON format."""
    import datetime as dt

    from gunicorn.config import Config

    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    spec = importlib.util.spec_from_file_location("gunicorn_conf", Path(settings.BASE_DIR) / "gunicorn.conf.py")
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    config = Config()
    config.set("accesslog", "-")
    fresh_gunicorn_loggers()
    gunicorn_log = conf.JsonLogger(config)
    stream = io.StringIO()
    for log in (gunicorn_log.error_log, gunicorn_log.access_log):
        for handler in log.handlers:
            handler.setStream(stream)
    response = mock.Mock(status_code=200, sent=512, headers=[("X-Request-ID", "req-9")])
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/jawatan/",
        "REMOTE_ADDR": "10.0.0.5",
        "HTTP_X_FORWARDED_FOR": "203.0.113.7",
    }
    gunicorn_log.access(response, None, environ, dt.timedelta(milliseconds=12))
    gunicorn_log.error("Worker (pid:%s) was sent SIGKILL", 1234)
    access, error = (json.loads(line) for line in stream.getvalue().splitlines())
    assert (access["client"], access["peer"], access["request_id"], access["status"]) == (
        "203.0.113.7",
        "10.0.0.5",
        "req-9",
        200,
    )
    assert (error["level"], error["message"]) == ("ERROR", "Worker (pid:1234) was sent SIGKILL")


def test_a_lost_database_gives_the_designed_503_page(client, settings):
    from django.db import OperationalError

    settings.DEBUG = False
    client.raise_request_exception = False
    lost = OperationalError("server closed the connection unexpectedly")
    with mock.patch("vacancies.views.render", side_effect=lost):
        response = client.get("/jawatan/")
    assert response.status_code == 503
    assert "A problem on our side" in response.content.decode() or "Masalah" in response.content.decode()


def test_a_programming_error_still_gives_the_500_page(client, settings):
    settings.DEBUG = False
    client.raise_request_exception = False
    with mock.patch("vacancies.views.render", side_effect=ValueError("a bug")):
        assert client.get("/jawatan/").status_code == 500


def test_an_explicit_access_log_format_keeps_gunicorns_plain_lines(settings):
    """The benchmarks read gunicorn's access log in a format of their own."""
    import datetime as dt

    from gunicorn.config import Config

    spec = importlib.util.spec_from_file_location("gunicorn_conf", Path(settings.BASE_DIR) / "gunicorn.conf.py")
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    config = Config()
    config.set("accesslog", "-")
    config.set("access_log_format", "%(m)s %(U)s %(s)s")
    fresh_gunicorn_loggers()
    gunicorn_log = conf.JsonLogger(config)
    stream = io.StringIO()
    for handler in gunicorn_log.access_log.handlers:
        handler.setStream(stream)
    response = mock.Mock(status="200 OK", status_code=200, sent=5, headers=[], response_length=5)
    request = mock.Mock(method="GET", path="/jawatan/", query="", uri="/jawatan/", version=(1, 1), headers=[])
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/jawatan/",
        "RAW_URI": "/jawatan/",
        "REMOTE_ADDR": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "QUERY_STRING": "",
    }
    gunicorn_log.access(response, request, environ, dt.timedelta(milliseconds=3))
    assert stream.getvalue().strip() == "GET /jawatan/ 200"


def test_an_outside_service_failing_gives_the_designed_503_page_not_the_generic_500(client, settings):
    """S3 timing out while a document is opened: the visitor is told it is a problem on our side."""
    from botocore.exceptions import ReadTimeoutError

    settings.DEBUG = False
    document = DocumentFactory()
    client.raise_request_exception = False
    client.force_login(document.owner)
    frozen = ReadTimeoutError(endpoint_url="http://s3.internal/myipo-dokumen/private/x")
    with mock.patch.object(type(document.file.storage), "open", side_effect=frozen):
        response = client.get(document.get_absolute_url())
    assert response.status_code == 503
    body = response.content.decode()
    assert "Masalah di pihak kami" in body or "A problem on our side" in body
    assert response["Retry-After"] == "120"


@pytest.fixture
def s3_documents(settings, monkeypatch):
    """Documents in a real S3 API (moto's server on 127.0.0.1), private bucket."""
    boto3 = pytest.importorskip("boto3")
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    credentials = {"aws_access_key_id": "test", "aws_secret_access_key": "test", "region_name": "ap-southeast-1"}
    boto3.client("s3", endpoint_url=endpoint, **credentials).create_bucket(
        Bucket="myipo-dokumen", CreateBucketConfiguration={"LocationConstraint": "ap-southeast-1"}
    )
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "myipo-dokumen",
                "endpoint_url": endpoint,
                "region_name": "ap-southeast-1",
                "access_key": "test",
                "secret_key": "test",
                "location": "private",
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
            },
        },
    }
    storage = storages["documents"]
    # The field bound its storage when the model loaded; point it at S3 for this test.
    monkeypatch.setattr(Document._meta.get_field("file"), "storage", storage)
    yield boto3.client("s3", endpoint_url=endpoint, **credentials)
    server.stop()


def test_documents_go_to_private_s3_and_come_back_only_through_the_protected_view(client, s3_documents):
    application = ApplicationFactory()
    client.force_login(application.candidate)
    response = client.post(
        reverse("applications:step", args=[application.pk, "documents"]),
        {"certificate": SimpleUploadedFile("sijil.pdf", MINIMAL_PDF)},
    )
    assert response.status_code == 302
    document = Document.objects.get()
    [stored] = s3_documents.list_objects_v2(Bucket="myipo-dokumen")["Contents"]
    assert stored["Key"] == f"private/{document.file.name}"
    grants = s3_documents.get_object_acl(Bucket="myipo-dokumen", Key=stored["Key"])["Grants"]
    assert not [g for g in grants if "AllUsers" in g["Grantee"].get("URI", "")]
    download = client.get(document.get_absolute_url())
    in_bucket = s3_documents.get_object(Bucket="myipo-dokumen", Key=stored["Key"])["Body"].read()
    assert b"".join(download.streaming_content) == in_bucket  # the PDF as qpdf rewrote it
    assert in_bucket.startswith(b"%PDF-") and len(in_bucket) == document.size
    client.force_login(VerifiedUserFactory())
    assert client.get(document.get_absolute_url()).status_code == 404
