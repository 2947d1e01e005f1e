from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def sync_roles_after_migrate(sender, **kwargs):
    """Once the last app has its permissions (post_migrate is sent app by app), give the roles theirs."""
    from django.apps import apps

    from .roles import roles_sync

    if sender.label == list(apps.get_app_configs())[-1].label:
        roles_sync()


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # Runs after the permissions of every app have been created by migrate.
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="accounts_sync_roles")
