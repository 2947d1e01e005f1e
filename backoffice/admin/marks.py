"""HR's admin for the interviews' marking: schemes, marking sheets, attendance and the ranked selection."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from interviews import services
from interviews.models import Criterion, MarkingScheme, MarkSheet, Selection, Slot
from interviews.results import ranking_table

from ..readonly import ReadOnlyAdminMixin


class CriteriaFormSet(forms.BaseInlineFormSet):
    """The weights of the criteria kept must total 100."""

    def clean(self):
        super().clean()
        weights = [
            form.cleaned_data.get("weight") or 0
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        try:
            services.scheme_check_weights(weights)
        except ValidationError as error:
            raise ValidationError(error.messages[0], code=error.code) from error


class CriterionInline(admin.TabularInline):
    model = Criterion
    formset = CriteriaFormSet
    fields = ["position", "name_ms", "name_en", "weight", "max_mark"]
    extra = 0

    def locked(self, obj) -> bool:
        return obj is not None and (obj.is_fixed or services.scheme_has_marks(obj))

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not self.locked(obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self.locked(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self.locked(obj)


class CopyFromForm(forms.Form):
    source = forms.ModelChoiceField(
        label=_("Copy the criteria of the marking scheme of"),
        queryset=MarkingScheme.objects.none(),
        error_messages={"required": _("Choose the post whose marking scheme to copy.")},
    )

    def __init__(self, *args, scheme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = (
            MarkingScheme.objects.exclude(pk=scheme.pk).filter(criteria__isnull=False).distinct().select_related("post")
        )


@admin.register(MarkingScheme)
class MarkingSchemeAdmin(admin.ModelAdmin):
    list_display = ["post", "criteria_summary", "fixed_at", "fixed_by"]
    list_select_related = ["post__advertisement", "fixed_by"]
    list_filter = ["post__advertisement"]
    search_fields = ["post__title_ms"]
    autocomplete_fields = []
    fields = ["post", "fixed_at", "fixed_by", "state"]
    readonly_fields = ["fixed_at", "fixed_by", "state"]
    inlines = [CriterionInline]
    actions = ["copy_template", "copy_from", "fix"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("criteria")

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "post"] if obj is not None else self.readonly_fields

    @admin.display(description=_("criteria"))
    def criteria_summary(self, obj):
        return "; ".join(f"{c.name_ms} ({c.weight}%, /{c.max_mark})" for c in obj.criteria.all()) or "—"

    @admin.display(description=_("state"))
    def state(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        if obj.is_fixed:
            return _("Fixed: it can no longer change.")
        if services.scheme_has_marks(obj):
            return _("Marks recorded: it can no longer change.")
        return _("Draft: HR fixes it before the first interview (action “Fix the marking scheme”).")

    def save_model(self, request, obj, form, change):
        if change:
            services.scheme_check_editable(obj)
        super().save_model(request, obj, form, change)

    def has_fix_permission(self, request):
        return request.user.has_perm("interviews.change_markingscheme")

    has_copy_permission = has_fix_permission

    def report(self, request, done, error: ValidationError | None = None):
        if error is not None:
            self.message_user(request, error.messages[0], messages.ERROR)
        else:
            self.message_user(request, done, messages.SUCCESS)

    @admin.action(description=_("Copy the template's four criteria"), permissions=["copy"])
    def copy_template(self, request, queryset):
        for scheme in queryset:
            try:
                services.scheme_copy_template(scheme=scheme, copied_by=request.user)
            except ValidationError as error:
                return self.report(request, "", error)
        self.report(request, _("The template's criteria were copied. Check the weights, then fix the scheme."))
        return None

    @admin.action(description=_("Copy the criteria of another post's scheme"), permissions=["copy"])
    def copy_from(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Choose one marking scheme to copy into."), messages.WARNING)
            return None
        scheme = queryset.get()
        form = CopyFromForm(request.POST if "apply" in request.POST else None, scheme=scheme)
        if form.is_valid():
            try:
                services.scheme_copy_from(scheme=scheme, source=form.cleaned_data["source"], copied_by=request.user)
            except ValidationError as error:
                return self.report(request, "", error)
            return self.report(request, _("The criteria were copied. Check the weights, then fix the scheme."))
        return TemplateResponse(
            request,
            "admin/interviews/copy_scheme.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Copy another post's marking scheme"),
                "form": form,
                "scheme": scheme,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(description=_("Fix the marking scheme (it can no longer change)"), permissions=["fix"])
    def fix(self, request, queryset):
        fixed = 0
        for scheme in queryset:
            try:
                services.scheme_fix(scheme=scheme, fixed_by=request.user)
            except ValidationError as error:
                self.message_user(request, f"{scheme}: {error.messages[0]}", messages.ERROR)
            else:
                fixed += 1
        if fixed:
            self.message_user(request, _("%(count)s marking scheme(s) fixed.") % {"count": fixed}, messages.SUCCESS)


@admin.register(MarkSheet)
class MarkSheetAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Sheets are read here; HR keys in or changes a sheet from the session's page of attendance and marks."""

    list_display = ["candidate", "member", "submitted_at", "keyed_by", "updated_at", "open"]
    list_select_related = ["slot__entry__application", "member", "keyed_by"]
    list_filter = ["slot__session__shortlist__post__advertisement", "submitted_at"]
    search_fields = ["slot__entry__application__reference", "slot__entry__application__full_name"]

    @admin.display(description=_("candidate"), ordering="slot__entry__application__full_name")
    def candidate(self, obj):
        return f"{obj.slot.entry.application.full_name} ({obj.slot.entry.application.reference})"

    @admin.display(description=_("sheet"))
    def open(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:interviews_sheet_hr", args=[obj.slot_id, obj.member_id]),
            _("Change (with a reason)") if obj.is_locked else _("Key in"),
        )


