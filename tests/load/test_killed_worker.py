"""A worker killed in the middle of an upload leaves nothing behind on disk (gunicorn on PostgreSQL)."""

import os
import signal
import socket
import time

import pytest
import requests
from django.urls import reverse

from applications.models import Application

from ..factories import PostFactory, ProfileFactory
from .test_closing_evening import CSRF, session_for

pytestmark = pytest.mark.load
MB = 1024 * 1024


def wait_for(condition, seconds=20.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_the_partial_upload_of_a_killed_worker_is_removed(start_gunicorn, tmp_path):
    spool = tmp_path / "spool"
    base = start_gunicorn(workers=1, FILE_UPLOAD_TEMP_DIR=str(spool))
    profile = ProfileFactory()
    application = Application.objects.create(candidate=profile.user, post=PostFactory())
    cookies = session_for(profile.user)
    path = reverse("applications:step", args=[application.pk, "documents"])

    boundary = "----myipo-test-boundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{CSRF}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="certificate"; filename="sijil.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()
    announced = len(head) + 4 * MB + len(f"\r\n--{boundary}--\r\n")
    request = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary={boundary}\r\n"
        f"Content-Length: {announced}\r\nX-CSRFToken: {CSRF}\r\n"
        f"Cookie: sessionid={cookies['sessionid']}; csrftoken={CSRF}\r\n\r\n"
    ).encode()
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as connection:
        connection.sendall(request + head + b"%PDF-1.4\n" + b"0" * (3 * MB))  # three quarters, then silence
        assert wait_for(lambda: any(path.is_file() for path in spool.rglob("*.upload*"))), "nothing was spooled"
        [worker_folder] = [folder for folder in spool.iterdir() if folder.is_dir()]
        os.kill(int(worker_folder.name), signal.SIGKILL)
        assert wait_for(lambda: not worker_folder.exists()), "the dead worker's partial upload is still on disk"
    assert requests.get(base + "/healthz", timeout=10).status_code == 200  # a new worker serves
