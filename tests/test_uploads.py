"""Uploads are judged by their content: a corpus of hostile files, each refused with its reason."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin

from applications.uploads import check_document, check_photo, safe_display_name

from .factories import MINIMAL_PDF

MB = 1024 * 1024


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def image_bytes(size=(350, 500), fmt="JPEG", **save):
    buffer = io.BytesIO()
    Image.new("RGB", size, (120, 140, 160)).save(buffer, fmt, **save)
    return buffer.getvalue()


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_claiming(width, height):
    """A tiny PNG whose header claims a huge image: a decompression bomb."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(b"\x00" * 100))
        + png_chunk(b"IEND", b"")
    )


def refused(check, name, content, max_bytes=5 * MB):
    with pytest.raises(ValidationError) as error:
        check(upload(name, content), max_bytes=max_bytes)
    return error.value.code


HOSTILE = [
    ("executable renamed .pdf", "cv.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200, "file_type"),
    ("ELF renamed .jpg", "gambar.jpg", b"\x7fELF" + b"\x00" * 200, "file_type"),
    ("HTML named .jpg", "photo.jpg", b"<html><script>alert(1)</script></html>", "file_type"),
    (
        "SVG named .jpg",
        "photo.jpg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "file_type",
    ),
    ("ZIP named .pdf", "sijil.pdf", b"PK\x03\x04" + b"\x00" * 100, "file_type"),
    ("GIF", "a.gif", b"GIF89a" + b"\x00" * 50, "file_type"),
    (
        "PDF with JavaScript",
        "a.pdf",
        b"%PDF-1.4\n1 0 obj<</S/JavaScript/JS(app.alert(1))>>endobj\n%%EOF\n",
        "pdf_active_content",
    ),
    ("PDF that launches", "a.pdf", b"%PDF-1.4\n1 0 obj<</S/Launch/F(cmd.exe)>>endobj\n%%EOF\n", "pdf_active_content"),
    ("HTML/PDF polyglot", "a.pdf", b"%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF\n", "file_type"),
    ("truncated PDF", "a.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n", "file_corrupt"),
    ("truncated JPEG", "a.jpg", image_bytes()[:100], "file_corrupt"),
    ("PNG bomb", "bomb.png", png_claiming(50_000, 50_000), "image_too_large"),
    ("empty file", "a.pdf", b"", "file_empty"),
]


@pytest.mark.parametrize(("label", "name", "content", "code"), HOSTILE, ids=[case[0] for case in HOSTILE])
def test_hostile_documents_are_refused_with_a_reason(label, name, content, code):
    assert refused(check_document, name, content) == code


def test_a_file_over_the_limit_is_refused_without_reading_it_all():
    assert refused(check_document, "big.pdf", b"%PDF-1.4\n" + b"0" * (6 * MB), max_bytes=5 * MB) == "file_too_large"


def test_a_50_mb_file_is_refused():
    assert refused(check_document, "huge.pdf", b"%PDF-1.7\n" + b"0" * (50 * MB)) == "file_too_large"


def test_a_valid_pdf_is_kept_as_sent():
    checked = check_document(upload("sijil.exe", MINIMAL_PDF), max_bytes=5 * MB)
    assert (checked.content, checked.content_type, checked.extension) == (MINIMAL_PDF, "application/pdf", ".pdf")


def test_a_jpeg_is_reencoded_without_its_gps_metadata():
    exif = Image.Exif()
    exif[0x8825] = {2: (3.0, 8.0, 0.0)}  # GPSInfo
    exif[0x010F] = "Kamera Rahsia"
    original = image_bytes(exif=exif.tobytes())
    checked = check_document(upload("scan.jpg", original), max_bytes=5 * MB)
    assert checked.content != original
    cleaned = Image.open(io.BytesIO(checked.content))
    assert not cleaned.getexif()
    assert b"Kamera Rahsia" not in checked.content


def test_a_png_loses_its_text_chunks():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "alamat rumah saya")
    checked = check_document(upload("scan.png", image_bytes(fmt="PNG", pnginfo=info)), max_bytes=5 * MB)
    assert b"alamat rumah saya" not in checked.content
    assert checked.content_type == "image/png"


def test_a_real_mode_1_image_of_100_megapixels_is_refused_as_a_bomb():
    buffer = io.BytesIO()
    Image.new("1", (10_000, 10_001)).save(buffer, "PNG")
    assert refused(check_document, "bomb.png", buffer.getvalue()) == "image_too_large"


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (MINIMAL_PDF, "photo_type"),
        (image_bytes((100, 140)), "photo_too_small"),
        (image_bytes((800, 400)), "photo_proportions"),
        (image_bytes((500, 500)), "photo_proportions"),
    ],
)
def test_photos_must_be_portrait_images_of_sensible_size(content, code):
    assert refused(check_photo, "gambar.jpg", content) == code


def test_a_good_photo_is_accepted_and_a_tall_one_scaled_down():
    assert check_photo(upload("a.jpg", image_bytes((350, 500))), max_bytes=5 * MB).height == 500
    tall = check_photo(upload("b.png", image_bytes((1400, 2000), fmt="PNG")), max_bytes=5 * MB)
    assert (tall.width, tall.height) == (840, 1200)


def test_a_rotated_photo_is_turned_upright():
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    checked = check_photo(upload("a.jpg", image_bytes((1000, 700), exif=exif.tobytes())), max_bytes=5 * MB)
    assert (checked.width, checked.height) == (700, 1000)


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\evil.pdf", "evil.pdf"),
        ("<script>alert(1)</script>.pdf", "script.pdf"),
        ("sijil\x00.pdf", "sijil.pdf"),
        ("sijil\n\r.pdf", "sijil.pdf"),
        ("...", "dokumen"),
        ("", "dokumen"),
        ("a" * 300 + ".pdf", "a" * 96 + ".pdf"),
    ],
)
def test_display_names_keep_only_a_safe_last_part(name, shown):
    assert safe_display_name(name) == shown
