from django.contrib import admin, messages
from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from applications import services as applying
from applications.identity import age_on
from applications.models import Application, Document
from applications.selectors import snapshot_sections
from myipo_recruit.dates import local_datetime_short
from screening import services as screening
from screening.models import Outcome
from screening.rules import RULE_NAMES
from screening.selectors import filter_by_failed_rule, filter_by_outcome, with_screening
from vacancies.models import Post

from ..actions import action_confirmation
from ..forms import OverrideForm, ShortlistDecisionForm
from ..readonly import ReadOnlyAdminMixin


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


class FailedRuleFilter(admin.SimpleListFilter):
    title = _("rule failed")
    parameter_name = "failed_rule"

    def lookups(self, request, model_admin):
        return list(RULE_NAMES.items())

    def queryset(self, request, queryset):
        if self.value() in RULE_NAMES:
            return filter_by_failed_rule(queryset, self.value())
        return queryset


class PostFilter(admin.SimpleListFilter):
    """The posts of the advertisement chosen in the advertisement filter (or of every advertisement, labelled)."""

    title = _("post")
    parameter_name = "post__id__exact"

    def lookups(self, request, model_admin):
        posts = Post.objects.select_related("advertisement").order_by("-advertisement__closes_on", "number")
        chosen = request.GET.get("post__advertisement__id__exact")
        if chosen and chosen.isdigit():
            posts = posts.filter(advertisement_id=int(chosen))
        return [(str(post.pk), post.label) for post in posts]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(post_id=int(self.value()))
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
        "failed_rules",
        "points",
        "status",
        "same_mykad",
    ]
    list_filter = [
        "post__advertisement",
        PostFilter,
        OutcomeFilter,
        FailedRuleFilter,
        "status",
        "state",
        "highest_qualification",
        SharedMyKadFilter,
    ]
    search_fields = ["reference", "full_name", "mykad"]
    list_select_related = ["post__advertisement"]
    list_per_page = 50
    date_hierarchy = "submitted_at"
    view_on_site = False  # the candidate's page is the candidate's; HR reads everything here

    class Media:
        css = {"all": ["backoffice/changelist.css"]}

    actions = ["screen", "override", "shortlist", "download_pdf", "export_csv"]
    fieldsets = [
        (None, {"fields": ["reference", "post_label", "status", "submitted_at", "amendments", "withdrawn_at"]}),
        (_("Screening"), {"fields": ["outcome_summary", "screening_table", "override_history"]}),
        (_("Passport photo and documents"), {"fields": ["photo", "document_links"]}),
        (_("The BORANG as submitted"), {"fields": ["submitted_data", "declaration_at", "pdpa_consent_at"]}),
    ]
    readonly_fields = [
        "reference",
        "post_label",
        "status",
        "submitted_at",
        "amendments",
        "withdrawn_at",
        "outcome_summary",
        "screening_table",
        "override_history",
        "photo",
        "document_links",
        "submitted_data",
        "declaration_at",
        "pdpa_consent_at",
    ]

    @admin.display(description=_("amendments"))
    def amendments(self, obj):
        """The BORANG below is the latest version; say so when the candidate changed it after submitting."""
        if not obj.amended_at:
            return _("Not amended since it was submitted.")
        note = _("Changed by the candidate: this is version %(number)s, submitted on %(date)s.") % {
            "number": obj.versions.count(),
            "date": date_format(timezone.localtime(obj.amended_at), "j F Y, H:i"),
        }
        if obj.screening_results.filter(is_current=True, run__started_at__lt=obj.amended_at).exists():
            note += " " + str(_("It was screened before this change: screen it again to read the latest version."))
        return note

    def get_queryset(self, request):
        return with_screening(super().get_queryset(request).submitted()).annotate(mykad_shared=shared_mykad())

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

    @admin.display(description=_("rules failed"))
    def failed_rules(self, obj):
        names = [RULE_NAMES.get(rule, rule) for rule in (obj.screening_failing or "").strip("|").split("|") if rule]
        review = [RULE_NAMES.get(rule, rule) for rule in (obj.screening_review or "").strip("|").split("|") if rule]
        if not names and not review:
            return "—"
        return format_html_join(
            "",
            "<div>{}{}</div>",
            [(name, "") for name in names]
            + [(name, format_html(" <small>({})</small>", _("to review"))) for name in review],
        )

    @admin.display(description=_("post"))
    def post_label(self, obj):
        return obj.post.label

    @admin.display(description=_("outcome"))
    def outcome_summary(self, obj):
        """What stands: HR's latest decision on top, the rules' outcome beside it."""
        override = obj.overrides.select_related("decided_by").first()
        result = obj.screening_results.current().first()
        rules_text = result.get_outcome_display() if result else _("Not screened yet.")
        if override is None:
            return format_html("<strong>{}</strong> <small>({})</small>", rules_text, _("by the rules"))
        return format_html(
            "<strong>{}</strong> <small>({}: {}, {})</small><br><small>{}: {}</small>",
            override.get_outcome_display(),
            _("HR decision"),
            override.decided_by,
            override.reason,
            _("The rules' outcome"),
            rules_text,
        )

    @admin.display(description=_("passport photo"))
    def photo(self, obj):
        photo = next((d for d in obj.documents.all() if d.kind == Document.Kind.PHOTO), None)
        if photo is None:
            return _("None")
        return format_html(
            '<img src="{}?inline=1" alt="{}" width="140" style="border:1px solid #ccc">',
            photo.get_absolute_url(),
            _("Passport photo of %(name)s") % {"name": obj.full_name},
        )

    @admin.display(description=_("same MyKad, another account"), ordering="-mykad_shared")
    def same_mykad(self, obj):
        """Flagged only where it matters: a blank cell is the usual case."""
        if not obj.mykad_shared:
            return ""
        return format_html('<strong style="color:#b00020">⚠ {}</strong>', _("Yes"))

    @admin.display(description=_("points"), ordering="screening_points")
    def points(self, obj):
        return obj.screening_points if obj.screening_points is not None else "—"

    @admin.display(description=_("screening (current result)"))
    def screening_table(self, obj):
        result = obj.screening_results.current().select_related("run__started_by").first()
        if result is None:
            return _("Not screened yet.")
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (RULE_NAMES.get(rule, rule), Outcome(outcome).label, reason)
                for rule, outcome, reason in result.reasons()
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
        """Each document by kind and name, to preview in a new tab (images and PDFs) or download."""
        rows = [
            (
                document.get_kind_display(),
                document.original_name,
                document.content_type_label,
                filesizeformat(document.size),
                f"{document.get_absolute_url()}?inline=1",
                _("Preview"),
                document.get_absolute_url(),
                _("Download"),
            )
            for document in sorted(obj.documents.all(), key=lambda d: (Document.Kind.values.index(d.kind), d.pk))
        ]
        if not rows:
            return _("None")
        return format_html(
            "<table><tbody>{}</tbody></table>",
            format_html_join(
                "",
                '<tr><th scope="row">{}</th><td>{} <small>({}, {})</small></td>'
                '<td><a href="{}" target="_blank" rel="noopener">{}</a></td><td><a href="{}">{}</a></td></tr>',
                rows,
            ),
        )

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
        return action_confirmation(
            self,
            request,
            template="admin/screening/override.html",
            title=_("Override eligibility"),
            form=form,
            selected=list(queryset),
            action="override",
            submit_label=_("Record the override"),
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
        """Eligible applications go straight on; any other needs HR's decision and reason first, on this page."""
        applications = list(queryset.select_related("post__advertisement"))
        needing = [application for application in applications if application.effective_outcome != Outcome.PASS]
        form = ShortlistDecisionForm(request.POST if "apply" in request.POST else None)
        if needing and not form.is_valid():
            return action_confirmation(
                self,
                request,
                template="admin/screening/shortlist_decision.html",
                title=_("Shortlist candidates who are not eligible under the rules"),
                form=form,
                selected=applications,
                action="shortlist",
                submit_label=_("Record the decision and shortlist"),
                needing=[
                    (application, self.outcome(application), self.failed_rules(application)) for application in needing
                ],
            )
        reason = form.cleaned_data["reason"] if needing else ""
        added = 0
        shortlists = {}
        for application in applications:
            if application.post_id not in shortlists:
                shortlists[application.post_id] = screening.shortlist_for(application.post)
            screening.shortlist_add(
                shortlist=shortlists[application.post_id],
                application=application,
                added_by=request.user,
                decision_reason=reason,
            )
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
