"""PDFs for candidates: the acknowledgement slip of a submitted application."""

import logging

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .constants import FieldOfStudy, QualificationLevel
from .identity import mask_mykad
from .models import Application, Document

logger = logging.getLogger(__name__)


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported here: the rest of the portal runs without WeasyPrint's system libraries

    return HTML(string=html, base_url=str(settings.BASE_DIR / "static")).write_pdf()


def html_render(html: str):
    """A laid-out WeasyPrint document, to combine with others (see documents_to_pdf)."""
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR / "static")).render()


def documents_to_pdf(documents: list) -> bytes:
    """Several laid-out documents in one PDF, each keeping its own page numbers (a panel's pack of BORANGs)."""
    if not documents:
        return b""
    pages = [page for document in documents for page in document.pages]
    return documents[0].copy(pages).write_pdf()


def photo_data_uri(application: Application) -> str:
    """The passport photo frozen in an application, inline for a PDF (no URL: documents have none).

    Reads `application.documents.all()`, so that a caller rendering many applications prefetches them once
    (`photos_prefetch`)."""
    import base64

    photo = next(
        (
            document
            for document in application.documents.all()  # prefetched by a caller rendering many applications
            if document.kind == Document.Kind.PHOTO and document.content_type.startswith("image/")
        ),
        None,
    )
    if photo is None:
        return ""
    try:
        with photo.file.open("rb") as handle:
            content = handle.read(5 * 1024 * 1024 + 1)
    except OSError:
        logger.warning("Photo of application %s could not be read for the PDF", application.pk)
        return ""
    return f"data:{photo.content_type};base64,{base64.b64encode(content).decode()}"


def photos_prefetch(lookup: str = "documents"):
    """Prefetch of the applications' photos in one query, for `photo_data_uri` over many applications."""
    from django.db.models import Prefetch

    return Prefetch(lookup, queryset=Document.objects.filter(kind=Document.Kind.PHOTO).order_by("uploaded_at"))


def document_list(snapshot: dict) -> list[dict]:
    """The documents frozen in an application, with their kind in Malay and English and, for an MQA letter, its
    qualification."""
    with translation.override("ms"):
        kinds = {value: str(label) for value, label in Document.Kind.choices}
        levels = dict(QualificationLevel.choices)
        fields = dict(FieldOfStudy.choices)
        recognised = {
            q["id"]: f"{levels.get(q['level'], q['level'])} — {fields.get(q['field_of_study'], q['field_of_study'])}"
            for q in snapshot.get("qualifications", [])
            if q.get("id")
        }
    with translation.override("en"):
        kinds_en = {value: str(label) for value, label in Document.Kind.choices}
    return [
        {
            "kind": kinds.get(d["kind"], d["kind"]),
            "kind_en": kinds_en.get(d["kind"], d["kind"]),
            "name": d["name"],
            "qualification": recognised.get(d.get("qualification"), ""),
        }
        for d in snapshot.get("documents", [])
    ]


def slip_render(application: Application) -> tuple[str, str, bytes]:
    """The acknowledgement slip: (file name, content type, PDF bytes)."""
    html = render_to_string(
        "applications/slip.html",
        {
            "application": application,
            "post": application.post,
            "masked_mykad": mask_mykad(application.mykad),
            "documents": document_list(application.snapshot),
            "generated_at": timezone.now(),
        },
    )
    return f"slip-{application.reference}.pdf", "application/pdf", html_to_pdf(html)
