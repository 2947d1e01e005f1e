"""After the shortlist: interview sessions and slots, marking schemes and panel marks, the ranked results and
the selection paper's decision, and the offers.

The path of one candidate: a `ShortlistEntry` (screening) gets one `Slot` in a `Session` of its post; each
panel member of the session fills a `MarkSheet` against the post's `MarkingScheme`; the post's `Selection`
ranks those who attended into `SelectionEntry` rows (selected, reserve, not selected), the management meeting
decides, and an `Offer` goes to each approved candidate, then down the reserve list.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from myipo_recruit.dates import local_datetime_short


class Session(models.Model):
    """One sitting of a panel for a post: a day, a place (or a video link) and the length of each slot."""

    shortlist = models.ForeignKey(
        "screening.Shortlist", verbose_name=_("shortlist"), on_delete=models.PROTECT, related_name="sessions"
    )
    starts_at = models.DateTimeField(_("first interview at"))
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    video_link = models.URLField(_("video link"), max_length=500, blank=True)
    slot_minutes = models.PositiveSmallIntegerField(
        _("minutes per candidate"), default=30, validators=[MinValueValidator(5), MaxValueValidator(240)]
    )
    gap_minutes = models.PositiveSmallIntegerField(
        _("minutes between candidates"), default=0, validators=[MaxValueValidator(120)]
    )
    break_every = models.PositiveSmallIntegerField(
        _("a break after every … candidates"),
        default=0,
        help_text=_("0: no break."),
        validators=[MaxValueValidator(100)],
    )
    break_minutes = models.PositiveSmallIntegerField(
        _("length of a break (minutes)"), default=0, validators=[MaxValueValidator(240)]
    )
    ends_by = models.DateTimeField(
        _("last interview ends by"), null=True, blank=True, help_text=_("Empty: as many slots as needed.")
    )
    respond_by = models.DateTimeField(_("candidates confirm or ask for another slot until"), null=True, blank=True)
    panel = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("panel"), through="PanelMember", related_name="interview_sessions"
    )
    notes = models.TextField(_("notes for the candidates"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("interview session")
        verbose_name_plural = _("interview sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(venue__gt="") | Q(video_link__gt=""),
                name="interviews_session_has_place",
                violation_error_code="session_has_place",
                violation_error_message=_("Give the venue or the video link of the session."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.shortlist} · {local_datetime_short(self.starts_at)}"


class PanelMember(models.Model):
    """A member of a session's panel; the chair signs the marking sheets first."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="members")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("panel member"), on_delete=models.PROTECT, related_name="+"
    )
    is_chair = models.BooleanField(_("chair"), default=False)

    class Meta:
        ordering = ["-is_chair", "pk"]
        verbose_name = _("panel member")
        verbose_name_plural = _("panel members")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "member"],
                name="interviews_panel_member_once",
                violation_error_code="panel_member_once",
                violation_error_message=_("This person is already on the panel of this session."),
            )
        ]

    def __str__(self) -> str:
        return str(self.member)


class Slot(models.Model):
    """One shortlisted candidate's interview time in a session, and the candidate's answer to it."""

    class Response(models.TextChoices):
        PENDING = "pending", _("No answer yet")
        CONFIRMED = "confirmed", _("Confirmed")
        CHANGE = "change", _("Asked for another slot")

    class Attendance(models.TextChoices):
        UNKNOWN = "", _("Not recorded")
        ATTENDED = "attended", _("Attended")
        ABSENT = "absent", _("Did not attend")

    session = models.ForeignKey(Session, verbose_name=_("session"), on_delete=models.PROTECT, related_name="slots")
    entry = models.OneToOneField(
        "screening.ShortlistEntry",
        verbose_name=_("shortlisted candidate"),
        on_delete=models.PROTECT,
        related_name="slot",
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    response = models.CharField(_("answer"), max_length=10, choices=Response.choices, default=Response.PENDING)
    response_reason = models.TextField(_("reason for another slot"), max_length=1000, blank=True)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, default=Attendance.UNKNOWN, blank=True
    )
    attendance_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attendance recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    attendance_at = models.DateTimeField(_("attendance recorded at"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned by"), on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    invitation_sent_at = models.DateTimeField(_("invitation sent at"), null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("interview slot")
        verbose_name_plural = _("interview slots")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="interviews_slot_ends_after_start",
                violation_error_code="slot_ends_after_start",
                violation_error_message=_("A slot must end after it starts."),
            )
        ]
        indexes = [models.Index(fields=["session", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.entry} · {local_datetime_short(self.starts_at)}"


class SlotChange(models.Model):
    """A slot moved by HR (on the candidate's request or not); the candidate is e-mailed the new time."""

    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="changes")
    old_session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="+")
    new_session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="+")
    old_starts_at = models.DateTimeField(_("previous time"))
    new_starts_at = models.DateTimeField(_("new time"))
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("change of interview slot")
        verbose_name_plural = _("changes of interview slots")

    def __str__(self) -> str:
        return f"{self.slot} ({local_datetime_short(self.changed_at)})"


