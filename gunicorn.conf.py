"""Gunicorn settings for the portal; every value can be set from the environment."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sized for a small machine (measured on 2 cores, bench/RESULTS.md): one process per core, since Python runs
# one thread at a time per process; 16 threads in each, so that cheap requests (the job board) are not stuck
# behind sign-ins and uploads while those wait for the database or a core. Each thread may hold a database
# connection: workers x threads of them per machine (32 on 2 cores), and a sign-in takes 46 MiB while it hashes.
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count()))
threads = int(os.environ.get("GUNICORN_THREADS", "16"))
# A worker takes a new connection only while it has a thread free: waiting requests stay in the one queue of
# the listening socket, first come first served, and go to whichever worker frees a thread first, instead of
# piling up behind a busy worker while another idles. Kept-alive connections would hold those places, so
# every response closes its connection (the load balancer opens its own to us anyway).
worker_connections = int(os.environ.get("GUNICORN_WORKER_CONNECTIONS", threads))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "0"))
# The application is loaded once, before the workers are forked: they share its memory, and a worker that is
# recycled (max_requests) starts at once instead of importing Django again in the middle of a rush.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") != "0"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
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
