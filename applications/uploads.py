"""Checks an uploaded file by its content (never its name) and rewrites it before it is stored.

PDFs are parsed by qpdf (pikepdf) in a process of its own with bounded memory and CPU time, forked for each
file from a server that has pikepdf loaded (`applications/pdfclean.py`): active content is refused, links are
removed, and what is stored is the rewritten file. Images are decoded with bounded memory, scaled to what HR
needs to read a page, and re-encoded from their pixels alone, without any metadata.
"""

import contextlib
import hashlib
import io
import logging
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
import weakref
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image

logger = logging.getLogger(__name__)

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
DOCUMENT_TYPES = frozenset({PDF, JPEG, PNG})
PHOTO_TYPES = frozenset({JPEG, PNG})
EXTENSIONS = {PDF: ".pdf", JPEG: ".jpg", PNG: ".png"}
MAGIC = [(b"%PDF-", PDF), (b"\xff\xd8\xff", JPEG), (b"\x89PNG\r\n\x1a\n", PNG)]
CHUNK_SIZE = 64 * 1024

PDF_MAX_PAGES = 50  # a certificate, a transcript, a letter: a few pages
PDF_CHECKER = Path(__file__).with_name("pdfclean.py")
PDF_TIMEOUT = 10  # seconds; the checker also stops itself after 5 seconds of CPU
PDF_SERVER_TIMEOUT = 3  # seconds for the checking server to fork a child for a file (it takes a millisecond)
PDF_AT_ONCE = 4  # PDFs of one web process parsed at the same time (each may take 256 MB)

# Images. A4 scanned at 300 dpi is 2480 x 3508 pixels (8.7 megapixels): what HR needs to read a page.
MAX_SIDE = 20_000  # refused from the header, before any pixel is decoded
FULL_DECODE_MAX_PIXELS = 12_500_000  # PNG, progressive JPEG: decoded at full size (50 MB as RGBA)
JPEG_MAX_PIXELS = 80_000_000  # baseline JPEG: decoded at 1/2, 1/4 or 1/8 scale by libjpeg itself
DECODE_MAX_PIXELS = 16_000_000  # at most this many pixels are ever decoded (48 MB as RGB)
DOCUMENT_MAX_SIDE = 3508  # stored: long side at most A4 at 300 dpi
DOCUMENT_MIN_SIDES = (500, 700)  # short and long side: a page HR can read (A4 at 150 dpi is 1240 x 1754)
JPEG_QUALITY = 88
# A photographed page is stored at about this size at most: five of them no longer use up the allowance. Quality
# is lowered first, then the page is scaled to A4 at 200 dpi (2339 px long), still easy to read; PDFs keep their
# own limits.
DOCUMENT_TARGET_BYTES = 1_000_000
DOCUMENT_QUALITIES = (85, 78, 70)
DOCUMENT_READABLE_SIDE = 2339
ORIENTATION = 0x0112
TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}

PHOTO_MIN_SIZE = (200, 250)
PHOTO_RATIO = (0.6, 0.9)  # width / height; a passport photo is 35 x 50 mm (0.7)
PHOTO_MAX_HEIGHT = 1200

error_messages = {
    "file_empty": _("The file is empty."),
    "file_too_large": _("The file is larger than %(limit)s MB."),
    "file_type": _("Only PDF, JPEG or PNG files are accepted. This file is not one of them, whatever its name says."),
    "file_corrupt": _("The file is damaged or incomplete. Save or scan it again and upload the new file."),
    "pdf_active_content": _(
        "The PDF contains scripts or embedded files. Print it to PDF again without them, or scan the paper copy."
    ),
    "pdf_encrypted": _(
        "The PDF is protected by a password. Save or print it to PDF again without a password, "
        "then upload the new file."
    ),
    "pdf_no_pages": _("The PDF has no pages. Save or scan the document again and upload the new file."),
    "pdf_too_many_pages": _("The PDF has more than %(limit)s pages. Upload only the pages that are asked for."),
    "pdf_too_complex": _("The PDF is too complex to check. Print it to PDF again, or scan the paper copy."),
    "image_too_large": _("The image has too many pixels. Upload a smaller scan (for example at 200 dpi)."),
    "image_too_small": _(
        "The image is too small to read: it must be at least %(short)s pixels on its short side and "
        "%(long)s on its long side. Scan the page at 150 dpi or more, or take a photo of the whole page with "
        "your phone."
    ),
    "photo_type": _("The photo must be a JPEG or PNG image."),
    "photo_too_small": _("The photo is too small: it must be at least 200 × 250 pixels."),
    "photo_proportions": _("The photo must be a portrait, like a passport photo (about 35 × 50 mm)."),
}


