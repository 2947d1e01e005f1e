"""The advertisement of MyIPO's contract posts: grades, divisions, advertisements, posts and their lines."""

import calendar
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from myipo_recruit.bilingual import Bilingual


class ServiceGroup(models.TextChoices):
    EXECUTIVE = "eksekutif", _("Executive")
    IMPLEMENTING = "pelaksana", _("Implementing")


class Grade(models.Model):
    """A grade of the MyIPO scheme (IP8, IP10, IP12) with its salary scale."""

    code = models.CharField(_("grade"), max_length=10, unique=True)
    rank = models.PositiveSmallIntegerField(_("rank"), help_text=_("Lower is more senior."))
    service_group = models.CharField(_("service group"), max_length=20, choices=ServiceGroup.choices)
    salary_min = models.DecimalField(_("minimum salary (RM)"), max_digits=9, decimal_places=2)
    salary_max = models.DecimalField(_("maximum salary (RM)"), max_digits=9, decimal_places=2)

    class Meta:
        ordering = ["rank"]
        verbose_name = _("grade")
        verbose_name_plural = _("grades")
        constraints = [
            models.CheckConstraint(
                condition=Q(salary_min__lte=models.F("salary_max")),
                name="vacancies_grade_salary_range",
                violation_error_code="salary_range",
                violation_error_message=_("The minimum salary cannot be higher than the maximum salary."),
            )
        ]

    def __str__(self) -> str:
        return self.code


