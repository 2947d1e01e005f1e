"""A candidate's profile (the BORANG as it is being filled), documents and applications to posts."""

import os
import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .constants import (
    SPM_GRADE_CHOICES,
    AccountingBody,
    FieldOfStudy,
    FieldOfWork,
    IpLawKnowledge,
    LanguageLevel,
    QualificationLevel,
)
from .identity import State

# The messages of the constraints below, defined once: the forms and services that check first say the same.
MYKAD_TAKEN = _(
    "This MyKad number is already registered with another account. Sign in with that account to apply, or "
    "contact MyIPO's Human Resource Division if the number is yours and you did not register it."
)
ALREADY_APPLIED = _(
    "An application to this post has already been submitted with this MyKad number, from another account. "
    "One person may apply once to each post; contact MyIPO's Human Resource Division if this is wrong."
)
CGPA_RANGE = _("Enter a CGPA between 0.00 and 4.00.")
ALREADY_ACTIVE = _("You already have an application to this post, in progress or submitted.")


class PrivateStorage(FileSystemStorage):
    """Candidates' documents: on disk under MEDIA_ROOT/private, with no public URL (PDPA 2010)."""

    @cached_property
    def base_location(self):
        return os.path.join(settings.MEDIA_ROOT, "private")

    def url(self, name):
        raise ValueError("Private documents have no URL; serve them through the protected view.")


def document_storage():
    """The storage of candidates' documents: STORAGES["documents"] (file system, or S3 in production)."""
    return storages["documents"]


def document_path(instance: "Document", filename: str) -> str:
    """Stored names are never the candidate's: a random name with the extension of the checked type."""
    return f"documents/{instance.owner_id}/{uuid.uuid4().hex}{instance.extension}"


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class MaritalStatus(models.TextChoices):
    SINGLE = "single", _("Single")
    MARRIED = "married", _("Married")
    DIVORCED = "divorced", _("Divorced")
    WIDOWED = "widowed", _("Widowed")


class Citizenship(models.TextChoices):
    MALAYSIAN = "malaysian", _("Malaysian citizen")
    PERMANENT_RESIDENT = "permanent_resident", _("Permanent resident")
    OTHER = "other", _("Other")