@dataclass(frozen=True)
class CheckedFile:
    content: bytes
    content_type: str
    extension: str
    size: int
    sha256: str
    width: int | None = None
    height: int | None = None


def refuse(code: str, reason: str = "", **params):
    logger.info("Upload refused: %s %s", code, reason)
    return ValidationError(error_messages[code], code=code, params=params or None)


def read_limited(upload, max_bytes: int) -> bytes:
    """Read the upload in chunks, stopping as soon as it passes the limit."""
    limit_mb = max_bytes // (1024 * 1024)
    if upload.size is not None and upload.size > max_bytes:
        raise refuse("file_too_large", limit=limit_mb)
    buffer = io.BytesIO()
    upload.seek(0)
    for chunk in upload.chunks(chunk_size=CHUNK_SIZE):
        buffer.write(chunk)
        if buffer.tell() > max_bytes:
            raise refuse("file_too_large", limit=limit_mb)
    data = buffer.getvalue()
    if not data:
        raise refuse("file_empty")
    return data


def sniff(data: bytes) -> str:
    for magic, content_type in MAGIC:
        if data.startswith(magic):
            return content_type
    raise refuse("file_type")


def looks_like_html(head: bytes) -> bool:
    head = head.lower()
    return any(tag in head for tag in (b"<script", b"<html", b"<!doctype", b"<svg", b"<body", b"<iframe"))


class ServerStuck(Exception):
    """The PDF checking server did not fork a child for a file in time (frozen, or out of processes)."""


