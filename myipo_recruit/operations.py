"""Operations: a health check for load balancers, and a request id carried into every log line."""

import logging
import threading
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core.cache import cache
from django.core.files.storage import storages
from django.db import connection
from django.http import JsonResponse

from .logs import JsonFormatter, request_id

__all__ = ["HealthCheckMiddleware", "JsonFormatter", "RequestIdMiddleware", "healthz", "request_id"]

logger = logging.getLogger(__name__)
HEALTH_PATH = "/healthz"


class RequestIdMiddleware:
    """Take the load balancer's X-Request-ID (or make one), log it with the request, send it back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        token = request_id.set(incoming[:64] if incoming.isprintable() and incoming else uuid.uuid4().hex)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id.get()
            logger.info(
                "request",
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                    # The real client (TrustedProxyMiddleware has read it from a trusted balancer's header).
                    "client": request.META.get("REMOTE_ADDR", ""),
                },
            )
            return response
        finally:
            request_id.reset(token)


def check_database() -> None:
    """A query on a connection of its own (the check runs in its own thread), closed afterwards."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    finally:
        connection.close()


def check_cache() -> None:
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", 10)
    if cache.get(key) != "ok":
        raise RuntimeError("cache did not return the value")
    cache.delete(key)


def check_storage() -> None:
    storages["documents"].exists("healthz")


def check_static() -> None:
    """With the manifest storage, a machine whose static files were never collected fails every page."""
    storage = storages["staticfiles"]
    if isinstance(storage, ManifestFilesMixin) and not storage.hashed_files:
        raise RuntimeError("no static manifest: run collectstatic on this machine, then restart the web process")


def check_broker() -> None:
    """The broker takes work: a write (a Redis that refuses writes, e.g. out of memory, fails it)."""
    url = settings.CELERY_BROKER_URL
    timeout = settings.BROKER_TIMEOUT
    if url.startswith(("redis://", "rediss://")):
        import redis

        client = redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout)
        try:
            client.set("myipo:healthz", "1", px=10_000)
        finally:
            client.close()
        return
    from kombu import Connection

    with Connection(url, connect_timeout=timeout) as broker:
        broker.ensure_connection(max_retries=1)


def health_checks() -> dict[str, Callable[[], None]]:
    checks = {
        "database": check_database,
        "cache": check_cache,
        "storage": check_storage,
        "static": check_static,
    }
    if settings.CELERY_BROKER_URL:
        checks["broker"] = check_broker
    return checks


def checks_run(checks: dict[str, Callable[[], None]], timeout: float) -> dict[str, str]:
    """Run the checks side by side, each in its own thread; one that has not answered in time is a failure."""
    results = dict.fromkeys(checks, "timeout")

    def run(name, check):
        try:
            check()
            results[name] = "ok"
        except Exception:  # any failure is reported as such; the detail goes to the log only
            logger.exception("Health check failed: %s", name)
            results[name] = "error"

    threads = [
        threading.Thread(target=run, args=(name, check), name=f"healthz-{name}", daemon=True)
        for name, check in checks.items()
    ]
    deadline = time.monotonic() + timeout
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    answered = dict(results)
    for name, value in answered.items():
        if value == "timeout":
            logger.error("Health check timed out after %ss: %s", timeout, name)
    return answered


def healthz(request):
    """Database, cache, documents storage, static files and broker working? No personal data, no error details.

    `?checks=database,static` limits the answer to the checks named (for a balancer that must not take every
    machine out of service when a shared service such as S3 is down).
    """
    checks = health_checks()
    wanted = [name for name in request.GET.get("checks", "").split(",") if name]
    if wanted:
        checks = {name: check for name, check in checks.items() if name in wanted}
    answered = checks_run(checks, settings.HEALTHZ_TIMEOUT)
    healthy = all(value == "ok" for value in answered.values())
    response = JsonResponse(
        {"status": "ok" if healthy else "error", "checks": answered}, status=200 if healthy else 503
    )
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    """Answer /healthz before host checks, the HTTPS redirect and sessions: balancers call it by address, on HTTP."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info in (HEALTH_PATH, HEALTH_PATH + "/") and request.method in ("GET", "HEAD"):
            return healthz(request)
        return self.get_response(request)
