"""JSON log lines for every process (web, gunicorn, worker): one object per line, with the request or task id.

Kept free of Django imports: gunicorn's master process loads it before Django is set up.
"""

import datetime as dt
import json
import logging
from contextvars import ContextVar

request_id: ContextVar[str] = ContextVar("request_id", default="-")

# Extra fields a log call may carry (logger.info("...", extra={...})); anything else stays out of the line.
FIELDS = ("method", "path", "status", "duration_ms", "client", "peer", "bytes", "task", "email_id", "kind")


class JsonFormatter(logging.Formatter):
    """One JSON object per line on stdout: time, level, logger, message, request id and extra fields."""

    def format(self, record):
        entry = {
            # UTC for every process alike (gunicorn's master logs before Django has set the time zone).
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": request_id.get(),
        }
        entry.update({name: getattr(record, name) for name in FIELDS if hasattr(record, name)})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
