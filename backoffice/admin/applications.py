from django.contrib import admin, messages
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from applications import services as applying
from applications.identity import age_on
from applications.models import Application, Document
from applications.selectors import snapshot_sections
from myipo_recruit.dates import local_datetime_short
from screening import services as screening
from screening.models import Outcome
from screening.rules import RULE_NAMES
from screening.selectors import filter_by_outcome, with_screening

from ..forms import OverrideForm
from ..readonly import ReadOnlyAdminMixin


class OutcomeFilter(admin.SimpleListFilter):
    title = _("screening outcome")
    parameter_name = "outcome"

    def lookups(self, request, model_admin):
        return [*Outcome.choices, ("none", _("Not screened"))]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return filter_by_outcome(queryset, None)
        if self.value() in Outcome.values:
            return filter_by_outcome(queryset, self.value())
        return queryset


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "reference",
        "full_name",
        "post_number",
        "age_on_closing_date",
        "highest_qualification",
        "spm_bm_grade",
        "outcome",
        "points",
        "status",
    ]
    list_filter = ["post__advertisement", "post", OutcomeFilter, "status", "state", "highest_qualification"]
    search_fields = ["reference", "full_name", "mykad"]
    list_select_related = ["post__advertisement"]
    list_per_page = 50
    date_hierarchy = "submitted_at"
    actions = ["screen", "override", "shortlist", "download_pdf", "export_csv"]
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
        "screening_table",
        "override_history",
        "document_links",
        "snapshot",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return with_screening(super().get_queryset(request).submitted())

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """Opening an application shows the full MyKad, address and telephone: it is in the audit trail."""
        response = super().change_view(request, object_id, form_url, extra_context)
        application = getattr(response, "context_data", {}).get("original")
        if response.status_code == 200 and application is not None:
            applying.application_open_for_hr(application=application, opened_by=request.user)
        return response

    def get_search_results(self, request, queryset, search_term):
        applying.mykad_search_record(term=search_term, searched_by=request.user)
        return super().get_search_results(request, queryset, search_term)

    def has_screen_permission(self, request):
        return request.user.has_perm("screening.add_screeningrun")

    def has_override_permission(self, request):
        return request.user.has_perm("screening.add_override")

    def has_shortlist_permission(self, request):
        return request.user.has_perm("screening.add_shortlistentry")

    @admin.display(description=_("post"), ordering="post__number")
    def post_number(self, obj):
        return obj.post.number

    @admin.display(description=_("age on closing date"), ordering="-date_of_birth")
    def age_on_closing_date(self, obj):
        return age_on(obj.date_of_birth, obj.post.advertisement.closes_on) if obj.date_of_birth else "—"

    @admin.display(description=_("outcome"), ordering="effective_outcome")
    def outcome(self, obj):
        if not obj.effective_outcome:
            return _("Not screened")
        label = Outcome(obj.effective_outcome).label
        if obj.override_outcome:
            return format_html("{} <small>({})</small>", label, _("HR override"))
        return label

    @admin.display(description=_("points"), ordering="screening_points")
    def points(self, obj):
        return obj.screening_points if obj.screening_points is not None else "—"

    @admin.display(description=_("screening (current result)"))
    def screening_table(self, obj):
        result = obj.screening_results.current().select_related("run__started_by").first()
        if result is None:
            return _("Not screened yet.")
        language = "en" if (get_language() or "ms").startswith("en") else "ms"
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (RULE_NAMES.get(rule["rule"], rule["rule"]), Outcome(rule["outcome"]).label, rule[f"reason_{language}"])
                for rule in result.rules
            ),
        )
        return format_html(
            "<p>{}: <strong>{}</strong> · {} {} · {} {} ({} {})</p><table><thead><tr><th>{}</th><th>{}</th>"
            "<th>{}</th></tr></thead><tbody>{}</tbody></table>",
            _("Outcome"),
            result.get_outcome_display(),
            result.points,
            _("points"),
            _("run"),
            local_datetime_short(result.run.started_at),
            _("rules"),
            result.run.rules_version,
            _("Rule"),
            _("Result"),
            _("Reason"),
            rows,
        )

    @admin.display(description=_("HR overrides"))
    def override_history(self, obj):
        overrides = obj.overrides.select_related("decided_by")
        return format_html_join(
            "",
            "<p><strong>{}</strong> — {} <small>({}, {})</small></p>",
            ((o.get_outcome_display(), o.reason, o.decided_by, local_datetime_short(o.decided_at)) for o in overrides),
        ) or _("None")

    @admin.display(description=_("documents"))
    def document_links(self, obj):
        return format_html_join(
            "", '<p><a href="{}">{}</a></p>', ((d.get_absolute_url(), str(d)) for d in obj.documents.all())
        ) or _("None")

    @admin.display(description=_("application as submitted"))
    def submitted_data(self, obj):
        return render_to_string("admin/applications/submitted_data.html", {"sections": snapshot_sections(obj.snapshot)})

    @admin.action(description=_("Screen the selected applications"), permissions=["screen"])
    def screen(self, request, queryset):
        run = screening.screening_run(
            applications=Application.objects.filter(pk__in=queryset.values("pk")),
            scope=_("%(count)s chosen applications") % {"count": queryset.count()},
            run_by=request.user,
        )
        self.message_user(
            request, _("%(count)s application(s) screened.") % {"count": run.application_count}, messages.SUCCESS
        )

    @admin.action(description=_("Override eligibility (with a reason)"), permissions=["override"])
    def override(self, request, queryset):
        form = OverrideForm(request.POST if "apply" in request.POST else None, count=queryset.count())
        if form.is_valid():
            for application in queryset:
                screening.override_set(application=application, decided_by=request.user, **form.decision())
            self.message_user(request, _("Override recorded."), messages.SUCCESS)
            return None
        return TemplateResponse(
            request,
            "admin/screening/override.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Override eligibility"),
                "form": form,
                "queryset": queryset,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(description=_("Download the application (BORANG) as PDF"), permissions=["view"])
    def download_pdf(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Choose one application to download."), messages.WARNING)
            return None
        application = queryset.get()
        filename, content_type, content = screening.application_pdf(application=application, generated_by=request.user)
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    @admin.action(description=_("Export the selected applications as CSV (personal data masked)"), permissions=["view"])
    def export_csv(self, request, queryset):
        content = screening.applications_csv_export(
            applications=queryset, exported_by=request.user, filters=request.GET.urlencode()
        )
        response = HttpResponse(content, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="permohonan.csv"'
        return response

    @admin.action(description=_("Add to the post's shortlist"), permissions=["shortlist"])
    def shortlist(self, request, queryset):
        added = 0
        for application in queryset.select_related("post"):
            shortlist = screening.shortlist_for(application.post)
            screening.shortlist_add(shortlist=shortlist, application=application, added_by=request.user)
            added += 1
        self.message_user(request, _("%(count)s added to the shortlist.") % {"count": added}, messages.SUCCESS)


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["original_name", "kind", "owner", "content_type", "size", "uploaded_at", "retired_at"]
    list_filter = ["kind", "content_type"]
    search_fields = ["owner__email"]
    list_select_related = ["owner"]

    def get_queryset(self, request):
        return super().get_queryset(request).held_by_submitted_applications()

    fields = ["owner", "kind", "original_name", "content_type", "size", "sha256", "uploaded_at", "retired_at", "link"]
    readonly_fields = fields

    @admin.display(description=_("file"))
    def link(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), _("Open (protected)"))
