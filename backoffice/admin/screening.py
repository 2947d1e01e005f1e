from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from interviews import services as interview_services
from interviews.services import publication_slots
from myipo_recruit.dates import local_datetime, local_datetime_short
from screening import services
from screening.models import (
    ExportJob,
    InterviewChange,
    Outcome,
    Override,
    ScreeningResult,
    ScreeningRun,
    Shortlist,
    ShortlistEntry,
)
from screening.rules import RULE_NAMES
from screening.selectors import publication_summary

from ..actions import action_confirmation
from ..forms import RemovalForm, ShortlistInterviewForm
from ..readonly import ReadOnlyAdminMixin


@admin.register(ScreeningRun)
class ScreeningRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "started_at",
        "scope",
        "status",
        "progress",
        "application_count",
        "finished_at",
        "rules_version",
        "started_by",
    ]
    list_filter = ["status"]
    list_select_related = ["started_by"]
    readonly_fields = ["progress"]

    @admin.display(description=_("progress"))
    def progress(self, obj):
        """How far a running run is, as its worker writes it: a refresh of the page shows it advance."""
        if obj.status != ScreeningRun.Status.RUNNING:
            return "—"
        return _("%(done)s of %(total)s screened") % {"done": obj.progress_done, "total": obj.progress_total}


@admin.register(Override)
class OverrideAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["application", "outcome", "reason", "decided_by", "decided_at"]
    list_select_related = ["application", "decided_by"]
    search_fields = ["application__reference", "application__full_name"]


class ShortlistEntryInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ShortlistEntry
    fields = [
        "application",
        "points",
        "note",
        "added_by",
        "added_at",
        "invited_at",
        "removed_by",
        "removed_at",
        "removal_reason",
    ]
    readonly_fields = fields
    extra = 0
    ordering = ["removed_at", "-points", "application__submitted_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("application", "added_by", "removed_by")


class InterviewChangeInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = InterviewChange
    fields = ["changed_at", "changed_by", "previous", "new", "told"]
    readonly_fields = fields
    extra = 0

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("changed_by")
            .annotate(
                notices_total=Count("notices"), notices_sent=Count("notices", filter=Q(notices__sent_at__isnull=False))
            )
        )

    @admin.display(description=_("previous details"))
    def previous(self, obj):
        return f"{local_datetime(obj.old_interview_at) or '—'} · {obj.old_venue or '—'}"

    @admin.display(description=_("new details"))
    def new(self, obj):
        return f"{local_datetime(obj.new_interview_at) or '—'} · {obj.new_venue or '—'}"

    @admin.display(description=_("e-mails sent"))
    def told(self, obj):
        return f"{obj.notices_sent} / {obj.notices_total}"


