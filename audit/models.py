"""Accountability under the PDPA 2010: an append-only record of what HR saw and did.

The bottom of the layering: every app's services write here, and this app imports none of them. An
event names its target by type and id (like pretix's log entries), not by a foreign key.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from myipo_recruit.dates import local_datetime_short


class AuditEvent(models.Model):
    """Who did what, when, from where, to what. Never edited or deleted."""

    class Action(models.TextChoices):
        DOCUMENT_VIEW = "document_view", _("Opened a candidate's document")
        APPLICATION_VIEW = "application_view", _("Opened an application")
        SCREENING_RUN = "screening_run", _("Ran screening")
        OVERRIDE = "override", _("Overrode eligibility")
        SHORTLIST_ADD = "shortlist_add", _("Added to a shortlist")
        SHORTLIST_REMOVE = "shortlist_remove", _("Removed from a shortlist")
        SHORTLIST_BUILD = "shortlist_build", _("Built a shortlist")
        PUBLISH = "publish", _("Published an outcome")
        INTERVIEW_CHANGE = "interview_change", _("Changed the interview details")
        EXPORT_PDF = "export_pdf", _("Exported a PDF")
        EXPORT_CSV = "export_csv", _("Exported a CSV file")
        READVERTISE = "readvertise", _("Re-advertised posts")
        RETENTION = "retention", _("Applied the retention period")
        DATA_EXPORT = "data_export", _("Candidate downloaded their data")
        ACCOUNT_CLOSE = "account_close", _("Candidate closed their account")
        EMAIL_CHANGE = "email_change", _("Candidate changed their e-mail address")
        STAFF_RIGHTS = "staff_rights", _("Changed a staff member's rights")
        APPLICATION_SEARCH = "application_search", _("Searched applications by MyKad number")
        EMAIL_RESEND = "email_resend", _("Sent e-mails again")
        INTERVIEW_SESSION = "interview_session", _("Set up an interview session")
        SLOT_ASSIGN = "slot_assign", _("Assigned interview slots")
        SLOT_MOVE = "slot_move", _("Moved an interview slot")
        SLOT_RESPONSE = "slot_response", _("Candidate answered an interview invitation")
        PANEL_VIEW = "panel_view", _("Panel member opened a candidate")
        MARKING_SCHEME = "marking_scheme", _("Fixed a marking scheme")
        MARKS_DRAFT = "marks_draft", _("Saved a draft of interview marks")
        MARKS_SUBMIT = "marks_submit", _("Submitted interview marks")
        MARKS_CHANGE = "marks_change", _("Changed submitted marks")
        ATTENDANCE = "attendance", _("Recorded attendance at an interview")
        RANKING = "ranking", _("Ranked the interviewed candidates")
        MEETING_DECISION = "meeting_decision", _("Recorded the management meeting's decision")
        OFFER_SEND = "offer_send", _("Sent an offer of appointment")
        OFFER_RESPONSE = "offer_response", _("Candidate answered an offer of appointment")
        OFFER_LAPSE = "offer_lapse", _("An offer lapsed or was withdrawn")
        RESERVE_PROMOTE = "reserve_promote", _("Offered the post to the next on the reserve list")
        POST_CLOSE = "post_close", _("Closed a post's recruitment")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_email = models.CharField(_("who (e-mail)"), max_length=254, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=30, choices=Action.choices, db_index=True)
    target_type = models.CharField(_("kind of record"), max_length=60, blank=True)
    target_id = models.CharField(_("record"), max_length=64, blank=True)
    reference = models.CharField(_("reference number"), max_length=30, blank=True, db_index=True)
    detail = models.CharField(_("what"), max_length=500, blank=True)

    class Meta:
        db_table = "privacy_auditevent"  # the table from before the audit trail had an app of its own
        ordering = ["-at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit trail")
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target")]

    def __str__(self) -> str:
        return f"{local_datetime_short(self.at)} {self.actor_email} {self.get_action_display()}"

    def is_about(self, record) -> bool:
        return self.target_type == record._meta.label_lower and self.target_id == str(record.pk)
