from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackofficeConfig(AppConfig):
    """HR's work in the admin: above vacancies → applications → screening, calling their services."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "backoffice"
    verbose_name = _("HR back office")
