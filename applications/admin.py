from django.contrib import admin, messages
from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from myipo_recruit.readonly_admin import ReadOnlyAdminMixin
from privacy.audit import audit_record
from privacy.models import AuditEvent
from screening import services as screening
from screening.admin_forms import OverrideForm
from screening.models import Outcome
from screening.pdf import application_render
from screening.reports import applications_csv
from screening.rules import RULE_NAMES
from screening.selectors import filter_by_outcome, with_screening

from .identity import age_on
from .models import Application, Document
from .selectors import snapshot_sections


class SharedMyKadFilter(admin.SimpleListFilter):
    """Submissions to the same post under one MyKad from different accounts (possible only before the check)."""

    title = _("same MyKad, another account")
    parameter_name = "shared_mykad"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes"))]

    def queryset(self, request, queryset):
        return queryset.filter(mykad_shared=True) if self.value() == "yes" else queryset


def shared_mykad():
    """Whether another account submitted to the same post under the same MyKad."""
    return Exists(
        Application.objects.submitted()
        .filter(post=OuterRef("post"), mykad=OuterRef("mykad"))
        .exclude(candidate=OuterRef("candidate"))
        .exclude(mykad="")
    )


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
        "same_mykad",
    ]
    list_filter = [
        "post__advertisement",
        "post",
        OutcomeFilter,
        "status",
        "state",
        "highest_qualification",
        SharedMyKadFilter,
    ]
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
        return with_screening(super().get_queryset(request).submitted()).annotate(mykad_shared=shared_mykad())

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

    @admin.display(description=_("same MyKad, another account"), boolean=True, ordering="-mykad_shared")
    def same_mykad(self, obj):
        return obj.mykad_shared

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
            result.run.started_at.strftime("%d.%m.%Y %H:%M"),
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
            (
                (o.get_outcome_display(), o.reason, o.decided_by, o.decided_at.strftime("%d.%m.%Y %H:%M"))
                for o in overrides
            ),
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
        audit_record(action=AuditEvent.Action.SCREENING_RUN, request=request, detail=run.scope)
        self.message_user(
            request, _("%(count)s application(s) screened.") % {"count": run.application_count}, messages.SUCCESS
        )

    @admin.action(description=_("Override eligibility (with a reason)"), permissions=["override"])
    def override(self, request, queryset):
        form = OverrideForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            for application in queryset:
                screening.override_set(application=application, decided_by=request.user, **form.cleaned_data)
            audit_record(
                action=AuditEvent.Action.OVERRIDE,
                request=request,
                applications=queryset,
                detail=f"{form.cleaned_data['outcome']}: {form.cleaned_data['reason']}",
            )
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
        filename, content_type, content = application_render(application, generated_by=request.user)
        audit_record(action=AuditEvent.Action.EXPORT_PDF, request=request, application=application, detail=filename)
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    @admin.action(description=_("Export the selected applications as CSV (personal data masked)"), permissions=["view"])
    def export_csv(self, request, queryset):
        response = HttpResponse(applications_csv(queryset), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="permohonan.csv"'
        audit_record(
            action=AuditEvent.Action.EXPORT_CSV,
            request=request,
            detail=f"{queryset.count()} application(s), filters: {request.GET.urlencode()[:300]}",
        )
        return response

    @admin.action(description=_("Add to the post's shortlist"), permissions=["shortlist"])
    def shortlist(self, request, queryset):
        added = 0
        for application in queryset.select_related("post"):
            shortlist = screening.shortlist_for(application.post)
            screening.shortlist_add(shortlist=shortlist, application=application, added_by=request.user)
            audit_record(action=AuditEvent.Action.SHORTLIST_ADD, request=request, application=application)
            added += 1
        self.message_user(request, _("%(count)s added to the shortlist.") % {"count": added}, messages.SUCCESS)


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["original_name", "kind", "owner", "content_type", "size", "uploaded_at", "retired_at"]
    list_filter = ["kind", "content_type"]
    search_fields = ["owner__email"]
    list_select_related = ["owner"]
    fields = ["owner", "kind", "original_name", "content_type", "size", "sha256", "uploaded_at", "retired_at", "link"]
    readonly_fields = fields

    @admin.display(description=_("file"))
    def link(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), _("Open (protected)"))