# Attendance: two admin actions for the slot list of the sessions' admin, and a page per session.


@admin.action(description=_("Record as attended"), permissions=["change"])
def mark_attended(modeladmin, request, queryset):
    attendance_action(modeladmin, request, queryset, Slot.Attendance.ATTENDED)


@admin.action(description=_("Record as did not attend"), permissions=["change"])
def mark_absent(modeladmin, request, queryset):
    attendance_action(modeladmin, request, queryset, Slot.Attendance.ABSENT)


def attendance_action(modeladmin, request, queryset, attendance: str) -> None:
    try:
        count = services.attendance_record(slots=list(queryset), attendance=attendance, recorded_by=request.user)
    except ValidationError as error:
        modeladmin.message_user(request, error.messages[0], messages.ERROR)
    else:
        modeladmin.message_user(
            request, _("Attendance recorded for %(count)s candidate(s).") % {"count": count}, messages.SUCCESS
        )


@admin.register(Selection)
class SelectionAdmin(admin.ModelAdmin):
    list_display = ["post", "vacancies", "reserve_size", "disagreement_points", "proposed_at", "ranking_link"]
    list_select_related = ["post__advertisement", "proposed_by"]
    list_filter = ["post__advertisement"]
    # The names printed on the selection paper's prepared / checked / approved lines.
    signatories = ["prepared_by", "checked_by", "approved_by"]
    fields = [
        "post",
        "vacancies",
        "reserve_size",
        "disagreement_points",
        *signatories,
        "proposed_at",
        "proposed_by",
        "ranking_link",
    ]
    readonly_fields = ["proposed_at", "proposed_by", "ranking_link"]

    def get_readonly_fields(self, request, obj=None):
        """The post never changes; after the meeting's decision nothing does but the paper's signatories (more
        vacancies would let HR offer the post down the reserve list beyond what the meeting approved)."""
        if obj is not None and obj.decision:
            return [name for name in self.fields if name not in self.signatories]
        return [*self.readonly_fields, "post"] if obj is not None else self.readonly_fields

    def get_urls(self):
        return [
            path(
                "<int:selection_id>/ranking/",
                self.admin_site.admin_view(self.ranking_view),
                name="interviews_selection_ranking",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("ranked results"))
    def ranking_link(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:interviews_selection_ranking", args=[obj.pk]), _("Ranked results")
        )

    def ranking_view(self, request, selection_id):
        """The ranked table and the proposal; POST writes the proposal (refused after the meeting's decision)."""
        selection = get_object_or_404(Selection.objects.select_related("post"), pk=selection_id)
        if not self.has_view_permission(request, selection):
            raise PermissionDenied
        if request.method == "POST" and self.has_change_permission(request, selection):
            try:
                services.ranking_propose(selection=selection, proposed_by=request.user)
            except ValidationError as error:
                self.message_user(request, error.messages[0], messages.ERROR)
            else:
                self.message_user(request, _("The proposal was written."), messages.SUCCESS)
            return redirect(request.path)
        table = ranking_table(selection=selection)
        stored = {entry.slot_id: entry for entry in selection.entries.all()}
        for row in table.ranked:
            row.extra["stored"] = stored.get(row.key)
        return TemplateResponse(
            request,
            "admin/interviews/ranking.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Ranked results: %(post)s") % {"post": selection.post},
                "selection": selection,
                "table": table,
                "opts": self.model._meta,
                "can_propose": self.has_change_permission(request, selection) and not selection.decision,
            },
        )