class Division(models.Model):
    """A division (Bahagian) of MyIPO where a post is placed."""

    name_ms = models.CharField(_("name (Malay)"), max_length=200, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name = Bilingual()

    class Meta:
        ordering = ["name_ms"]
        verbose_name = _("division")
        verbose_name_plural = _("divisions")

    def __str__(self) -> str:
        return self.name


class AdvertisementQuerySet(models.QuerySet):
    def open(self, now: dt.datetime | None = None):
        now = now or timezone.now()
        return self.filter(opens_at__lte=now, closes_on__gte=timezone.localdate(now))

    def closed(self, now: dt.datetime | None = None):
        now = now or timezone.now()
        return self.filter(closes_on__lt=timezone.localdate(now))


class Advertisement(models.Model):
    """One advertisement (iklan jawatan): its texts, dates and the posts it offers."""

    title_ms = models.CharField(_("title (Malay)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    lead_ms = models.TextField(_("lead text (Malay)"), help_text=_("Paragraphs separated by a blank line."))
    lead_en = models.TextField(_("lead text (English)"), blank=True)
    conditions_intro_ms = models.CharField(_("basic conditions intro (Malay)"), max_length=300)
    conditions_intro_en = models.CharField(_("basic conditions intro (English)"), max_length=300, blank=True)
    how_to_apply_ms = models.TextField(_("how to apply (Malay)"))
    how_to_apply_en = models.TextField(_("how to apply (English)"), blank=True)
    submission_ms = models.TextField(_("submission instructions (Malay)"))
    submission_en = models.TextField(_("submission instructions (English)"), blank=True)
    postal_address = models.TextField(_("postal address"))
    applies_online = models.BooleanField(
        _("applications are made on this portal"),
        default=False,
        help_text=_(
            "Shows the texts on how to apply online with links to apply, instead of the postal address. "
            "Off for advertisements kept word for word as they were published on paper."
        ),
    )
    shortlist_notice_ms = models.CharField(_("shortlist notice (Malay)"), max_length=300)
    shortlist_notice_en = models.CharField(_("shortlist notice (English)"), max_length=300, blank=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_on = models.DateField(
        _("closing date"), help_text=_("Applications are accepted until 23:59:59 Malaysian time on this day.")
    )
    retention_months = models.PositiveSmallIntegerField(
        _("retention period (months after the closing date)"),
        default=12,
        help_text=_(
            "After this period the documents of unsuccessful applications are deleted and their personal data "
            "anonymised (PDPA 2010, retention principle)."
        ),
    )
    readvertised_from = models.ForeignKey(
        "self",
        verbose_name=_("re-advertisement of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="readvertisements",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    title = Bilingual()
    lead = Bilingual()
    conditions_intro = Bilingual()
    how_to_apply = Bilingual()
    submission = Bilingual()
    shortlist_notice = Bilingual()

    objects = AdvertisementQuerySet.as_manager()

    class Meta:
        ordering = ["-closes_on", "-pk"]
        verbose_name = _("advertisement")
        verbose_name_plural = _("advertisements")

    def __str__(self) -> str:
        return _("Advertisement closing %(date)s") % {"date": self.closes_on.strftime("%d.%m.%Y")}

    def get_absolute_url(self) -> str:
        return reverse("vacancies:advertisement_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_on and timezone.localdate(self.opens_at) > self.closes_on:
            raise ValidationError(
                {"closes_on": _("The closing date cannot be before the opening date.")}, code="closes_before_opens"
            )

    @property
    def closes_at(self) -> dt.datetime:
        """The first moment after the closing day, in Malaysian time: applications stop here."""
        next_day = self.closes_on + dt.timedelta(days=1)
        return timezone.make_aware(dt.datetime.combine(next_day, dt.time.min))

    def is_open(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    @property
    def retained_until(self) -> dt.date:
        """The last day the personal data of unsuccessful applications is kept."""
        months = self.closes_on.month - 1 + self.retention_months
        year, month = self.closes_on.year + months // 12, months % 12 + 1
        day = min(self.closes_on.day, calendar.monthrange(year, month)[1])
        return dt.date(year, month, day)

    def has_not_opened(self, now: dt.datetime | None = None) -> bool:
        return (now or timezone.now()) < self.opens_at

    def days_left(self, now: dt.datetime | None = None) -> int:
        """Whole days after today until the closing day (0 on the closing day itself)."""
        return max((self.closes_on - timezone.localdate(now or timezone.now())).days, 0)

    @property
    def lead_paragraphs(self) -> list[str]:
        return [p.strip() for p in self.lead.split("\n\n") if p.strip()]


class Line(models.Model):
    """One bullet of an advertisement, word for word, in both languages."""

    position = models.PositiveSmallIntegerField(_("position"))
    text_ms = models.TextField(_("text (Malay)"))
    text_en = models.TextField(_("text (English)"), blank=True)
    text = Bilingual()

    class Meta:
        abstract = True
        ordering = ["position"]

    def __str__(self) -> str:
        return self.text_ms[:80]


class AdvertisementLine(Line):
    class Kind(models.TextChoices):
        CONDITION = "condition", _("Basic condition")
        NOTICE = "notice", _("Important notice")

    advertisement = models.ForeignKey(Advertisement, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    class Meta(Line.Meta):
        verbose_name = _("advertisement line")
        verbose_name_plural = _("advertisement lines")
        constraints = [
            models.UniqueConstraint(
                fields=["advertisement", "kind", "position"],
                name="vacancies_adline_unique",
                violation_error_code="line_position_taken",
                violation_error_message=_("This advertisement already has a line of this kind at this position."),
            )
        ]


class PostQuerySet(models.QuerySet):
    def open(self, now: dt.datetime | None = None):
        now = now or timezone.now()
        return self.filter(advertisement__opens_at__lte=now, advertisement__closes_on__gte=timezone.localdate(now))

    def for_board(self):
        """What a list of posts shows, in a fixed number of queries."""
        return self.select_related("grade", "division", "advertisement").order_by(
            "advertisement__closes_on", "advertisement_id", "number"
        )

    def search(self, text: str):
        """Posts whose title, division or any line contains the text, in either language."""
        text = text.strip()
        if not text:
            return self
        matches = (
            Q(title_ms__icontains=text)
            | Q(title_en__icontains=text)
            | Q(division__name_ms__icontains=text)
            | Q(division__name_en__icontains=text)
            | Q(grade__code__iexact=text)
        )
        line_matches = PostLine.objects.filter(Q(text_ms__icontains=text) | Q(text_en__icontains=text))
        return self.filter(matches | Q(pk__in=line_matches.values("post_id")))


class MinimumQualification(models.TextChoices):
    SPM = "spm", _("SPM")
    STPM_OR_DIPLOMA = "stpm_or_diploma", _("STPM or diploma")
    BACHELOR = "bachelor", _("Bachelor's degree")


class Preference(models.TextChoices):
    IP_LAW_KNOWLEDGE = "ip_law_knowledge", _("Knowledge of intellectual property law")
    GOOD_ENGLISH = "good_english", _("Good command of English")
    PRACTISING_CERTIFICATE = "practising_certificate", _("Practising Certificate (Sijil Amalan Guaman)")


class HrJudged(models.TextChoices):
    ICT_EXPERTISE = (
        "ict_expertise",
        _(
            "deep knowledge, skill and expertise in computer hardware, equipment and systems, keeping up with the "
            "latest information technology"
        ),
    )


class Post(models.Model):
    """A post offered in an advertisement (e.g. 1. PEGAWAI HARTA INTELEK - (KONTRAK))."""

    advertisement = models.ForeignKey(
        Advertisement, verbose_name=_("advertisement"), on_delete=models.CASCADE, related_name="posts"
    )
    number = models.PositiveSmallIntegerField(_("number in the advertisement"))
    title_ms = models.CharField(_("title (Malay)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    contract_type_ms = models.CharField(_("contract type (Malay)"), max_length=50)
    contract_type_en = models.CharField(_("contract type (English)"), max_length=50, blank=True)
    classification_ms = models.CharField(_("classification (Malay)"), max_length=200)
    classification_en = models.CharField(_("classification (English)"), max_length=200, blank=True)
    grade = models.ForeignKey(Grade, verbose_name=_("grade"), on_delete=models.PROTECT, related_name="posts")
    division = models.ForeignKey(
        Division, verbose_name=_("placement division"), on_delete=models.PROTECT, related_name="posts"
    )
    # The qualification lines, as rules for screening (the text itself is in the post's lines).
    min_qualification = models.CharField(
        _("minimum qualification"),
        max_length=20,
        choices=MinimumQualification.choices,
        default=MinimumQualification.SPM,
    )
    qualification_fields = models.JSONField(
        _("fields of study accepted"),
        default=list,
        blank=True,
        help_text=_(
            "The fields the advertisement names (accounting, law, …). Empty, with no related fields: any field."
        ),
    )
    related_fields = models.JSONField(
        _("related fields of study (for HR to judge)"),
        default=list,
        blank=True,
        help_text=_(
            "Where the advertisement accepts a related field (bidang berkaitan): fields plausibly related, which go to "
            "HR's review. A field in neither list is not accepted."
        ),
    )
    accepts_accounting_membership = models.BooleanField(
        _("full membership of a recognised accounting body or the MIA is an alternative to the degree"), default=False
    )
    min_experience_years = models.PositiveSmallIntegerField(
        _("minimum years of experience"),
        null=True,
        blank=True,
        help_text=_("Where the post asks for experience; high skill instead of it is left to HR's review."),
    )
    experience_fields = models.JSONField(
        _("fields of work that count as experience"),
        default=list,
        blank=True,
        help_text=_("Only periods of work in these fields count towards the minimum years of experience."),
    )
    judged_by_hr = models.JSONField(
        _("requirements only HR can judge"),
        default=list,
        blank=True,
        help_text=_("Requirements of the post that the BORANG cannot decide; the screening names them for HR."),
    )
    preferences = models.JSONField(_("preferences (ranking points)"), default=list, blank=True)

    title = Bilingual()
    contract_type = Bilingual()
    classification = Bilingual()

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["advertisement", "number"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        constraints = [
            models.UniqueConstraint(
                fields=["advertisement", "number"],
                name="vacancies_post_number_unique",
                violation_error_code="post_number_taken",
                violation_error_message=_("This advertisement already has a post with this number."),
            )
        ]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("vacancies:post_detail", args=[self.pk])

    @property
    def label(self) -> str:
        """The post and its advertisement: the same post is advertised again, so the title alone is ambiguous."""
        return _("%(number)s. %(title)s · advertisement closing %(date)s") % {
            "number": self.number,
            "title": self.full_title,
            "date": self.advertisement.closes_on.strftime("%d.%m.%Y"),
        }

    @property
    def full_title(self) -> str:
        return f"{self.title} - ({self.contract_type})"

    @property
    def service_group(self) -> str:
        return self.grade.service_group

    def get_service_group_display(self) -> str:
        return self.grade.get_service_group_display()

    def is_open(self, now: dt.datetime | None = None) -> bool:
        return self.advertisement.is_open(now)


class PostLine(Line):
    """A line of a post: its placement, a duty, a qualification or a preference."""

    class Kind(models.TextChoices):
        PLACEMENT = "placement", _("Placement")
        DUTY = "duty", _("Duty")
        QUALIFICATION = "qualification", _("Qualification")
        PREFERENCE = "preference", _("Preference")

    class Joiner(models.TextChoices):
        AND = "dan", _("and")
        OR = "atau", _("or")
        NONE = "", _("(not stated)")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    joiner = models.CharField(
        _("joined to the next line by"),
        max_length=10,
        choices=Joiner.choices,
        blank=True,
        help_text=_("The word the advertisement puts between this line and the next: dan (and) or atau (or)."),
    )

    class Meta(Line.Meta):
        verbose_name = _("post line")
        verbose_name_plural = _("post lines")
        constraints = [
            models.UniqueConstraint(
                fields=["post", "position"],
                name="vacancies_postline_unique",
                violation_error_code="line_position_taken",
                violation_error_message=_("This post already has a line at this position."),
            )
        ]

    @property
    def is_requirement(self) -> bool:
        return self.kind in {self.Kind.QUALIFICATION, self.Kind.PREFERENCE}


class BoardVersion(models.Model):
    """One row whose token changes with every change of what the public job board shows.

    The board's cached pages are keyed on it (vacancies/board_cache.py); it lives in the database so that
    every process and machine sees a change at once, in the same transaction as the change itself.
    """

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.token
