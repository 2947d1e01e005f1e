"""Operations: the health check, request ids in JSON logs, and documents in S3-compatible storage."""

import io
import json
import logging
from unittest import mock

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.models import Document
from myipo_recruit.operations import JsonFormatter

from .factories import MINIMAL_PDF, ApplicationFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_cache_and_storage(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok", "storage": "ok"}}


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