class PdfChecker:
    """The PDF checker of this process: a forking server (`pdfclean.serve`) started at the first PDF, so that
    each file is parsed in a fresh child of a process that has already imported pikepdf (about a millisecond)
    rather than in a new interpreter (about 0.1 s of CPU). The server ends with this process; one that died or
    froze is replaced at the next PDF. Where no server can be started (then for a minute), each PDF gets a
    process of its own. At most PDF_AT_ONCE files of this process are parsed at a time, each in up to 256 MB.
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.slots = threading.BoundedSemaphore(PDF_AT_ONCE)
        self.process = None
        self.owner = None  # the pid that started it: a forked process (a gunicorn worker) starts its own
        self.path = None
        self.finalizer = None
        self.failed_until = 0.0  # after a failed start, files go to processes of their own until then

    def forked(self) -> None:
        """In a forked copy of this process (a gunicorn worker): fresh locks (another thread of the parent may have
        held them at the fork) and nothing of the parent's server."""
        self.lock, self.slots = threading.Lock(), threading.BoundedSemaphore(PDF_AT_ONCE)
        self.forget_parent()

    def forget_parent(self) -> None:
        """Nothing of the parent's server: it is not ours to use or to end."""
        self.process = self.path = self.finalizer = None
        self.owner, self.failed_until = os.getpid(), 0.0

    def run(self, data: bytes, max_pages: int, max_output: int) -> subprocess.CompletedProcess:
        deadline = time.monotonic() + PDF_TIMEOUT
        if not self.slots.acquire(timeout=PDF_TIMEOUT):  # busy: a fault of the server, not of the file
            raise OSError(f"PDF checker busy: {PDF_AT_ONCE} files were being checked for {PDF_TIMEOUT} s")
        try:
            path = self.server()
            if path is None:
                return self.run_alone(data, max_pages, max_output)
            try:
                return self.ask(path, data, max_pages, max_output, deadline)
            except ServerStuck as error:
                # Ended between our check and the call, or frozen: this file in a process of its own, and the
                # next one to a new server.
                logger.warning("The PDF checking server did not answer (%s): it is started again", error)
                self.stop(path)
                return self.run_alone(data, max_pages, max_output)
        finally:
            self.slots.release()

    def ask(
        self, path: str, data: bytes, max_pages: int, max_output: int, deadline: float
    ) -> subprocess.CompletedProcess:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(PDF_SERVER_TIMEOUT)
            try:
                connection.connect(path)
                if connection.recv(1) != b"+":  # a child forked for this file says so at once
                    raise ServerStuck("closed")
            except OSError as error:  # refused, gone, reset, backlog full, no child forked in time
                raise ServerStuck(type(error).__name__) from None
            connection.settimeout(max(deadline - time.monotonic(), 0.001))
            try:
                connection.sendall(b"%d %d %d\n" % (max_pages, max_output, len(data)) + data)
                answer = bytearray()
                while part := connection.recv(1 << 20):
                    answer += part
                    if len(answer) > max_output + 64:
                        break
                    connection.settimeout(max(deadline - time.monotonic(), 0.001))
            except TimeoutError:
                raise subprocess.TimeoutExpired("pdfclean", PDF_TIMEOUT) from None
            except (BrokenPipeError, ConnectionResetError):
                answer = bytearray()  # the child ended (a limit) before reading the whole file
        header, newline, content = bytes(answer).partition(b"\n")
        status, _space, size = header.partition(b" ")
        if not newline or not status.isdigit() or not size.isdigit() or int(size) != len(content):
            # Stopped by a limit (memory, CPU, wall time) before its whole answer: as a killed process.
            return subprocess.CompletedProcess("pdfclean", -signal.SIGKILL, b"", b"")
        return subprocess.CompletedProcess("pdfclean", int(status), content, b"")

    def run_alone(self, data: bytes, max_pages: int, max_output: int) -> subprocess.CompletedProcess:
        return subprocess.run(  # noqa: S603 - our own script, with our interpreter; the PDF goes on stdin
            [sys.executable, "-I", str(PDF_CHECKER), str(max_pages), str(max_output)],
            input=data,
            capture_output=True,
            env={},  # nothing of the portal's environment (secrets, database URL) reaches the parser
            timeout=PDF_TIMEOUT,
            check=False,
        )

    def server(self) -> str | None:
        """The server's socket, started if this process has none running; None if it cannot start."""
        with self.lock:
            if self.owner != os.getpid():  # a checker made before a fork that did not call `forked`
                self.forget_parent()
            if self.process is not None and self.process.poll() is None:
                return self.path
            self.end()  # the one that died, if any
            if time.monotonic() < self.failed_until:
                return None
            folder = None
            try:
                folder = tempfile.mkdtemp(prefix="myipo-pdf-")  # 0700: only this user can reach the socket
                path = os.path.join(folder, "checker.sock")
                process = subprocess.Popen(  # noqa: S603 - our own script, with our interpreter
                    [sys.executable, "-I", str(PDF_CHECKER), "--serve", path],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    env={},
                    start_new_session=True,  # a signal to the web process's group does not reach the checks
                )
            except OSError:
                logger.exception("The PDF checking server could not start: each PDF is checked alone for a minute")
                if folder:
                    shutil.rmtree(folder, ignore_errors=True)
                self.failed_until = time.monotonic() + 60
                return None
            ready, _, _ = select.select([process.stdout], [], [], PDF_TIMEOUT)  # slower than a fork: a new Python
            if not ready or process.stdout.readline() != b"ready\n":
                PdfChecker.close(process, folder, os.getpid(), wait=0)
                logger.warning("The PDF checking server did not start: each PDF is checked alone for a minute")
                self.failed_until = time.monotonic() + 60
                return None
            self.process, self.path = process, path
            self.finalizer = weakref.finalize(self, PdfChecker.close, process, folder, os.getpid())
            return path

    def stop(self, path: str | None = None) -> None:
        """End this process's server (only if it is still the one at `path`, when given)."""
        with self.lock:
            if self.owner == os.getpid() and (path is None or path == self.path):
                self.end(wait=0 if path else 2)

    def end(self, wait: float = 0) -> None:
        """End the server (the caller holds the lock): its process, pipes and folder."""
        if self.finalizer is not None:
            self.finalizer.detach()
        if self.process is not None:
            PdfChecker.close(self.process, os.path.dirname(self.path), os.getpid(), wait=wait)
        self.process = self.path = self.finalizer = None

    @staticmethod
    def close(process: subprocess.Popen, folder: str, owner: int, wait: float = 2) -> None:
        if os.getpid() != owner:  # a forked copy of the web process ending: the server is its parent's
            return
        with contextlib.suppress(OSError):
            process.stdin.close()  # the server ends when its standard input closes
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=wait)
        if process.poll() is None:
            process.kill()  # frozen, or slow to end
            process.wait()
        with contextlib.suppress(OSError):
            process.stdout.close()
        shutil.rmtree(folder, ignore_errors=True)


