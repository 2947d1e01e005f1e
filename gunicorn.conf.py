"""Gunicorn settings for the portal; every value can be set from the environment."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")


def _sweep_upload_folders(pid=None):
    """Remove what a worker was spooling when it died (its own folder under FILE_UPLOAD_TEMP_DIR)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "myipo_recruit.settings")
    from myipo_recruit.security import upload_folders_sweep

    upload_folders_sweep(pid=pid)


def when_ready(server):
    _sweep_upload_folders()  # folders of workers of an earlier run that was killed


def child_exit(server, worker):
    _sweep_upload_folders(pid=worker.pid)