class Profile(models.Model):
    """The candidate's particulars, kept between applications; each step of the BORANG saves here."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    # Personal particulars
    full_name = models.CharField(_("full name (as on MyKad)"), max_length=150, blank=True)
    mykad = models.CharField(_("MyKad number"), max_length=12, blank=True)
    citizenship = models.CharField(_("citizenship"), max_length=30, choices=Citizenship.choices, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    place_of_birth = models.CharField(_("place of birth"), max_length=100, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    marital_status = models.CharField(_("marital status"), max_length=20, choices=MaritalStatus.choices, blank=True)
    address_line1 = models.CharField(_("address"), max_length=150, blank=True)
    address_line2 = models.CharField(_("address (line 2)"), max_length=150, blank=True)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    city = models.CharField(_("town"), max_length=80, blank=True)
    state = models.CharField(_("state"), max_length=30, choices=State.choices, blank=True)
    phone = models.CharField(_("telephone"), max_length=16, blank=True, help_text=_("Stored in E.164: +60123456789."))
    # SPM
    spm_year = models.PositiveSmallIntegerField(_("SPM year"), null=True, blank=True)
    spm_bm_grade = models.CharField(_("Bahasa Melayu grade"), max_length=2, choices=SPM_GRADE_CHOICES, blank=True)
    spm_bm_oral_passed = models.BooleanField(_("passed the Bahasa Melayu oral test (Ujian Lisan)"), null=True)
    spm_bm_july_credit = models.BooleanField(
        _("credit in Bahasa Melayu from the July paper (Kertas Julai) or another recognised equivalent"), default=False
    )
    spm_bi_grade = models.CharField(
        _("English (Bahasa Inggeris) grade"), max_length=2, choices=SPM_GRADE_CHOICES, blank=True
    )
    spm_other_subjects = models.TextField(_("other SPM subjects and grades"), max_length=500, blank=True)
    # Professional standing
    professional_memberships = models.TextField(
        _("professional memberships"),
        max_length=500,
        blank=True,
        help_text=_(
            "For example: full member of the Malaysian Institute of Accountants (MIA), with membership number."
        ),
    )
    accounting_body = models.CharField(
        _("professional accounting body of which you are a full member"),
        max_length=20,
        choices=AccountingBody.choices,
        blank=True,
        help_text=_("Full members only (Ahli Penuh), for the accountant's post. Leave empty if none."),
    )
    accounting_membership_number = models.CharField(_("membership number"), max_length=30, blank=True)
    practising_certificate = models.BooleanField(
        _("holds a Practising Certificate (Sijil Amalan Guaman) and is registered with the Malaysian Bar"),
        default=False,
    )
    # Skills and preferences
    skill_word_processing = models.BooleanField(_("word processing"), default=False)
    skill_spreadsheet = models.BooleanField(_("spreadsheet"), default=False)
    skill_presentation = models.BooleanField(_("presentation (e.g. PowerPoint)"), default=False)
    ip_law_knowledge_kind = models.CharField(
        _("knowledge of intellectual property law"), max_length=20, choices=IpLawKnowledge.choices, blank=True
    )
    ip_law_knowledge = models.TextField(
        _("details of your knowledge of intellectual property law"),
        max_length=1000,
        blank=True,
        help_text=_("The course, qualification or work, with its year and who gave it."),
    )
    # Languages: every post asks for good spoken and written Bahasa Malaysia and English.
    malay_spoken = models.CharField(
        _("Bahasa Malaysia, spoken"), max_length=20, choices=LanguageLevel.choices, blank=True
    )
    malay_written = models.CharField(
        _("Bahasa Malaysia, written"), max_length=20, choices=LanguageLevel.choices, blank=True
    )
    english_spoken = models.CharField(_("English, spoken"), max_length=20, choices=LanguageLevel.choices, blank=True)
    english_written = models.CharField(_("English, written"), max_length=20, choices=LanguageLevel.choices, blank=True)
    # Post 6 accepts high skill in ICT security, data centres and networks instead of the years of experience.
    ict_high_skill = models.BooleanField(
        _("I have high skill in ICT security, data centres and networks"), default=False
    )
    ict_high_skill_details = models.TextField(
        _("your high skill in ICT security, data centres and networks"),
        max_length=1000,
        blank=True,
        help_text=_("What you can do, and how it is shown: certifications, projects, responsibilities."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("candidate profile")
        verbose_name_plural = _("candidate profiles")
        constraints = [
            # A MyKad number belongs to one account.
            models.UniqueConstraint(
                fields=["mykad"],
                condition=~Q(mykad=""),
                name="applications_one_profile_per_mykad",
                violation_error_code="mykad_taken",
                violation_error_message=MYKAD_TAKEN,
            )
        ]

    def __str__(self) -> str:
        return self.full_name or str(self.user)


class Qualification(models.Model):
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="qualifications")
    level = models.CharField(_("level"), max_length=20, choices=QualificationLevel.choices)
    field_of_study = models.CharField(_("field"), max_length=30, choices=FieldOfStudy.choices)
    programme = models.CharField(
        _("name of the qualification"),
        max_length=200,
        blank=True,
        help_text=_("For example: Ijazah Sarjana Muda Perakaunan (Kepujian)."),
    )
    institution = models.CharField(_("institution"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year awarded"))
    cgpa = models.DecimalField(_("CGPA"), max_digits=3, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["year", "pk"]
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        constraints = [
            models.CheckConstraint(
                condition=Q(cgpa__isnull=True) | Q(cgpa__gte=0, cgpa__lte=4),
                name="applications_cgpa_range",
                violation_error_code="cgpa_range",
                violation_error_message=CGPA_RANGE,
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} — {self.get_field_of_study_display()} ({self.year})"


class Experience(models.Model):
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="experiences")
    employer = models.CharField(_("employer"), max_length=200)
    position = models.CharField(_("position"), max_length=200)
    field_of_work = models.CharField(
        _("field of work"),
        max_length=30,
        choices=FieldOfWork.choices,
        blank=True,
        help_text=_("What most of the work was; post 6 counts experience in ICT security, data centres and networks."),
    )
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("to"), null=True, blank=True, help_text=_("Leave empty if you still work there."))

    class Meta:
        ordering = ["-started_on", "pk"]
        verbose_name = _("work experience")
        verbose_name_plural = _("work experience")

    def __str__(self) -> str:
        return f"{self.position}, {self.employer}"


class Language(models.Model):
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="languages")
    name = models.CharField(_("language"), max_length=60)
    spoken = models.CharField(_("spoken"), max_length=20, choices=LanguageLevel.choices)
    written = models.CharField(_("written"), max_length=20, choices=LanguageLevel.choices)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self) -> str:
        return self.name


class DocumentQuerySet(models.QuerySet):
    def current(self):
        """The documents on the candidate's profile now (not those only kept for a submitted application)."""
        return self.filter(retired_at__isnull=True)

    def held_by_submitted_applications(self):
        """What HR may see (PDPA 2010): documents a submitted application holds, never a draft's or a profile's."""
        return self.filter(
            models.Exists(
                Application.documents.through.objects.filter(
                    document_id=models.OuterRef("pk"),
                    application__in=Application.objects.submitted(),
                )
            )
        )


