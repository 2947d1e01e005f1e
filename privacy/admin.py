from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Append-only: nobody adds, edits or deletes rows from the admin, administrators included."""

    list_display = ["at", "actor_email", "action", "reference", "detail", "ip_address"]
    list_filter = ["action", "at"]
    search_fields = ["actor_email", "reference", "application__full_name", "detail"]
    date_hierarchy = "at"
    list_select_related = ["application"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
