"""A real server for load tests: gunicorn on 127.0.0.1 against the test database (PostgreSQL only)."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(settings, tmp_path, **extra) -> dict:
    database = connection.settings_dict
    return {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_HSTS_SECONDS": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DJANGO_LOG_LEVEL": "WARNING",
        **extra,
    }


@pytest.fixture
def start_gunicorn(transactional_db, tmp_path, settings):
    """Start gunicorn processes on the test database (PostgreSQL only); stop them after the test."""
    if connection.vendor != "postgresql":
        pytest.skip("Load tests run against PostgreSQL (set DATABASE_URL); SQLite serialises writers.")
    processes = []
    collected = []

    def start(workers: int = 4, **extra) -> str:
        port = free_port()
        env = server_env(
            settings,
            tmp_path,
            GUNICORN_BIND=f"127.0.0.1:{port}",
            GUNICORN_WORKERS=str(workers),
            GUNICORN_THREADS="4",
            GUNICORN_ACCESS_LOG=str(tmp_path / f"access-{port}.log"),
            **extra,
        )
        if not collected:
            subprocess.run(
                [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
            )
            collected.append(True)
        log = tmp_path / f"gunicorn-{port}.log"
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "myipo_recruit.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )
        processes.append(process)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                requests.get(base + "/healthz", timeout=10)  # the first answer loads the portal: slow when busy
                return base
            except requests.RequestException:
                time.sleep(0.3)
        pytest.fail("gunicorn did not start: " + log.read_text())

    yield start
    for process in processes:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def gunicorn_server(start_gunicorn):
    return start_gunicorn()