class MarkingScheme(models.Model):
    """The criteria a post's candidates are marked on; fixed before the first interview, never changed after."""

    post = models.OneToOneField(
        "vacancies.Post", verbose_name=_("post"), on_delete=models.PROTECT, related_name="marking_scheme"
    )
    fixed_at = models.DateTimeField(_("fixed at"), null=True, blank=True)
    fixed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("fixed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("marking scheme")
        verbose_name_plural = _("marking schemes")

    def __str__(self) -> str:
        return str(self.post)

    @property
    def is_fixed(self) -> bool:
        return self.fixed_at is not None


class Criterion(models.Model):
    """One criterion of a marking scheme: its weight (percent of the total) and its highest mark."""

    scheme = models.ForeignKey(MarkingScheme, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    name_ms = models.CharField(_("criterion (Malay)"), max_length=200)
    name_en = models.CharField(_("criterion (English)"), max_length=200, blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    max_mark = models.PositiveSmallIntegerField(
        _("highest mark"), default=10, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self) -> str:
        return self.name_ms


class MarkSheet(models.Model):
    """One panel member's marks and comment for one candidate; locked once submitted."""

    slot = models.ForeignKey(Slot, verbose_name=_("interview slot"), on_delete=models.PROTECT, related_name="sheets")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("panel member"), on_delete=models.PROTECT, related_name="+"
    )
    comment = models.TextField(_("comment"), max_length=1000, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    keyed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("keyed in by HR"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty when the panel member entered the marks."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["slot", "pk"]
        verbose_name = _("marking sheet")
        verbose_name_plural = _("marking sheets")
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "member"],
                name="interviews_one_sheet_per_member",
                violation_error_code="one_sheet_per_member",
                violation_error_message=_("This panel member already has a marking sheet for this candidate."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.slot.entry} · {self.member}"

    @property
    def is_locked(self) -> bool:
        return self.submitted_at is not None


class Mark(models.Model):
    sheet = models.ForeignKey(MarkSheet, on_delete=models.CASCADE, related_name="marks")
    criterion = models.ForeignKey(Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField(_("mark"))

    class Meta:
        ordering = ["criterion__position", "criterion_id"]
        verbose_name = _("mark")
        verbose_name_plural = _("marks")
        constraints = [
            models.UniqueConstraint(
                fields=["sheet", "criterion"],
                name="interviews_one_mark_per_criterion",
                violation_error_code="one_mark_per_criterion",
                violation_error_message=_("This criterion already has a mark on this sheet."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"


class MarkChange(models.Model):
    """A mark changed after its sheet was submitted: only by HR, always with a reason."""

    mark = models.ForeignKey(Mark, on_delete=models.CASCADE, related_name="changes")
    old_value = models.PositiveSmallIntegerField(_("previous mark"))
    new_value = models.PositiveSmallIntegerField(_("new mark"))
    reason = models.TextField(_("reason"), max_length=1000)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("change of a submitted mark")
        verbose_name_plural = _("changes of submitted marks")

    def __str__(self) -> str:
        return f"{self.mark}: {self.old_value} → {self.new_value}"


class Selection(models.Model):
    """The outcome of a post's interviews: the number of vacancies, the ranked proposal, the meeting's decision,
    and the post's closing (after which the candidates not selected see "not successful")."""

    class Decision(models.TextChoices):
        PENDING = "", _("Not decided yet")
        APPROVED = "approved", _("Approved as proposed")
        CHANGED = "changed", _("Approved with changes")

    post = models.OneToOneField(
        "vacancies.Post", verbose_name=_("post"), on_delete=models.PROTECT, related_name="selection"
    )
    vacancies = models.PositiveSmallIntegerField(
        _("vacancies to fill"), default=1, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    reserve_size = models.PositiveSmallIntegerField(
        _("places on the reserve list"), default=3, validators=[MaxValueValidator(500)]
    )
    disagreement_points = models.DecimalField(
        _("flag a spread between panel members above (points of 100)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("15"),
    )
    proposed_at = models.DateTimeField(_("ranked at"), null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ranked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    prepared_by = models.CharField(_("prepared by (name, post)"), max_length=200, blank=True)
    checked_by = models.CharField(_("checked by (name, post)"), max_length=200, blank=True)
    approved_by = models.CharField(_("approved by (name, post)"), max_length=200, blank=True)
    meeting = models.CharField(_("management meeting"), max_length=200, blank=True)
    meeting_on = models.DateField(_("meeting date"), null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, default="", blank=True)
    decision_reason = models.TextField(_("reason for the changes"), max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decision recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decision recorded at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("post closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("selection")
        verbose_name_plural = _("selections")

    def __str__(self) -> str:
        return str(self.post)


class SelectionEntry(models.Model):
    """One interviewed candidate's place in the ranking: the proposal, and the meeting's final word."""

    class Category(models.TextChoices):
        SELECTED = "selected", _("Selected")
        RESERVE = "reserve", _("Reserve list")
        NOT_SELECTED = "not_selected", _("Not selected")

    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="entries")
    slot = models.OneToOneField(
        Slot, verbose_name=_("interview slot"), on_delete=models.PROTECT, related_name="selection_entry"
    )
    rank = models.PositiveIntegerField(_("rank"))
    score = models.DecimalField(_("weighted mark (of 100)"), max_digits=6, decimal_places=2)
    spread = models.DecimalField(_("spread between panel members"), max_digits=6, decimal_places=2, default=0)
    proposed = models.CharField(_("proposal"), max_length=15, choices=Category.choices)
    final = models.CharField(_("decision"), max_length=15, choices=Category.choices, blank=True)
    reserve_position = models.PositiveSmallIntegerField(_("place on the reserve list"), null=True, blank=True)
    final_reserve_position = models.PositiveSmallIntegerField(
        _("place on the reserve list decided"), null=True, blank=True
    )

    class Meta:
        ordering = ["rank", "pk"]
        verbose_name = _("ranked candidate")
        verbose_name_plural = _("ranked candidates")

    def __str__(self) -> str:
        return f"{self.rank}. {self.slot.entry}"


class Offer(models.Model):
    """The offer of appointment (surat tawaran) to one approved candidate, and the candidate's answer."""

    class Status(models.TextChoices):
        SENT = "sent", _("Awaiting the candidate's answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        LAPSED = "lapsed", _("No answer by the deadline")
        WITHDRAWN = "withdrawn", _("Withdrawn by HR")

    selection_entry = models.ForeignKey(
        SelectionEntry, verbose_name=_("ranked candidate"), on_delete=models.PROTECT, related_name="offers"
    )
    reference = models.CharField(_("letter reference"), max_length=60, unique=True)
    salary = models.DecimalField(_("monthly salary offered (RM)"), max_digits=9, decimal_places=2)
    contract_months = models.PositiveSmallIntegerField(
        _("contract period (months)"), validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    report_at = models.DateTimeField(_("reporting date and time"))
    report_place = models.CharField(_("reporting place"), max_length=300)
    respond_by = models.DateTimeField(_("answer by"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SENT)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    response_note = models.CharField(_("candidate's note"), max_length=500, blank=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("offer of appointment")
        verbose_name_plural = _("offers of appointment")
        constraints = [
            models.UniqueConstraint(
                fields=["selection_entry"],
                condition=Q(status__in=["sent", "accepted"]),
                name="interviews_one_live_offer",
                violation_error_code="one_live_offer",
                violation_error_message=_("This candidate already has an offer that stands."),
            )
        ]

    def __str__(self) -> str:
        return self.reference


class OfferNumber(models.Model):
    """The last offer letter number given in a year: "MyIPO/TWR/2026/0001" counts up from it, one at a time."""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    last = models.PositiveIntegerField(_("last number given"), default=0)

    class Meta:
        verbose_name = _("offer letter numbering")
        verbose_name_plural = _("offer letter numbering")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"
