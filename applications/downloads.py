"""A candidate's document sent to whoever may read it: the owner, HR, a panel member of the candidate's session."""

from django.http import FileResponse


def document_response(document, handle, *, inline: bool) -> FileResponse:
    """The open file `handle` of `document`, shown in the browser on request (images, and PDFs, which are checked
    and cleaned of active content at upload), otherwise downloaded; never cached, never sniffed."""
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=f"{document.kind}-{str(document.pk)[:8]}{document.extension}",
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    # A sandbox stops an image from running anything; Chromium's PDF viewer does not open in a sandbox, so a
    # PDF gets a policy that allows no script, no connection and no frame instead.
    pdf_inline = inline and document.content_type == "application/pdf"
    response["Content-Security-Policy"] = "default-src 'none'" + ("" if pdf_inline else "; sandbox")
    response["Cache-Control"] = "private, no-store"
    return response
