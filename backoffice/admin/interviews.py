"""HR's interview sessions and slots: plan sessions with their panel, assign slots, follow the answers, move
candidates. Every change goes through interviews.services (audited, candidates e-mailed)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from interviews import services
from interviews.models import PanelMember, Session, Slot, SlotChange
from interviews.selectors import sessions_with_counts
from myipo_recruit.dates import local_datetime, local_datetime_short, local_time
from screening.models import REASON_MIN_LENGTH, Shortlist

from ..readonly import ReadOnlyAdminMixin
from .marks import mark_absent, mark_attended


def base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


class PanelMemberForm(forms.ModelForm):
    class Meta:
        model = PanelMember
        fields = ["member", "is_chair"]

    def clean_member(self):
        member = self.cleaned_data["member"]
        services.panel_member_check(member)
        return member


class PanelMemberInline(admin.TabularInline):
    model = PanelMember
    form = PanelMemberForm
    extra = 2  # a panel sits two or three
    verbose_name_plural = _("panel")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "member":
            kwargs["queryset"] = (
                get_user_model()
                .objects.filter(is_active=True, is_staff=True, groups__name__in=services.PANEL_ROLES)
                .distinct()
                .order_by("full_name")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class SessionForm(forms.ModelForm):
    """Checks the times as the service will (slots already given stay valid), so HR sees why on the form."""

    video_link = forms.URLField(
        label=Session._meta.get_field("video_link").verbose_name, max_length=500, required=False, assume_scheme="https"
    )

    class Meta:
        model = Session
        fields = [*services.SESSION_FIELDS, "shortlist"]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        session = self.instance
        for name in services.SESSION_FIELDS:
            setattr(session, name, data.get(name))
        try:
            if session.pk is None and session.shortlist_id and session.shortlist.post.advertisement.is_open():
                raise services.SlotError("shortlist_not_ready", shortlist=session.shortlist)
            services.session_times_check(session)
            if session.pk:
                services.session_slots_check(session)
        except services.SlotError as error:
            raise ValidationError(error.messages[0], code=error.code) from error
        return data


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    form = SessionForm
    inlines = [PanelMemberInline]
    list_display = [
        "post",
        "when",
        "place",
        "slot_total",
        "confirmed",
        "asked_to_change",
        "no_answer",
        "attendance_and_marks",
    ]
    list_select_related = ["shortlist__post__advertisement"]
    list_filter = ["shortlist__post__advertisement"]
    actions = ["assign_slots"]
    fieldsets = [
        (None, {"fields": ["shortlist", "starts_at", "ends_by", "venue", "video_link", "notes", "respond_by"]}),
        (_("Slots"), {"fields": ["slot_minutes", "gap_minutes", "break_every", "break_minutes"]}),
    ]

    def get_queryset(self, request):
        return sessions_with_counts(super().get_queryset(request))

    def get_readonly_fields(self, request, obj=None):
        return ["shortlist"] if obj else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "shortlist":
            kwargs["queryset"] = Shortlist.objects.filter(
                post__advertisement__closes_on__lt=timezone.localdate()
            ).select_related("post")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data.get(name) for name in services.SESSION_FIELDS}
        if change:
            services.session_update(session=obj, data=data, updated_by=request.user)
        else:
            created = services.session_create(shortlist=obj.shortlist, data=data, created_by=request.user)
            obj.pk = created.pk
            obj.created_by, obj.created_at = created.created_by, created.created_at

    def save_formset(self, request, form, formset, change):
        """The panel goes through the service (checked and audited) rather than straight to the table."""
        if formset.model is not PanelMember:
            return super().save_formset(request, form, formset, change)
        members = [
            (panel_form.cleaned_data["member"], panel_form.cleaned_data.get("is_chair", False))
            for panel_form in formset.forms
            if panel_form.cleaned_data.get("member") and not panel_form.cleaned_data.get("DELETE")
        ]
        services.session_panel_set(session=form.instance, members=members, changed_by=request.user)
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []  # for the admin's log

    @admin.display(description=_("post"), ordering="shortlist__post")
    def post(self, obj):
        return obj.shortlist.post

    @admin.display(description=_("first interview at"), ordering="starts_at")
    def when(self, obj):
        return local_datetime_short(obj.starts_at)

    @admin.display(description=_("venue"))
    def place(self, obj):
        return obj.venue or obj.video_link

    @admin.display(description=_("attendance, marks and sheets"))
    def attendance_and_marks(self, obj):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:interviews_session_attendance", args=[obj.pk]),
            _("Attendance and marks"),
            reverse("admin:interviews_session_marking_sheets", args=[obj.pk]),
            _("Marking sheets (PDF)"),
        )

    def slots_link(self, obj, count, **filters):
        query = "&".join([f"session__id__exact={obj.pk}", *(f"{key}={value}" for key, value in filters.items())])
        return format_html('<a href="{}?{}">{}</a>', reverse("admin:interviews_slot_changelist"), query, count)

    @admin.display(description=_("slots"), ordering="slot_count")
    def slot_total(self, obj):
        return self.slots_link(obj, obj.slot_count)

    @admin.display(description=_("confirmed"))
    def confirmed(self, obj):
        return self.slots_link(obj, obj.confirmed_count, response__exact=Slot.Response.CONFIRMED)

    @admin.display(description=_("asked to change"))
    def asked_to_change(self, obj):
        return self.slots_link(obj, obj.change_count, response__exact=Slot.Response.CHANGE)

    @admin.display(description=_("no answer"))
    def no_answer(self, obj):
        return self.slots_link(obj, obj.pending_count, response__exact=Slot.Response.PENDING)

    @admin.action(description=_("Assign slots to the shortlisted candidates without one"), permissions=["change"])
    def assign_slots(self, request, queryset):
        """A confirmation page first: how many get a slot, in which session, and who does not fit."""
        sessions = list(queryset.select_related("shortlist__post"))
        try:
            placed, not_fitting = services.slots_preview(sessions=sessions)
        except services.SlotError as error:
            self.message_user(request, error.messages[0], messages.ERROR)
            return None
        if "apply" in request.POST:
            slots, not_fitting = services.slots_assign(
                sessions=sessions, assigned_by=request.user, base_url=base_url(request)
            )
            self.message_user(
                request,
                _(
                    "%(count)s slot(s) given; %(left)s candidate(s) do not fit. Invited candidates are e-mailed "
                    "their slot."
                )
                % {"count": len(slots), "left": len(not_fitting)},
                messages.WARNING if not_fitting else messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "admin/interviews/assign_slots.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Assign interview slots"),
                "placed": placed,
                "not_fitting": not_fitting,
                "sessions": sessions,
                "queryset": queryset,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


class SlotChangeInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = SlotChange
    fields = ["changed_at", "changed_by", "previous", "new", "reason"]
    readonly_fields = fields
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by", "old_session", "new_session")

    @admin.display(description=_("previous time"))
    def previous(self, obj):
        return local_datetime(obj.old_starts_at)

    @admin.display(description=_("new time"))
    def new(self, obj):
        return local_datetime(obj.new_starts_at)


class SlotMoveForm(forms.Form):
    session = forms.ModelChoiceField(label=_("Session"), queryset=Session.objects.none())
    starts_at = forms.SplitDateTimeField(
        label=_("New time (Malaysia)"),
        widget=forms.SplitDateTimeWidget(date_attrs={"type": "date"}, time_attrs={"type": "time"}),
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        min_length=REASON_MIN_LENGTH,
        max_length=500,
        help_text=_("Kept with your name; the candidate is e-mailed the new slot."),
    )

    def __init__(self, *args, slot: Slot, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = Session.objects.filter(shortlist_id=slot.session.shortlist_id)


class SessionFilter(admin.SimpleListFilter):
    """By session, its name read with its post in one query (the default filter reads each post apart)."""

    title = _("session")
    parameter_name = "session__id__exact"

    def lookups(self, request, model_admin):
        sessions = Session.objects.select_related("shortlist__post__advertisement")
        return [(session.pk, str(session)) for session in sessions]

    def queryset(self, request, queryset):
        return queryset.filter(session_id=self.value()) if self.value() else queryset


@admin.register(Slot)
class SlotAdmin(admin.ModelAdmin):
    list_display = ["candidate", "reference", "time", "session_place", "answer", "responded_at", "attendance", "move"]
    list_filter = ["response", "attendance", SessionFilter]
    actions = [mark_attended, mark_absent]
    list_select_related = ["entry__application", "session"]
    search_fields = ["entry__application__reference", "entry__application__full_name"]
    inlines = [SlotChangeInline]
    fields = [
        "session",
        "entry",
        "starts_at",
        "ends_at",
        "response",
        "response_reason",
        "responded_at",
        "attendance",
        "assigned_by",
        "assigned_at",
        "invitation_sent_at",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).filter(entry__removed_at__isnull=True)

    def has_add_permission(self, request):
        return False  # slots are assigned from the sessions

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path("<int:pk>/move/", self.admin_site.admin_view(self.move_view), name="interviews_slot_move"),
            *super().get_urls(),
        ]

    @admin.display(description=_("candidate"), ordering="entry__application__full_name")
    def candidate(self, obj):
        return obj.entry.application.full_name

    @admin.display(description=_("reference"), ordering="entry__application__reference")
    def reference(self, obj):
        return obj.entry.application.reference

    @admin.display(description=_("starts at"), ordering="starts_at")
    def time(self, obj):
        return f"{local_datetime_short(obj.starts_at)} – {local_time(obj.ends_at)}"

    @admin.display(description=_("session"))
    def session_place(self, obj):
        return obj.session.venue or obj.session.video_link

    @admin.display(description=_("answer"), ordering="response")
    def answer(self, obj):
        if obj.response_reason:
            return format_html("{}: <q>{}</q>", obj.get_response_display(), obj.response_reason)
        return obj.get_response_display()

    @admin.display(description=_("move"))
    def move(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("admin:interviews_slot_move", args=[obj.pk]), _("Move"))

    def move_view(self, request, pk):
        if not request.user.has_perm("interviews.change_slot"):
            raise PermissionDenied
        slot = get_object_or_404(
            Slot.objects.select_related("entry__application", "session__shortlist__post"),
            pk=pk,
            entry__removed_at__isnull=True,
        )
        form = SlotMoveForm(
            request.POST or None,
            slot=slot,
            initial={"session": slot.session, "starts_at": timezone.localtime(slot.starts_at)},
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.slot_move(
                    slot=slot,
                    session=form.cleaned_data["session"],
                    starts_at=form.cleaned_data["starts_at"],
                    reason=form.cleaned_data["reason"],
                    moved_by=request.user,
                    base_url=base_url(request),
                )
            except services.SlotError as error:
                form.add_error("reason" if error.code == "move_reason" else None, error)
            else:
                self.message_user(
                    request,
                    _("%(name)s moved to %(time)s; the candidate will be e-mailed the new slot.")
                    % {
                        "name": slot.entry.application.full_name,
                        "time": local_datetime(form.cleaned_data["starts_at"]),
                    },
                    messages.SUCCESS,
                )
                return redirect(f"{reverse('admin:interviews_slot_changelist')}?session__id__exact={slot.session_id}")
        return TemplateResponse(
            request,
            "admin/interviews/move.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Move an interview slot"),
                "slot": slot,
                "form": form,
                "opts": self.model._meta,
            },
        )
