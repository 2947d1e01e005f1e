"""Checks an uploaded file by its content (never its name) and cleans images before they are stored."""

import hashlib
import io
import logging
import re
import unicodedata
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
DOCUMENT_TYPES = frozenset({PDF, JPEG, PNG})
PHOTO_TYPES = frozenset({JPEG, PNG})
EXTENSIONS = {PDF: ".pdf", JPEG: ".jpg", PNG: ".png"}
MAGIC = [(b"%PDF-", PDF), (b"\xff\xd8\xff", JPEG), (b"\x89PNG\r\n\x1a\n", PNG)]

MAX_IMAGE_PIXELS = 40_000_000
PHOTO_MIN_SIZE = (200, 250)
PHOTO_RATIO = (0.6, 0.9)  # width / height; a passport photo is 35 x 50 mm (0.7)
PHOTO_MAX_HEIGHT = 1200
PDF_ACTIVE_CONTENT = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile)\b")

error_messages = {
    "file_empty": _("The file is empty."),
    "file_too_large": _("The file is larger than %(limit)s MB."),
    "file_type": _("Only PDF, JPEG or PNG files are accepted. This file is not one of them, whatever its name says."),
    "file_corrupt": _("The file is damaged or incomplete. Save or scan it again and upload the new file."),
    "pdf_active_content": _(
        "The PDF contains scripts or embedded files. Print it to PDF again without them, or scan the paper copy."
    ),
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


def refuse(code: str, **params):
    logger.info("Upload refused: %s", code)
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


def check_pdf(data: bytes) -> None:
    head = data[:1024].lower()
    if b"<script" in head or b"<html" in head:
        raise refuse("file_type")
    if b"%%EOF" not in data[-1024:]:
        raise refuse("file_corrupt")
    if PDF_ACTIVE_CONTENT.search(data):
        raise refuse("pdf_active_content")


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
    """A certificate, letter or vaccination certificate: PDF kept as sent, images re-encoded."""
    data = read_limited(upload, max_bytes)
    content_type = sniff(data)
    if content_type not in allowed:
        raise refuse("file_type")
    if content_type == PDF:
        check_pdf(data)
        return checked(data, PDF)
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
