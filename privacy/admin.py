from django.contrib import admin

from myipo_recruit.readonly_admin import ReadOnlyAdminMixin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Append-only: nobody adds, edits or deletes rows from the admin, administrators included."""

    list_display = ["at", "actor_email", "action", "reference", "detail", "ip_address"]
    list_filter = ["action", "at"]
    search_fields = ["actor_email", "reference", "application__full_name", "detail"]
    date_hierarchy = "at"
    list_select_related = ["application"]
