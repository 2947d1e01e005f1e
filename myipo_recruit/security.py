"""Request middleware of our own: security headers, request size limits, private pages, arrival time."""

import logging
import os
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import TemporaryUploadedFile, UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile, StopUpload, TemporaryFileUploadHandler
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import patch_cache_control

logger = logging.getLogger(__name__)

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        # Django admin still sets a few style attributes; the public pages have none.
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class SecurityHeadersMiddleware:
    """Content-Security-Policy (no third-party script, style or frame) and Permissions-Policy on every response."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = getattr(settings, "CONTENT_SECURITY_POLICY", CONTENT_SECURITY_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


arrival_clock = timezone.now  # a name of its own, so that a test can hold the arrival moment


class ReceivedAtMiddleware:
    """Stamp the moment a request arrives: the closing rule counts a submission at that moment."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.received_at = arrival_clock()
        return self.get_response(request)


def request_body_limit(request) -> int:
    """How large a request body may be: a whole document allowance for the document step, little elsewhere."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return settings.REQUEST_MAX_BYTES
    if match.view_name == "applications:step" and match.kwargs.get("step") == "documents":
        return settings.UPLOAD_REQUEST_MAX_BYTES
    return settings.REQUEST_MAX_BYTES


def too_large_response(request, limit: int):
    return render(request, "413.html", {"limit_mb": max(1, limit // (1024 * 1024))}, status=413)


class RequestSizeMiddleware:
    """Refuse a body that announces more than its limit before a byte of it is read or spooled to disk."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = request_body_limit(request)
        request.body_limit = limit
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            logger.info("Request body of %s bytes refused (limit %s) on %s", length, limit, request.path)
            return too_large_response(request, limit)
        return self.get_response(request)


class SizeLimitUploadHandler(FileUploadHandler):
    """First upload handler: counts what arrives, skips a file past the per-document limit, stops at the body cap.

    A skipped file is never spooled any further; its field is listed in `request.skipped_uploads` so that
    the view can tell the candidate which file was too large.
    """

    def __init__(self, request=None):
        super().__init__(request)
        self.total = 0
        self.file_bytes = 0

    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, file_name, *args, **kwargs)
        self.file_bytes = 0

    def receive_data_chunk(self, raw_data, start):
        self.total += len(raw_data)
        self.file_bytes += len(raw_data)
        if self.total > getattr(self.request, "body_limit", settings.REQUEST_MAX_BYTES):
            raise StopUpload(connection_reset=True)
        if self.file_bytes > settings.DOCUMENT_MAX_BYTES:
            if self.request is not None:
                skipped = getattr(self.request, "skipped_uploads", [])
                skipped.append((self.field_name, self.file_name))
                self.request.skipped_uploads = skipped
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None


def worker_upload_dir() -> Path:
    """This process's own folder for uploads in progress."""
    folder = Path(settings.FILE_UPLOAD_TEMP_DIR) / str(os.getpid())
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


class WorkerTemporaryUploadedFile(TemporaryUploadedFile):
    def __init__(self, name, content_type, size, charset, content_type_extra=None):
        _stem, extension = os.path.splitext(name)
        file = tempfile.NamedTemporaryFile(suffix=".upload" + extension[:10], dir=worker_upload_dir())  # noqa: SIM115
        UploadedFile.__init__(self, file, name, content_type, size, charset, content_type_extra)


class WorkerTemporaryFileUploadHandler(TemporaryFileUploadHandler):
    """Large uploads stream to a temporary file in the worker's own folder (see upload_folders_sweep)."""

    def new_file(self, *args, **kwargs):
        FileUploadHandler.new_file(self, *args, **kwargs)
        self.file = WorkerTemporaryUploadedFile(
            self.file_name, self.content_type, 0, self.charset, self.content_type_extra
        )


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def upload_folders_sweep(*, pid: int | None = None) -> int:
    """Remove the upload folder of a worker that ended (or, without a pid, of every process no longer alive)."""
    base = Path(settings.FILE_UPLOAD_TEMP_DIR)
    if not base.is_dir():
        return 0
    removed = 0
    for folder in base.iterdir():
        if not folder.is_dir() or not folder.name.isdigit():
            continue
        folder_pid = int(folder.name)
        if (pid is not None and folder_pid == pid) or (pid is None and not process_alive(folder_pid)):
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


class PrivatePagesMiddleware:
    """Pages shown to a signed-in person carry personal data: no browser or proxy may keep a copy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True, no_cache=True, max_age=0)
            response.headers.pop("Expires", None)
        return response
