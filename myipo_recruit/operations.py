"""Operations: a health check for load balancers, and a request id carried into every log line."""

import json
import logging
import time
import uuid
from contextvars import ContextVar

from django.core.cache import cache
from django.core.files.storage import storages
from django.db import connection
from django.http import JsonResponse

logger = logging.getLogger(__name__)
request_id: ContextVar[str] = ContextVar("request_id", default="-")


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
                },
            )
            return response
        finally:
            request_id.reset(token)


class JsonFormatter(logging.Formatter):
    """One JSON object per line on stdout: time, level, logger, message, request id and extra fields."""

    FIELDS = ("method", "path", "status", "duration_ms")

    def format(self, record):
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": request_id.get(),
        }
        entry.update({name: getattr(record, name) for name in self.FIELDS if hasattr(record, name)})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def check_cache() -> None:
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", 10)
    if cache.get(key) != "ok":
        raise RuntimeError("cache did not return the value")
    cache.delete(key)


def check_storage() -> None:
    storages["documents"].exists("healthz")


def healthz(request):
    """Database, cache and document storage reachable? No personal data, no details of errors."""
    checks = {}
    for name, check in (("database", check_database), ("cache", check_cache), ("storage", check_storage)):
        try:
            check()
            checks[name] = "ok"
        except Exception:  # any failure is reported as such; the detail goes to the log only
            logger.exception("Health check failed: %s", name)
            checks[name] = "error"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503)
