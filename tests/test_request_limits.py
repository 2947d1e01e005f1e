"""Request bodies are bounded before they are read: size, files, formset forms; what a killed worker spooled goes."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.models import Document
from myipo_recruit.security import upload_folders_sweep

from .factories import MINIMAL_PDF, ApplicationFactory, PostFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db
MB = 1024 * 1024


@pytest.fixture
def upload_dir(settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "uploads")
    Path(settings.FILE_UPLOAD_TEMP_DIR).mkdir()
    return Path(settings.FILE_UPLOAD_TEMP_DIR)


@pytest.fixture
def candidate_client(client):
    client.user = VerifiedUserFactory()
    client.force_login(client.user)
    return client


def documents_url(application):
    return reverse("applications:step", args=[application.pk, "documents"])


def spooled_files(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()]


def test_an_anonymous_500_mb_body_to_the_sign_in_page_is_refused_before_it_is_read(client, upload_dir):
    response = client.post(
        reverse("accounts:login"), {"username": "a@example.my", "password": "x"}, CONTENT_LENGTH=str(500 * MB)
    )
    assert response.status_code == 413
    assert "tidak diterima" in response.content.decode()
    assert spooled_files(upload_dir) == []


def test_a_body_larger_than_a_whole_allowance_is_refused_on_the_document_step(candidate_client, settings):
    application = ApplicationFactory(candidate=candidate_client.user, post=PostFactory())
    response = candidate_client.post(
        documents_url(application),
        {"certificate": SimpleUploadedFile("a.pdf", MINIMAL_PDF)},
        CONTENT_LENGTH=str(settings.UPLOAD_REQUEST_MAX_BYTES + 1),
    )
    assert response.status_code == 413
    assert not Document.objects.exists()


def test_a_file_over_the_limit_is_cut_off_while_arriving_and_named_in_the_answer(candidate_client, upload_dir):
    application = ApplicationFactory(candidate=candidate_client.user, post=PostFactory())
    big = SimpleUploadedFile("besar.pdf", b"%PDF-1.4\n" + b"0" * (6 * MB))
    response = candidate_client.post(documents_url(application), {"certificate": big})
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors["certificate"])
    assert "besar.pdf" in errors and "5 MB" in errors
    assert not Document.objects.exists()
    assert spooled_files(upload_dir) == []


def test_too_many_files_at_once_get_a_clear_page_not_a_bare_400(candidate_client, settings):
    application = ApplicationFactory(candidate=candidate_client.user, post=PostFactory())
    files = [SimpleUploadedFile(f"s{n}.pdf", MINIMAL_PDF) for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)]
    response = candidate_client.post(documents_url(application), {"certificate": files})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Terlalu banyak fail" in body and '<html lang="ms">' in body
    assert not Document.objects.exists()


def test_a_forged_count_of_100000_forms_builds_at_most_ten(candidate_client):
    application = ApplicationFactory(candidate=candidate_client.user, post=PostFactory())
    response = candidate_client.post(
        reverse("applications:step", args=[application.pk, "experience"]),
        {
            "experiences-TOTAL_FORMS": "100000",
            "experiences-INITIAL_FORMS": "0",
            "languages-TOTAL_FORMS": "100000",
            "languages-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert len(response.context["experiences"].forms) <= 10
    assert response.context["experiences"].non_form_errors()


def test_the_folder_of_a_worker_that_died_is_removed(upload_dir):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(dead.stdout)
    (upload_dir / str(dead_pid)).mkdir()
    (upload_dir / str(dead_pid) / "tmpabc.upload.pdf").write_bytes(b"half a file")
    (upload_dir / str(os.getpid())).mkdir()
    assert upload_folders_sweep() == 1
    assert not (upload_dir / str(dead_pid)).exists()
    assert (upload_dir / str(os.getpid())).exists()  # a live worker's folder stays
    assert upload_folders_sweep(pid=os.getpid()) == 1
