"""Checks an uploaded file by its content (never its name) and cleans it before it is stored.

PDFs are parsed by qpdf (pikepdf) in a process of its own with bounded memory and CPU time
(`applications/pdfclean.py`): active content is refused, links are removed, and what is stored is
the rewritten file. Images are re-encoded without metadata.
"""

import hashlib
import io
import logging
import re
import subprocess
import sys
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
DOCUMENT_TYPES = frozenset({PDF, JPEG, PNG})
PHOTO_TYPES = frozenset({JPEG, PNG})
EXTENSIONS = {PDF: ".pdf", JPEG: ".jpg", PNG: ".png"}
MAGIC = [(b"%PDF-", PDF), (b"\xff\xd8\xff", JPEG), (b"\x89PNG\r\n\x1a\n", PNG)]

PDF_MAX_PAGES = 50  # a certificate, a transcript, a letter: a few pages
PDF_CHECKER = Path(__file__).with_name("pdfclean.py")
PDF_TIMEOUT = 10  # seconds; the checker also stops itself after 5 seconds of CPU

MAX_IMAGE_PIXELS = 40_000_000
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
    for chunk in upload.chunks():
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


def check_pdf(data: bytes, *, max_pages: int = PDF_MAX_PAGES) -> bytes:
    """The PDF as qpdf rewrote it, without links, once it is known to hold no active content."""
    if looks_like_html(data[:1024]):
        raise refuse("file_type")
    if b"%%EOF" not in data[-1024:]:
        raise refuse("file_corrupt", "no %%EOF at the end")
    max_output = 3 * len(data) + 1024 * 1024
    try:
        done = subprocess.run(  # noqa: S603 - our own script, with our interpreter; the PDF goes on stdin
            [sys.executable, "-I", str(PDF_CHECKER), str(max_pages), str(max_output)],
            input=data,
            capture_output=True,
            env={},  # nothing of the portal's environment (secrets, database URL) reaches the parser
            timeout=PDF_TIMEOUT,
            check=False,
        )
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


def open_image(data: bytes) -> Image.Image:
    """Open, verify and load an image, refusing decompression bombs before any pixel is decoded."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
            width, height = probe.size
            if width * height > MAX_IMAGE_PIXELS:
                raise refuse("image_too_large")
            probe.verify()
            image = Image.open(io.BytesIO(data))
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise refuse("image_too_large") from None
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise refuse("file_corrupt") from None
    return image


def reencode(image: Image.Image, content_type: str) -> bytes:
    """Fresh pixels only: no EXIF (GPS, camera), no ICC profile, no text chunks."""
    output = io.BytesIO()
    if content_type == JPEG:
        image.convert("RGB").save(output, "JPEG", quality=88, optimize=True)
    else:
        if image.mode not in {"RGB", "RGBA", "L"}:
            image = image.convert("RGBA")
        image.save(output, "PNG", optimize=True)
    return output.getvalue()


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
    image = ImageOps.exif_transpose(open_image(data))
    content = reencode(image, content_type)
    return checked(content, content_type, image)


def check_photo(upload, *, max_bytes: int) -> CheckedFile:
    """A passport-size photo: a portrait JPEG or PNG of sensible size, re-encoded without metadata."""
    data = read_limited(upload, max_bytes)
    content_type = sniff(data)
    if content_type not in PHOTO_TYPES:
        raise refuse("photo_type")
    image = ImageOps.exif_transpose(open_image(data))
    width, height = image.size
    if width < PHOTO_MIN_SIZE[0] or height < PHOTO_MIN_SIZE[1]:
        raise refuse("photo_too_small")
    if not PHOTO_RATIO[0] <= width / height <= PHOTO_RATIO[1]:
        raise refuse("photo_proportions")
    if height > PHOTO_MAX_HEIGHT:
        image = image.resize((round(width * PHOTO_MAX_HEIGHT / height), PHOTO_MAX_HEIGHT), Image.Resampling.LANCZOS)
    content = reencode(image, content_type)
    return checked(content, content_type, image)


def safe_display_name(name: str) -> str:
    """The original file name as we may show it back: last path part, printable, at most 100 characters."""
    name = re.split(r"[\\/]", name or "")[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C" and ch not in '<>:"|?*')
    name = re.sub(r"\s+", " ", name).strip().lstrip(".").strip()
    if len(name) > 100:
        stem, dot, extension = name.rpartition(".")
        name = f"{stem[: 99 - len(extension)]}.{extension}" if dot and len(extension) <= 10 else name[:100]
    return name or "dokumen"