class Document(models.Model):
    """An uploaded file, checked and immutable; replacing it creates a new one."""

    class Kind(models.TextChoices):
        CERTIFICATE = "certificate", _("Certificate or transcript")
        PHOTO = "photo", _("Passport-size photo")
        MQA_LETTER = "mqa_letter", _("MQA recognition letter (diploma or degree)")
        VACCINATION = "vaccination", _("COVID-19 vaccination certificate (2 doses)")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    file = models.FileField(_("file"), storage=document_storage, upload_to=document_path, max_length=200)
    original_name = models.CharField(_("original file name"), max_length=120)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    retired_at = models.DateTimeField(_("removed from the profile at"), null=True, blank=True)
    qualification = models.ForeignKey(
        "Qualification",
        verbose_name=_("qualification it recognises"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mqa_letters",
        help_text=_("For an MQA recognition letter: the diploma or degree it recognises."),
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "uploaded_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"

    def get_absolute_url(self) -> str:
        return reverse("applications:document", args=[self.pk])

    @property
    def content_type_label(self) -> str:
        return {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}.get(self.content_type, "")

    @property
    def extension(self) -> str:
        return {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}[self.content_type]


# Every status of an application once submitted (not a draft, not withdrawn).
SUBMITTED_STATUSES = ["submitted", "shortlisted", "not_shortlisted"]


class ApplicationQuerySet(models.QuerySet):
    def submitted(self):
        return self.exclude(status__in=[Application.Status.DRAFT, Application.Status.WITHDRAWN])


class Application(models.Model):
    """One candidate's application to one post: a draft until submitted, then frozen."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft, not submitted")
        SUBMITTED = "submitted", _("Submitted, being processed")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        SHORTLISTED = "shortlisted", _("Shortlisted for interview")
        NOT_SHORTLISTED = "not_shortlisted", _("Not shortlisted")

    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("candidate"), on_delete=models.PROTECT, related_name="applications"
    )
    post = models.ForeignKey(
        "vacancies.Post", verbose_name=_("post"), on_delete=models.PROTECT, related_name="applications"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    reference = models.CharField(_("reference number"), max_length=30, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    declaration_at = models.DateTimeField(_("declaration made at"), null=True, blank=True)
    pdpa_consent_at = models.DateTimeField(_("PDPA consent given at"), null=True, blank=True)
    # Frozen at submission: what HR screens, whatever the candidate changes later.
    snapshot = models.JSONField(_("application as submitted"), default=dict, blank=True)
    documents = models.ManyToManyField(Document, verbose_name=_("documents"), blank=True, related_name="applications")
    full_name = models.CharField(_("name"), max_length=150, blank=True)
    mykad = models.CharField(_("MyKad number"), max_length=12, blank=True, db_index=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=30, choices=State.choices, blank=True)
    highest_qualification = models.CharField(
        _("highest qualification"),
        max_length=20,
        choices=[("spm", _("SPM")), *QualificationLevel.choices],
        blank=True,
    )
    spm_bm_grade = models.CharField(_("SPM Bahasa Melayu"), max_length=2, choices=SPM_GRADE_CHOICES, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledgement sent at"), null=True, blank=True)
    # Until the advertisement closes, a submitted application may be amended: it stays submitted as it was
    # (what HR sees) while the candidate edits, and each version submitted is kept (ApplicationVersion).
    amending_since = models.DateTimeField(_("being amended since"), null=True, blank=True)
    amended_at = models.DateTimeField(_("last amended at"), null=True, blank=True)
    # Submitted under a MyKad another account had already used for the post, before one application per MyKad
    # and post was enforced; such duplicates are left for HR to see, outside the constraint below.
    legacy_duplicate = models.BooleanField(_("duplicate MyKad from before the check"), default=False, editable=False)
    language = models.CharField(
        _("language of the candidate"),
        max_length=5,
        choices=settings.LANGUAGES,
        default="ms",
        help_text=_("The language the application was submitted in; e-mails about it are written in this language."),
    )

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-created_at"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            # One application in progress or submitted per candidate and post; withdrawn ones stay in the history,
            # and a new application may follow a withdrawal while the advertisement is open.
            models.UniqueConstraint(
                fields=["candidate", "post"],
                condition=~Q(status="withdrawn"),
                name="applications_one_active_per_candidate_and_post",
                violation_error_code="already_active",
                violation_error_message=ALREADY_ACTIVE,
            ),
            models.UniqueConstraint(
                fields=["post", "mykad"],
                condition=Q(status__in=SUBMITTED_STATUSES, legacy_duplicate=False) & ~Q(mykad=""),
                name="applications_one_submitted_per_mykad_and_post",
                violation_error_code="already_applied",
                violation_error_message=ALREADY_APPLIED,
            ),
        ]

    def __str__(self) -> str:
        return self.reference or _("Draft application %(pk)s") % {"pk": self.pk}

    def get_absolute_url(self) -> str:
        return reverse("applications:detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_being_amended(self) -> bool:
        return self.status == self.Status.SUBMITTED and self.amending_since is not None

    @property
    def is_submitted(self) -> bool:
        return self.status not in {self.Status.DRAFT, self.Status.WITHDRAWN}


class ApplicationVersion(models.Model):
    """Each version of an application as submitted, with its time: the first submission, then every amendment."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    submitted_at = models.DateTimeField(_("submitted at"))
    snapshot = models.JSONField(_("application as submitted"), default=dict)

    class Meta:
        ordering = ["application", "number"]
        verbose_name = _("version of an application")
        verbose_name_plural = _("versions of applications")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "number"],
                name="applications_one_version_number",
                violation_error_code="version_taken",
                violation_error_message=_("This version of the application already exists."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} v{self.number}"
