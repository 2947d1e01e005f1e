from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from accounts.forms import StaffUserChangeForm, StaffUserCreationForm
from accounts.models import User
from accounts.roles import ROLES
from accounts.services import staff_rights, staff_rights_record


class HrStaffChangeForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["email", "full_name", "is_active", "groups"]


def hr_groups():
    return Group.objects.filter(name__in=ROLES).order_by("name")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Staff accounts. An HR administrator (not a superuser) sees and manages HR staff within the two HR roles
    only: no superuser, no raw permission, no candidate account, no one else's password. Every change of
    rights, by anyone, is in the audit trail."""

    form = StaffUserChangeForm
    add_form = StaffUserCreationForm
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active", "email_verified_at", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["last_login", "date_joined", "email_verified_at"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal info"), {"fields": ["full_name"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined", "email_verified_at"]}),
    ]
    hr_fieldsets = [
        (None, {"fields": ["email"]}),
        (_("Personal info"), {"fields": ["full_name"]}),
        (_("HR role"), {"fields": ["is_active", "groups"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined", "email_verified_at"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]}),
    ]
    hr_add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "groups", "password1", "password2"]}),
    ]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(is_staff=True, is_superuser=False)

    def get_list_filter(self, request):
        return self.list_filter if request.user.is_superuser else ["is_active", "groups"]

    def get_fieldsets(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        return self.hr_add_fieldsets if obj is None else self.hr_fieldsets

    def get_form(self, request, obj=None, **kwargs):
        if obj is not None and not request.user.is_superuser:
            kwargs["form"] = HrStaffChangeForm  # no password field: an HR administrator sets no one's password
        form = super().get_form(request, obj, **kwargs)
        if not request.user.is_superuser and "groups" in form.base_fields:
            groups = form.base_fields["groups"]
            groups.queryset = hr_groups()
            groups.required = True
            groups.help_text = _("The HR role of this member of staff.")
            groups.widget = forms.CheckboxSelectMultiple(choices=groups.choices)
        return form

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = hr_groups()
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def user_change_password(self, request, id, form_url=""):
        """Only a superuser sets someone else's password; staff use the reset link, as candidates do."""
        if not request.user.is_superuser and str(request.user.pk) != str(id):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def save_model(self, request, obj, form, change):
        request._rights_before = staff_rights(User.objects.get(pk=obj.pk)) if change else {}
        if not request.user.is_superuser:
            obj.is_staff = True  # an HR role is a staff account; nothing else can be granted here
            obj.is_superuser = False
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user = form.instance
        if not request.user.is_superuser:
            user.user_permissions.clear()
            user.groups.set(user.groups.filter(name__in=ROLES))
        staff_rights_record(user=user, before=getattr(request, "_rights_before", {}), changed_by=request.user)
