from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def sync_roles_after_migrate(sender, **kwargs):
    from .roles import roles_sync

    roles_sync()


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # Runs after the permissions of every app have been created by migrate.
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="accounts_sync_roles")
