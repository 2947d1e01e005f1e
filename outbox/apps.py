from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "outbox"
    verbose_name = _("E-mails")

    def ready(self):
        # Each app that owes e-mails registers their kinds in its `notifications` module.
        autodiscover_modules("notifications")
