import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from applications.constants import FieldOfStudy, FieldOfWork
from applications.models import Application
from interviews.reports import later_stages_csv, later_stages_report
from screening.models import ScreeningRun
from screening.reports import campaign_report
from screening.services import advertisement_screening_queue, campaign_report_csv, screening_run, shortlist_build
from vacancies.models import Advertisement, AdvertisementLine, Division, Grade, HrJudged, Post, PostLine
from vacancies.services import advertisement_readvertise

from ..charts import daily_chart
from ..forms import ReadvertiseForm


@admin.register(Grade)
class GradeAdmin(admin.ModelAdmin):
    list_display = ["code", "service_group", "salary_min", "salary_max"]


@admin.register(Division)
class DivisionAdmin(admin.ModelAdmin):
    list_display = ["name_ms", "name_en"]
    search_fields = ["name_ms", "name_en"]


class AdvertisementLineInline(admin.TabularInline):
    model = AdvertisementLine
    extra = 0


class PostInline(admin.TabularInline):
    model = Post
    fields = ["number", "title_ms", "grade", "division"]
    show_change_link = True
    extra = 0


@admin.register(Advertisement)
class AdvertisementAdmin(admin.ModelAdmin):
    list_display = ["__str__", "title_ms", "opens_at", "closes_on", "retention_months", "report_link"]
    list_filter = ["closes_on"]
    search_fields = ["title_ms", "title_en"]
    list_select_related = ["readvertised_from"]
    inlines = [AdvertisementLineInline, PostInline]
    actions = ["readvertise", "screen"]

    def has_screen_permission(self, request):
        return request.user.has_perm("screening.add_screeningrun")

    def get_urls(self):
        return [
            path(
                "<int:pk>/report/", self.admin_site.admin_view(self.report_view), name="vacancies_advertisement_report"
            ),
            path(
                "<int:pk>/report.csv",
                self.admin_site.admin_view(self.report_csv_view),
                name="vacancies_advertisement_report_csv",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("report"))
    def report_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:vacancies_advertisement_report", args=[obj.pk]), _("Dashboard")
        )

    def report_allowed(self, request, pk):
        if not request.user.has_perm("applications.view_application"):
            raise PermissionDenied
        return get_object_or_404(Advertisement, pk=pk)

    def report_view(self, request, pk):
        advertisement = self.report_allowed(request, pk)
        report = campaign_report(advertisement)
        sections = [
            (_("Applications per post"), report["per_post"]),
            (_("Screening outcome"), report["outcomes"]),
            (_("Shortlisted per post"), report["shortlists"]),
            (_("By state"), report["states"]),
            (_("By age band on the closing date"), report["ages"]),
            (_("By sex"), report["sexes"]),
            (_("By highest qualification"), report["qualifications"]),
        ]
        charts = [
            (
                title,
                [
                    (label, count, round(100 * count / max(max((c for _l, c in rows), default=1), 1)))
                    for label, count in rows
                ],
            )
            for title, rows in sections
        ]
        return TemplateResponse(
            request,
            "admin/vacancies/report.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Dashboard: %(advertisement)s") % {"advertisement": advertisement},
                "advertisement": advertisement,
                "report": report,
                "later_stages": later_stages_report(advertisement),
                "charts": charts,
                "day_chart": daily_chart(
                    report["per_day"],
                    first=timezone.localdate(advertisement.opens_at),
                    last=min(advertisement.closes_on, timezone.localdate()),
                ),
                "opts": self.model._meta,
            },
        )

    def report_csv_view(self, request, pk):
        advertisement = self.report_allowed(request, pk)
        content = campaign_report_csv(advertisement=advertisement, exported_by=request.user)
        content += later_stages_csv(later_stages_report(advertisement)).encode("utf-8")
        response = HttpResponse(content, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="laporan-iklan-{advertisement.pk}.csv"'
        return response

    @admin.action(description=_("Screen every application of the advertisement"), permissions=["screen"])
    def screen(self, request, queryset):
        for advertisement in queryset:
            run = advertisement_screening_queue(advertisement=advertisement, run_by=request.user)
            run.refresh_from_db()  # without a broker the run is already done
            if run.status == ScreeningRun.Status.DONE:
                message = _("%(advertisement)s: %(count)s application(s) screened.") % {
                    "advertisement": advertisement,
                    "count": run.application_count,
                }
            else:
                message = format_html(
                    '{} <a href="{}">{}</a>',
                    _("%(advertisement)s: screening started in the background.") % {"advertisement": advertisement},
                    reverse("admin:screening_screeningrun_changelist"),
                    _("See the screening runs"),
                )
            self.message_user(request, message, messages.SUCCESS)

    @admin.action(description=_("Re-advertise under new dates"), permissions=["add"])
    def readvertise(self, request, queryset):
        form = ReadvertiseForm(
            request.POST if "apply" in request.POST else None,
            initial={"opens_on": timezone.localdate(), "closes_on": timezone.localdate() + dt.timedelta(days=30)},
        )
        if form.is_valid():
            opens_at = timezone.make_aware(dt.datetime.combine(form.cleaned_data["opens_on"], dt.time.min))
            try:
                with transaction.atomic():  # all the chosen advertisements, or none
                    copies = [
                        (
                            source,
                            advertisement_readvertise(
                                source=source,
                                opens_at=opens_at,
                                closes_on=form.cleaned_data["closes_on"],
                                by=request.user,
                            ),
                        )
                        for source in queryset
                    ]
            except ValidationError as error:
                form.add_error(None, error)  # the page stays, with what HR typed and what is wrong
            else:
                for source, copy in copies:
                    self.message_user(
                        request,
                        _("%(source)s re-advertised as %(copy)s.") % {"source": source, "copy": copy},
                        messages.SUCCESS,
                    )
                return None
        return TemplateResponse(
            request,
            "admin/vacancies/readvertise.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Re-advertise"),
                "form": form,
                "queryset": queryset,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


class PostLineInline(admin.TabularInline):
    model = PostLine
    extra = 0


def choice_list(name: str, choices) -> forms.MultipleChoiceField:
    field = Post._meta.get_field(name)
    return forms.MultipleChoiceField(
        label=field.verbose_name,
        help_text=field.help_text,
        choices=choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class PostAdminForm(forms.ModelForm):
    """The post's requirement lists as ticks among the BORANG's own choices, not typed JSON."""

    qualification_fields = choice_list("qualification_fields", FieldOfStudy.choices)
    related_fields = choice_list("related_fields", FieldOfStudy.choices)
    experience_fields = choice_list("experience_fields", FieldOfWork.choices)
    judged_by_hr = choice_list("judged_by_hr", HrJudged.choices)


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    form = PostAdminForm
    list_display = ["number", "title_ms", "grade", "division", "advertisement"]
    list_filter = ["grade", "division", "advertisement"]
    search_fields = ["title_ms", "title_en"]
    list_select_related = ["grade", "division", "advertisement"]
    inlines = [PostLineInline]
    actions = ["screen", "build_shortlist"]

    def has_screen_permission(self, request):
        return request.user.has_perm("screening.add_screeningrun")

    def has_shortlist_permission(self, request):
        return request.user.has_perm("screening.add_shortlistentry")

    @admin.action(description=_("Screen the post's applications"), permissions=["screen"])
    def screen(self, request, queryset):
        for post in queryset:
            run = screening_run(
                applications=Application.objects.filter(post=post), scope=str(post), run_by=request.user
            )
            self.message_user(
                request,
                _("%(post)s: %(count)s application(s) screened.") % {"post": post, "count": run.application_count},
                messages.SUCCESS,
            )

    @admin.action(description=_("Build the shortlist from the eligible applications"), permissions=["shortlist"])
    def build_shortlist(self, request, queryset):
        for post in queryset:
            shortlist, added = shortlist_build(post=post, built_by=request.user)
            self.message_user(
                request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    _("%(post)s: %(count)s eligible application(s) added.") % {"post": post, "count": added},
                    reverse("admin:screening_shortlist_change", args=[shortlist.pk]),
                    _("Open the shortlist"),
                ),
                messages.SUCCESS,
            )
