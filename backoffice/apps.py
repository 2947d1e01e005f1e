from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class BackofficeConfig(AppConfig):
    """HR's work in the admin: above vacancies → applications → screening, calling their services."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "backoffice"
    verbose_name = _("HR back office")


class BackOfficeAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the back office's site as the default one (admin.site)."""

    default = False
    default_site = "backoffice.sites.BackOfficeSite"
