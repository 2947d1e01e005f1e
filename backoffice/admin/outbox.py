from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from outbox.kinds import KINDS
from outbox.models import Email
from outbox.services import email_resend

from ..readonly import ReadOnlyAdminMixin


class KindFilter(admin.SimpleListFilter):
    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [(kind.name, kind.label) for kind in KINDS.values()]

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(Email)
class EmailAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """What the portal owes by e-mail: HR sees what is pending or failed and sends it again."""

    list_display = [
        "created_at",
        "kind_label",
        "to",
        "reference",
        "status",
        "attempts",
        "due_at",
        "sent_at",
        "last_error",
    ]
    list_filter = ["status", KindFilter]
    search_fields = ["to", "reference"]
    exclude = ["context"]
    actions = ["resend"]

    def has_resend_permission(self, request):
        return request.user.has_perm("outbox.change_email")

    @admin.display(description=_("kind"), ordering="kind")
    def kind_label(self, obj):
        kind = KINDS.get(obj.kind)
        return kind.label if kind else obj.kind

    @admin.action(description=_("Send again now"), permissions=["resend"])
    def resend(self, request, queryset):
        count = email_resend(emails=queryset, requested_by=request.user)
        self.message_user(request, _("%(count)s e-mail(s) will be sent again.") % {"count": count}, messages.SUCCESS)