CHECKER = PdfChecker()
os.register_at_fork(after_in_child=CHECKER.forked)


def check_pdf(data: bytes, *, max_pages: int = PDF_MAX_PAGES) -> bytes:
    """The PDF as qpdf rewrote it, without links, once it is known to hold no active content."""
    if looks_like_html(data[:1024]):
        raise refuse("file_type")
    if b"%%EOF" not in data[-1024:]:
        raise refuse("file_corrupt", "no %%EOF at the end")
    max_output = 3 * len(data) + 1024 * 1024
    try:
        done = CHECKER.run(data, max_pages, max_output)
    except subprocess.TimeoutExpired:
        raise refuse("pdf_too_complex", "timeout") from None
    if done.returncode == 0 and done.stdout.startswith(b"%PDF-") and len(done.stdout) <= max_output:
        if looks_like_html(done.stdout[:1024]):
            raise refuse("file_type", "HTML in the head of the rewritten PDF")
        return done.stdout
    if done.returncode == 3:  # refused: "code reason"
        code, _space, reason = done.stdout.decode(errors="replace").partition(" ")
        if code in {"file_corrupt", "pdf_active_content", "pdf_encrypted", "pdf_no_pages", "pdf_too_complex"}:
            raise refuse(code, reason)
        if code == "pdf_too_many_pages":
            raise refuse(code, reason, limit=max_pages)
    if done.returncode < 0:  # killed: memory or CPU limit
        raise refuse("pdf_too_complex", f"signal {-done.returncode}")
    # The checker itself failed (not installed, broken): a fault of the server, not of the file.
    raise OSError(f"PDF checker failed ({done.returncode}): {done.stderr[-500:]!r}")


def jpeg_layout(data: bytes) -> tuple[int, bool]:
    """How many scans the first image of a JPEG has (more than one: libjpeg buffers the whole image), and
    whether it is complete (EOI after its scans).

    Pillow's own check of a truncated JPEG is a process-wide switch that WeasyPrint turns off when it is
    imported (ImageFile.LOAD_TRUNCATED_IMAGES = True), so it is checked here.
    """
    position = 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            return 2, False  # not a well-formed header
        marker = data[position + 1]
        if marker == 0xFF:
            position += 1
        elif marker == 0xDA:  # the first scan; the image ends at EOI (0xFF 0xD9 cannot occur inside a scan)
            end = data.find(b"\xff\xd9", position + 2)
            return 1 + data.count(b"\xff\xda", position + 2, len(data) if end == -1 else end), end != -1
        elif 0xD0 <= marker <= 0xD8 or marker == 0x01:
            position += 2
        else:
            position += 2 + int.from_bytes(data[position + 2 : position + 4], "big")
    return 2, False