@admin.register(Shortlist)
class ShortlistAdmin(admin.ModelAdmin):
    list_display = ["post", "interview_when", "interview_venue", "published_when"]
    list_select_related = ["post__advertisement", "post__grade"]
    list_filter = ["post__advertisement"]
    fields = [
        "post",
        "interview_at",
        "interview_venue",
        "published_at",
        "published_by",
        "last_published_at",
        "last_published_by",
    ]
    readonly_fields = ["post", "published_at", "published_by", "last_published_at", "last_published_by"]
    form = ShortlistInterviewForm
    inlines = [ShortlistEntryInline, InterviewChangeInline]
    actions = ["export_pdf", "export_in_background", "export_panel_pack", "publish"]

    def save_model(self, request, obj, form, change):
        """The interview details go through the service: after publication the invited are told of a change."""
        try:
            interview_change = services.shortlist_interview_change(
                shortlist=obj,
                interview_at=form.cleaned_data.get("interview_at"),
                interview_venue=form.cleaned_data.get("interview_venue", ""),
                changed_by=request.user,
            )
        except services.ScreeningError as error:  # only when someone else changed it meanwhile
            self.message_user(request, error.messages[0], messages.ERROR)
            return
        if interview_change is not None:
            self.message_user(
                request,
                _("The interview details changed: %(count)s invited candidate(s) will be e-mailed the new details.")
                % {"count": interview_change.notices.count()},
                messages.WARNING,
            )
        obj.refresh_from_db()

    def has_add_permission(self, request):
        return False  # a shortlist is built from a post's applications

    @admin.display(description=_("interview date and time"), ordering="interview_at")
    def interview_when(self, obj):
        return local_datetime(obj.interview_at) or "—"

    @admin.display(description=_("outcome published at"), ordering="published_at")
    def published_when(self, obj):
        return local_datetime_short(obj.published_at) or "—"

    @admin.action(description=_("Download the shortlist as PDF"), permissions=["view"])
    def export_pdf(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Choose one shortlist to download."), messages.WARNING)
            return None
        filename, content_type, content = services.shortlist_pdf(shortlist=queryset.get(), generated_by=request.user)
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    @admin.action(description=_("Prepare the shortlist PDF in the background (large lists)"), permissions=["view"])
    def export_in_background(self, request, queryset):
        for shortlist in queryset:
            services.export_request(shortlist=shortlist, requested_by=request.user)
        self.message_user(
            request,
            format_html(
                '{} <a href="{}">{}</a>',
                _("The PDF is being prepared."),
                reverse("admin:screening_exportjob_changelist"),
                _("See the exports"),
            ),
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Prepare the panel pack: every shortlisted BORANG in one PDF (in the background)"),
        permissions=["view"],
    )
    def export_panel_pack(self, request, queryset):
        for shortlist in queryset:
            services.export_request(shortlist=shortlist, requested_by=request.user, kind=ExportJob.Kind.PANEL_PACK)
        self.message_user(
            request,
            format_html(
                '{} <a href="{}">{}</a>',
                _("The panel pack is being prepared; its progress shows in the list of exports."),
                reverse("admin:screening_exportjob_changelist"),
                _("See the exports"),
            ),
            messages.SUCCESS,
        )

    @admin.action(description=_("Publish the outcome and invite the shortlisted"), permissions=["change"])
    def publish(self, request, queryset):
        """A confirmation page first: who is invited, who is told nothing, the interview; then publish."""
        shortlists = list(queryset.select_related("post__advertisement"))
        if "apply" in request.POST:
            for shortlist in shortlists:
                try:
                    if interview_services.has_sessions(shortlist):  # each invitation gives the candidate's slot
                        invited = interview_services.shortlist_publish(
                            shortlist=shortlist,
                            published_by=request.user,
                            base_url=request.build_absolute_uri("/").rstrip("/"),
                        )
                    else:
                        invited = services.shortlist_publish(shortlist=shortlist, published_by=request.user)
                except (services.ScreeningError, interview_services.InterviewError) as error:
                    self.message_user(request, f"{shortlist}: {error.messages[0]}", messages.ERROR)
                else:
                    self.message_user(
                        request,
                        format_html(
                            '{} <a href="{}">{}</a>',
                            _("%(shortlist)s: outcome published; %(count)s new invitation(s) to be sent by e-mail.")
                            % {"shortlist": shortlist, "count": invited},
                            reverse("admin:outbox_email_changelist"),
                            _("See the e-mails"),
                        ),
                        messages.SUCCESS,
                    )
            return None
        summaries = [publication_slots(shortlist, publication_summary) for shortlist in shortlists]
        return TemplateResponse(
            request,
            "admin/screening/publish.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Publish the outcome"),
                "summaries": summaries,
                "refused": any(not summary.allowed or summary.slot_refusals for summary in summaries),
                "queryset": queryset,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


@admin.register(ShortlistEntry)
class ShortlistEntryAdmin(admin.ModelAdmin):
    list_display = ["application", "shortlist", "points", "note", "added_by", "added_at", "invited_at", "removed_at"]
    list_filter = ["shortlist", ("removed_at", admin.EmptyFieldListFilter)]
    list_select_related = ["application", "shortlist__post", "added_by"]
    search_fields = ["application__reference", "application__full_name"]
    fields = [
        "shortlist",
        "application",
        "points",
        "note",
        "added_by",
        "added_at",
        "invited_at",
        "invitation_sent_at",
        "removed_by",
        "removed_at",
        "removal_reason",
        "withdrawal_sent_at",
    ]
    readonly_fields = [field for field in fields if field != "note"]
    actions = ["remove"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Remove from the shortlist"), permissions=["change"])
    def remove(self, request, queryset):
        """Asks for the reason first; the invited among them are told the invitation is withdrawn."""
        entries = list(
            queryset.filter(removed_at__isnull=True).select_related("application", "shortlist__post").order_by("pk")
        )
        if not entries:
            self.message_user(request, _("The selected candidates are no longer on the shortlist."), messages.WARNING)
            return None
        form = RemovalForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            for entry in entries:
                # Through interviews: a candidate's interview slot is freed with the removal.
                interview_services.shortlist_entry_remove(
                    entry=entry, removed_by=request.user, reason=form.cleaned_data["reason"]
                )
            withdrawn = sum(1 for entry in entries if entry.invited_at)
            self.message_user(
                request,
                _("%(count)s removed from the shortlist; %(withdrawn)s invited candidate(s) will be told by e-mail.")
                % {"count": len(entries), "withdrawn": withdrawn},
                messages.SUCCESS,
            )
            return None
        return action_confirmation(
            self,
            request,
            template="admin/screening/remove.html",
            title=_("Remove from the shortlist"),
            form=form,
            selected=entries,
            action="remove",
            submit_label=_("Remove from the shortlist"),
        )


@admin.register(ExportJob)
class ExportJobAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["shortlist", "kind", "status", "progress", "error", "requested_by", "requested_at", "download"]
    list_filter = ["status", "kind"]
    list_select_related = ["shortlist__post", "requested_by"]

    def get_urls(self):
        return [
            path(
                "<int:pk>/download/",
                self.admin_site.admin_view(self.download_view),
                name="screening_exportjob_download",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("progress"))
    def progress(self, obj):
        if obj.status == ExportJob.Status.PENDING and obj.progress_total > 1:
            return _("%(done)s of %(total)s") % {"done": obj.progress_done, "total": obj.progress_total}
        return obj.get_status_display()

    @admin.display(description=_("file"))
    def download(self, obj):
        if obj.status != ExportJob.Status.DONE:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:screening_exportjob_download", args=[obj.pk]), _("Download")
        )

    def download_view(self, request, pk):
        if not request.user.has_perm("screening.view_exportjob"):
            raise PermissionDenied
        job = get_object_or_404(ExportJob, pk=pk, status=ExportJob.Status.DONE)
        return FileResponse(
            services.export_open(job=job, opened_by=request.user),
            as_attachment=True,
            filename=job.file.name.rsplit("/", 1)[-1],
            content_type="application/pdf",
        )


@admin.register(ScreeningResult)
class ScreeningResultAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["application", "outcome", "points", "is_current", "run"]
    list_filter = ["outcome", "is_current"]
    list_select_related = ["application", "run"]
    search_fields = ["application__reference"]
    exclude = ["rules"]  # stored as message ids: shown read below, in the page's language
    readonly_fields = ["reasons"]

    @admin.display(description=_("rules"))
    def reasons(self, obj):
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            ((RULE_NAMES.get(rule, rule), Outcome(outcome).label, reason) for rule, outcome, reason in obj.reasons()),
        )
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>",
            _("Rule"),
            _("Result"),
            _("Reason"),
            rows,
        )
