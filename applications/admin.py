from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .models import Application, Document


class ReadOnlyAdmin(admin.ModelAdmin):
    """Submitted data is evidence: HR reads it, nobody edits it here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["reference", "full_name", "post", "status", "submitted_at", "highest_qualification", "spm_bm_grade"]
    list_filter = ["status", "post__advertisement", "post", "state", "highest_qualification"]
    search_fields = ["reference", "full_name", "mykad"]
    list_select_related = ["post__advertisement", "post__grade"]
    date_hierarchy = "submitted_at"
    fields = [
        "reference",
        "post",
        "candidate",
        "status",
        "submitted_at",
        "withdrawn_at",
        "declaration_at",
        "pdpa_consent_at",
        "full_name",
        "mykad",
        "date_of_birth",
        "state",
        "highest_qualification",
        "spm_bm_grade",
        "document_links",
        "snapshot",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).submitted().select_related("post__advertisement", "post__grade")

    @admin.display(description=_("documents"))
    def document_links(self, obj):
        return format_html_join(
            "\n", '<p><a href="{}">{}</a></p>', ((d.get_absolute_url(), str(d)) for d in obj.documents.all())
        ) or format_html("<p>{}</p>", _("None"))


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "kind", "owner", "content_type", "size", "uploaded_at", "retired_at"]
    list_filter = ["kind", "content_type"]
    search_fields = ["owner__email"]
    list_select_related = ["owner"]
    fields = ["owner", "kind", "original_name", "content_type", "size", "sha256", "uploaded_at", "retired_at", "link"]
    readonly_fields = fields

    @admin.display(description=_("file"))
    def link(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), _("Open (protected)"))
