from django.contrib import admin
from django.db.models import Q

from accounts.roles import sees_whole_audit_trail
from applications.models import Application
from audit.models import AuditEvent

from ..readonly import ReadOnlyAdminMixin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Append-only: nobody adds, edits or deletes rows from the admin, administrators included."""

    list_display = ["at", "actor_email", "action", "reference", "detail", "ip_address"]
    list_filter = ["action", "at"]
    search_fields = ["actor_email", "reference", "detail"]
    date_hierarchy = "at"

    def get_queryset(self, request):
        """An HR officer sees the events of their own actions; administrators see everyone's."""
        queryset = super().get_queryset(request)
        if sees_whole_audit_trail(request.user):
            return queryset
        return queryset.filter(actor=request.user)

    def get_search_results(self, request, queryset, search_term):
        """Also by the candidate: events about the applications whose name matches (the trail keeps no name)."""
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if len(term) >= 3:
            ids = Application.objects.filter(full_name__icontains=term).values_list("pk", flat=True)[:1000]
            about = Q(target_type="applications.application", target_id__in=[str(pk) for pk in ids])
            queryset |= self.get_queryset(request).filter(about)
        return queryset, may_have_duplicates
