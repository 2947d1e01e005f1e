"""The outbox: every e-mail the portal owes, written in the same transaction as the act that owes it."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EmailQuerySet(models.QuerySet):
    def due(self, now=None):
        return self.filter(status=Email.Status.PENDING, due_at__lte=now or timezone.now())

    def unsent(self):
        return self.filter(status__in=[Email.Status.PENDING, Email.Status.FAILED])


class Email(models.Model):
    """One e-mail owed to someone: pending until a worker has sent it, failed after the last attempt."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("No longer owed")

    kind = models.CharField(_("kind"), max_length=40)
    key = models.CharField(
        _("key"), max_length=200, unique=True, help_text=_("The same act never owes the same e-mail twice.")
    )
    to = models.EmailField(_("to"), max_length=254)
    language = models.CharField(_("language"), max_length=8, default="ms")
    context = models.JSONField(_("context"), default=dict, blank=True)
    reference = models.CharField(_("about"), max_length=60, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("owed since"), auto_now_add=True, db_index=True)
    due_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = EmailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "due_at"])]
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")

    def __str__(self) -> str:
        return f"{self.kind} → {self.to} ({self.get_status_display()})"