def jpeg_scale(width: int, height: int, fit: int) -> int:
    """The largest of 1, 2, 4, 8 that still leaves `fit` pixels on the long side, and fits the decode budget."""
    quality = max((s for s in (1, 2, 4, 8) if max(width, height) // s >= fit), default=1)
    budget = min((s for s in (1, 2, 4, 8) if (width // s + 1) * (height // s + 1) <= DECODE_MAX_PIXELS), default=0)
    if not budget:
        raise refuse("image_too_large", f"{width} × {height}")
    return max(quality, budget)


def check_header(image: Image.Image, data: bytes) -> None:
    """Refuse from the header alone an image whose decoding would take too much memory."""
    width, height = image.size
    if width > MAX_SIDE or height > MAX_SIDE:
        raise refuse("image_too_large", f"{width} × {height}")
    if image.format == "PNG" and width * height > FULL_DECODE_MAX_PIXELS:
        raise refuse("image_too_large", f"PNG of {width} × {height}")
    if image.format in {"JPEG", "MPO"}:
        if width * height > JPEG_MAX_PIXELS:
            raise refuse("image_too_large", f"JPEG of {width} × {height}")
        scans, complete = jpeg_layout(data)
        if not complete:
            raise refuse("file_corrupt", "JPEG without its end")
        if (image.info.get("progressive") or scans > 1) and width * height > FULL_DECODE_MAX_PIXELS:
            raise refuse("image_too_large", f"progressive or multi-scan JPEG of {width} × {height}")


def plain_mode(image: Image.Image, content_type: str) -> Image.Image:
    """8-bit grey, RGB or (PNG only) RGBA."""
    if image.mode in {"I;16", "I;16B", "I;16L", "I;16N", "I"}:
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if image.mode == "1":
        image = image.convert("L")
    if content_type == PNG and image.mode in {"LA", "La", "PA", "RGBa"}:
        image = image.convert("RGBA")
    if content_type == PNG and image.mode == "P" and "transparency" in image.info:
        image = image.convert("RGBA")
    allowed = {"L", "RGB", "RGBA"} if content_type == PNG else {"L", "RGB"}
    return image if image.mode in allowed else image.convert("RGB")


def decode(
    data: bytes, content_type: str, *, fit: int, min_sides: tuple[int, int] | None = None
) -> tuple[Image.Image, tuple[int, int]]:
    """Pixels only, upright, at most `fit` on the long side; and the upright size of the original.

    Memory stays bounded: absurd sizes are refused from the header, a JPEG is decoded by libjpeg at
    1/2, 1/4 or 1/8 scale when it is larger than needed, and no more than 16 megapixels are decoded.
    The result is a fresh image: no EXIF, XMP, ICC profile, comment or text chunk is carried over.
    """
    try:
        Image.open(io.BytesIO(data), formats=["JPEG", "PNG"]).verify()
        image = Image.open(io.BytesIO(data), formats=["JPEG", "PNG"])
        width, height = image.size
        check_header(image, data)
        if min_sides and (min(width, height) < min_sides[0] or max(width, height) < min_sides[1]):
            raise refuse("image_too_small", f"{width} × {height}", short=min_sides[0], long=min_sides[1])
        if image.format in {"JPEG", "MPO"}:
            scale = jpeg_scale(width, height, fit)
            if scale > 1:
                image.draft("RGB", (max(1, width // scale), max(1, height // scale)))
        if image.width * image.height > DECODE_MAX_PIXELS:
            raise refuse("image_too_large", f"{width} × {height} not reducible")
        image.load()
        orientation = image.getexif().get(ORIENTATION, 1)
        image = plain_mode(image, content_type)
        if max(image.size) > fit:
            ratio = fit / max(image.size)
            size = (max(1, round(image.width * ratio)), max(1, round(image.height * ratio)))
            image = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
        if orientation in TRANSPOSE:
            image = image.transpose(TRANSPOSE[orientation])
            width, height = (height, width) if orientation >= 5 else (width, height)
        fresh = Image.new(image.mode, image.size)
        fresh.paste(image)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, MemoryError):
        raise refuse("image_too_large", "decompression bomb") from None
    except Exception as error:  # any decoder error: truncated, corrupt, unsupported
        raise refuse("file_corrupt", f"{type(error).__name__}: {error}"[:200]) from None
    return fresh, (width, height)


def encode(image: Image.Image, content_type: str) -> bytes:
    """Fresh pixels only: the image comes from `decode`, with an empty `.info` and no EXIF."""
    output = io.BytesIO()
    if content_type == JPEG:
        image.save(output, "JPEG", quality=JPEG_QUALITY, optimize=True)
    else:
        image.save(output, "PNG", compress_level=6)
    return output.getvalue()


def encode_document(image: Image.Image, content_type: str) -> tuple[bytes, str, Image.Image]:
    """A page as an image of sensible size: a PNG that stays small as it is, else a JPEG of at most about
    DOCUMENT_TARGET_BYTES, at the best quality and size that fit (the smallest tried if none does)."""
    if content_type == PNG:
        content = encode(image, PNG)
        if len(content) <= DOCUMENT_TARGET_BYTES:
            return content, PNG, image
        if image.mode != "RGB":  # a photo saved as PNG: on white, as JPEG
            flat = Image.new("RGB", image.size, (255, 255, 255))
            flat.paste(image, mask=image.getchannel("A") if image.mode == "RGBA" else None)
            image = flat
    elif len(content := encode(image, JPEG)) <= DOCUMENT_TARGET_BYTES:
        return content, JPEG, image
    for side in (max(image.size), DOCUMENT_READABLE_SIDE):
        if max(image.size) > side:
            ratio = side / max(image.size)
            size = (max(1, round(image.width * ratio)), max(1, round(image.height * ratio)))
            image = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
        for quality in DOCUMENT_QUALITIES:
            output = io.BytesIO()
            image.save(output, "JPEG", quality=quality, optimize=True)
            if output.tell() <= DOCUMENT_TARGET_BYTES:
                return output.getvalue(), JPEG, image
    return output.getvalue(), JPEG, image


def checked(content: bytes, content_type: str, image: Image.Image | None = None) -> CheckedFile:
    return CheckedFile(
        content=content,
        content_type=content_type,
        extension=EXTENSIONS[content_type],
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        width=image.width if image else None,
        height=image.height if image else None,
    )


def check_document(upload, *, max_bytes: int, allowed: frozenset[str] = DOCUMENT_TYPES) -> CheckedFile:
    """A certificate, letter or vaccination certificate: PDF rewritten by qpdf, images re-encoded."""
    data = read_limited(upload, max_bytes)
    content_type = sniff(data)
    if content_type not in allowed:
        raise refuse("file_type")
    if content_type == PDF:
        return checked(check_pdf(data), PDF)
    image, _size = decode(data, content_type, fit=DOCUMENT_MAX_SIDE, min_sides=DOCUMENT_MIN_SIDES)
    content, content_type, image = encode_document(image, content_type)
    return checked(content, content_type, image)


def check_photo(upload, *, max_bytes: int) -> CheckedFile:
    """A passport-size photo: a portrait JPEG or PNG of sensible size, re-encoded without metadata."""
    data = read_limited(upload, max_bytes)
    content_type = sniff(data)
    if content_type not in PHOTO_TYPES:
        raise refuse("photo_type")
    image, (width, height) = decode(data, content_type, fit=PHOTO_MAX_HEIGHT)
    if width < PHOTO_MIN_SIZE[0] or height < PHOTO_MIN_SIZE[1]:
        raise refuse("photo_too_small")
    if not PHOTO_RATIO[0] <= width / height <= PHOTO_RATIO[1]:
        raise refuse("photo_proportions")
    return checked(encode(image, content_type), content_type, image)


def safe_display_name(name: str) -> str:
    """The original file name as we may show it back: last path part, printable, at most 100 characters."""
    name = unicodedata.normalize("NFC", name or "")  # é is one character, not e and an accent cut apart
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C" and ch not in '<>:"|?*')
    name = re.sub(r"\s+", " ", name).strip(" .")  # ". . ." or "sijil.pdf. " are no names to show
    if len(name) > 100:
        stem, dot, extension = name.rpartition(".")
        name = f"{stem[: 99 - len(extension)]}.{extension}" if dot and len(extension) <= 10 else name[:100]
    return name or "dokumen"
