"""Screening results, HR overrides, and shortlists per post."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from applications.models import document_storage
from myipo_recruit.dates import local_datetime_short

from .outcomes import Outcome
from .rules import reason_text

# The least a reason of HR must say (an override, a removal from a shortlist), once stripped.
REASON_MIN_LENGTH = 15


class ScreeningRun(models.Model):
    """One press of "screen": which applications, by whom, when, under which version of the rules.

    A whole advertisement is screened by a worker: its run is queued first, and HR follows its state here
    (no result backend is needed to know what a worker did).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    scope = models.CharField(_("scope"), max_length=200)
    rules_version = models.CharField(_("rules version"), max_length=20)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("run by"), null=True, blank=True, on_delete=models.PROTECT
    )
    started_at = models.DateTimeField(_("run at"), auto_now_add=True)
    application_count = models.PositiveIntegerField(_("applications screened"), default=0)
    advertisement = models.ForeignKey(
        "vacancies.Advertisement",
        verbose_name=_("advertisement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DONE)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error = models.CharField(_("reason of failure"), max_length=300, blank=True)
    # Written by the worker as it goes, from a connection of its own, so that HR sees a long run advance.
    progress_done = models.PositiveIntegerField(_("applications screened so far"), default=0)
    progress_total = models.PositiveIntegerField(_("applications to screen"), default=0)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("screening run")
        verbose_name_plural = _("screening runs")

    def __str__(self) -> str:
        return f"{self.scope} ({local_datetime_short(self.started_at)})"


class ScreeningResultQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_current=True)


class ScreeningResult(models.Model):
    """The outcome of every rule for one application in one run; the latest run's is current."""

    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="screening_results"
    )
    run = models.ForeignKey(ScreeningRun, on_delete=models.PROTECT, related_name="results")
    is_current = models.BooleanField(_("current"), default=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    points = models.PositiveSmallIntegerField(_("ranking points"), default=0)
    rules = models.JSONField(
        _("rules"),
        default=list,
        help_text=_(
            "Each rule's outcome and its reason, as a message and its parameters (in older results, the reason in "
            "Malay and English)."
        ),
    )
    # "|citizenship|minimum_age|": the rules failed or to review, so that reports count them in the database.
    failing_rules = models.CharField(_("rules failed"), max_length=300, blank=True)
    review_rules = models.CharField(_("rules to review"), max_length=300, blank=True)

    objects = ScreeningResultQuerySet.as_manager()

    class Meta:
        ordering = ["-run__started_at", "-pk"]
        verbose_name = _("screening result")
        verbose_name_plural = _("screening results")
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(is_current=True),
                name="screening_one_current_result",
                violation_error_code="one_current_result",
                violation_error_message=_("This application already has a current screening result."),
            )
        ]
        # No index on (application, is_current): the partial unique index finds an application's current result
        # and the foreign key's index its history, and each index more is written for every result of a run.

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} ({self.points})"

    def failing(self) -> list[dict]:
        return [rule for rule in self.rules if rule["outcome"] != Outcome.PASS]

    def reasons(self, language: str | None = None) -> list[tuple[str, str, str]]:
        """Each rule's id, outcome and reason, in `language` or the active one (results of any version)."""
        return [(rule["rule"], rule["outcome"], reason_text(rule, language)) for rule in self.rules]


class Override(models.Model):
    """HR's decision against the rules, with a reason; the latest one stands, earlier ones stay as history."""

    application = models.ForeignKey("applications.Application", on_delete=models.CASCADE, related_name="overrides")
    outcome = models.CharField(
        _("decision"), max_length=10, choices=[(Outcome.PASS, _("Eligible")), (Outcome.FAIL, _("Not eligible"))]
    )
    reason = models.TextField(_("reason"), max_length=1000)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.PROTECT)
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    class Meta:
        ordering = ["-decided_at", "-pk"]
        get_latest_by = "decided_at"
        verbose_name = _("HR override")
        verbose_name_plural = _("HR overrides")

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: {self.reason[:60]}"


