import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from screening.services import screening_run, shortlist_build

from .models import Advertisement, AdvertisementLine, Division, Grade, Post, PostLine
from .services import advertisement_readvertise


class ReadvertiseForm(forms.Form):
    opens_on = forms.DateField(label=_("Opens on"), widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(label=_("Closing date"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("closes_on") and data["opens_on"] > data["closes_on"]:
            raise ValidationError(_("The closing date cannot be before the opening date."), code="closes_before_opens")
        return data


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
    list_display = ["__str__", "title_ms", "opens_at", "closes_on", "readvertised_from"]
    list_filter = ["closes_on"]
    search_fields = ["title_ms", "title_en"]
    list_select_related = ["readvertised_from"]
    inlines = [AdvertisementLineInline, PostInline]
    actions = ["readvertise", "screen"]

    def has_screen_permission(self, request):
        return request.user.has_perm("screening.add_screeningrun")

    @admin.action(description=_("Screen every application of the advertisement"), permissions=["screen"])
    def screen(self, request, queryset):
        for advertisement in queryset:
            run = screening_run(
                applications=Application.objects.filter(post__advertisement=advertisement),
                scope=str(advertisement),
                run_by=request.user,
            )
            self.message_user(
                request,
                _("%(advertisement)s: %(count)s application(s) screened.")
                % {"advertisement": advertisement, "count": run.application_count},
                messages.SUCCESS,
            )

    @admin.action(description=_("Re-advertise under new dates"), permissions=["add"])
    def readvertise(self, request, queryset):
        form = ReadvertiseForm(
            request.POST if "apply" in request.POST else None,
            initial={"opens_on": timezone.localdate(), "closes_on": timezone.localdate() + dt.timedelta(days=30)},
        )
        if form.is_valid():
            opens_at = timezone.make_aware(dt.datetime.combine(form.cleaned_data["opens_on"], dt.time.min))
            for source in queryset:
                try:
                    copy = advertisement_readvertise(
                        source=source, opens_at=opens_at, closes_on=form.cleaned_data["closes_on"]
                    )
                except ValidationError as error:
                    self.message_user(request, "; ".join(error.messages), messages.ERROR)
                    return None
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


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
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
