from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class VacanciesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "vacancies"
    verbose_name = _("Vacancies")

    def ready(self):
        from .board_cache import board_changed, board_migrated
        from .models import Advertisement, AdvertisementLine, Division, Grade, Post, PostLine

        # Every change of what the job board shows gives it a new version: its cached pages are never stale.
        for model in (Advertisement, AdvertisementLine, Post, PostLine, Grade, Division):
            post_save.connect(board_changed, sender=model, dispatch_uid=f"board-save-{model.__name__}")
            post_delete.connect(board_changed, sender=model, dispatch_uid=f"board-delete-{model.__name__}")
        # A migration or a flush (which fires no model signal) also starts a new version.
        post_migrate.connect(board_migrated, sender=self, dispatch_uid="board-migrate")