class Shortlist(models.Model):
    """The shortlist of one post, its interview details and whether the outcome is published.

    `published_at`/`published_by` record the first publication and never change; publishing again (to
    invite candidates added since) stamps `last_published_at`/`last_published_by`.
    """

    post = models.OneToOneField(
        "vacancies.Post", verbose_name=_("post"), on_delete=models.PROTECT, related_name="shortlist"
    )
    interview_at = models.DateTimeField(_("interview date and time"), null=True, blank=True)
    interview_venue = models.CharField(_("interview venue"), max_length=300, blank=True)
    published_at = models.DateTimeField(_("outcome published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    last_published_at = models.DateTimeField(_("last published at"), null=True, blank=True)
    last_published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last published by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("shortlist")
        verbose_name_plural = _("shortlists")

    def __str__(self) -> str:
        return str(self.post)


class ShortlistEntry(models.Model):
    """A candidate on a shortlist; removing keeps the row with who removed it and when."""

    shortlist = models.ForeignKey(Shortlist, on_delete=models.CASCADE, related_name="entries")
    application = models.ForeignKey(
        "applications.Application",
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="shortlistings",
    )
    points = models.PositiveSmallIntegerField(_("ranking points"), default=0)
    note = models.CharField(_("note"), max_length=300, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("removed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removal_reason = models.TextField(_("reason for removal"), max_length=1000, blank=True)
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)
    invitation_sent_at = models.DateTimeField(_("invitation sent at"), null=True, blank=True)
    withdrawal_sent_at = models.DateTimeField(_("withdrawal of the invitation sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-points", "application__submitted_at", "application_id"]
        verbose_name = _("shortlisted candidate")
        verbose_name_plural = _("shortlisted candidates")
        constraints = [
            models.UniqueConstraint(
                fields=["shortlist", "application"],
                condition=Q(removed_at__isnull=True),
                name="screening_shortlisted_once",
                violation_error_code="shortlisted_once",
                violation_error_message=_("This application is already on the shortlist."),
            )
        ]

    def __str__(self) -> str:
        return str(self.application)


class InterviewChange(models.Model):
    """A change of the interview's date, time or venue after the outcome was published; the invited are told."""

    shortlist = models.ForeignKey(
        Shortlist, verbose_name=_("shortlist"), on_delete=models.CASCADE, related_name="interview_changes"
    )
    old_interview_at = models.DateTimeField(_("previous date and time"), null=True, blank=True)
    new_interview_at = models.DateTimeField(_("new date and time"), null=True, blank=True)
    old_venue = models.CharField(_("previous venue"), max_length=300, blank=True)
    new_venue = models.CharField(_("new venue"), max_length=300, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("change of interview details")
        verbose_name_plural = _("changes of interview details")

    def __str__(self) -> str:
        return f"{self.shortlist} ({local_datetime_short(self.changed_at)})"


class InterviewChangeNotice(models.Model):
    """The e-mail telling one invited candidate of one change; sent once (`sent_at`)."""

    change = models.ForeignKey(InterviewChange, on_delete=models.CASCADE, related_name="notices")
    entry = models.ForeignKey(ShortlistEntry, on_delete=models.CASCADE, related_name="change_notices")
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice of changed interview details")
        verbose_name_plural = _("notices of changed interview details")
        constraints = [
            models.UniqueConstraint(
                fields=["change", "entry"],
                name="screening_one_notice_per_change",
                violation_error_code="one_notice_per_change",
                violation_error_message=_("This candidate is already to be told of this change."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.change}: {self.entry}"


class ExportJob(models.Model):
    """A long export prepared by a worker; HR sees whether it is pending (with its progress), done (with its
    file) or failed (with the reason)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class Kind(models.TextChoices):
        SHORTLIST = "shortlist", _("Shortlist (PDF)")
        PANEL_PACK = "panel_pack", _("Panel pack: every shortlisted BORANG in one PDF")

    shortlist = models.ForeignKey(
        Shortlist, verbose_name=_("shortlist"), on_delete=models.CASCADE, related_name="exports"
    )
    kind = models.CharField(_("export"), max_length=20, choices=Kind.choices, default=Kind.SHORTLIST)
    progress_done = models.PositiveIntegerField(_("done"), default=0)
    progress_total = models.PositiveIntegerField(_("in all"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    file = models.FileField(_("file"), storage=document_storage, upload_to="exports/", max_length=200, blank=True)
    error = models.CharField(_("reason of failure"), max_length=300, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("PDF export")
        verbose_name_plural = _("PDF exports")

    def __str__(self) -> str:
        return f"{self.shortlist} ({self.get_status_display()})"
