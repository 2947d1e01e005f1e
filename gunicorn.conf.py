"""Gunicorn settings for the portal; every value can be set from the environment (docs/deploy.md sizes them)."""

import datetime as dt
import multiprocessing
import os

from gunicorn.config import AccessLogFormat
from gunicorn.glogging import Logger

# 127.0.0.1 unless set: a load balancer on another machine needs GUNICORN_BIND=0.0.0.0:8000.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sized for a small machine (measured on 2 cores, bench/RESULTS.md): one process per core, since Python runs
# one thread at a time per process; 16 threads in each, so that cheap requests (the job board) are not stuck
# behind sign-ins and uploads while those wait for the database or a core. Each thread may hold a database
# connection: workers x threads of them per machine (32 on 2 cores), and a sign-in takes 19 MiB while it hashes.
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
# Django writes one JSON line per request (with the client's real address and the request id); gunicorn's own
# access log repeats it, so it is off unless GUNICORN_ACCESS_LOG names a file or "-" (then in JSON too).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

# Web processes bound every database statement (a page never waits longer for a lock or a query); workers and
# manage.py commands do not, unless DJANGO_DB_STATEMENT_TIMEOUT is set for them too.
if not os.environ.get("DJANGO_DB_STATEMENT_TIMEOUT"):  # "0" turns it off (behind PgBouncer, see docs/deploy.md)
    os.environ["DJANGO_DB_STATEMENT_TIMEOUT"] = "30s"


class JsonLogger(Logger):
    """gunicorn's own lines (start, worker exits, errors) and its access log as JSON lines, like the portal's.

    An access log format given explicitly (--access-logformat, as the benchmarks do) keeps gunicorn's plain lines.
    """

    def setup(self, cfg):
        super().setup(cfg)
        from myipo_recruit.logs import JsonFormatter

        self.json_access = cfg.access_log_format == AccessLogFormat.default
        for log in (self.error_log, self.access_log) if self.json_access else (self.error_log,):
            for handler in log.handlers:
                handler.setFormatter(JsonFormatter())

    def access(self, resp, req, environ, request_time):
        if not self.json_access:
            return super().access(resp, req, environ, request_time)
        if not self.access_log_enabled:
            return None
        from django.conf import settings

        from myipo_recruit.logs import request_id
        from myipo_recruit.proxy import real_client_address

        headers = {name.lower(): value for name, value in (resp.headers or [])}
        token = request_id.set(headers.get("x-request-id", "-"))
        try:
            self.access_log.info(
                "access",
                extra={
                    "method": environ.get("REQUEST_METHOD"),
                    "path": environ.get("PATH_INFO"),
                    "status": getattr(resp, "status_code", None),
                    "duration_ms": round(request_time / dt.timedelta(milliseconds=1), 1),
                    "bytes": getattr(resp, "sent", None),
                    "peer": environ.get("REMOTE_ADDR"),
                    "client": real_client_address(environ, tuple(settings.TRUSTED_PROXIES)),
                },
            )
        finally:
            request_id.reset(token)
        return None


logger_class = JsonLogger


def _sweep_upload_folders(pid=None):
    """Remove what a worker was spooling when it died (its own folder under FILE_UPLOAD_TEMP_DIR)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "myipo_recruit.settings")
    from myipo_recruit.security import upload_folders_sweep

    upload_folders_sweep(pid=pid)


def when_ready(server):
    _sweep_upload_folders()  # folders of workers of an earlier run that was killed
    server.log.info(
        "Listening on %s: %s workers x %s threads, up to %s database connections from this machine",
        ", ".join(server.cfg.bind),
        server.cfg.workers,
        server.cfg.threads,
        server.cfg.workers * server.cfg.threads,
    )


def child_exit(server, worker):
    _sweep_upload_folders(pid=worker.pid)
