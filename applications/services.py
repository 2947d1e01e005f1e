"""Applying: drafts, documents, submission with a frozen copy, withdrawal."""

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Sum, prefetch_related_objects
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from audit.services import Action, audit_record
from myipo_recruit.faults import SERVICE_ERRORS
from outbox.services import email_queue
from vacancies.models import Post

from . import uploads
from .constants import DEGREE_LEVELS, LEVEL_RANK
from .identity import mask_mykad
from .models import (
    ALREADY_APPLIED,
    MYKAD_TAKEN,
    Application,
    ApplicationVersion,
    Document,
    Profile,
    Qualification,
    document_path,
)
from .qualifications import MISSING, UNLINKED, Held, Reliance, relied_on
from .snapshot import snapshot_build

logger = logging.getLogger(__name__)

error_messages = {
    "mykad_taken": MYKAD_TAKEN,
    "closed": _("This advertisement is closed: applications are no longer accepted."),
    "not_open_yet": _("This advertisement is not open for applications yet."),
    "incomplete": _("Your application is not complete yet. Fill in what is listed below, then submit."),
    "withdrawn": _("This application was withdrawn."),
    "not_submitted": _("Only a submitted application can be withdrawn."),
    "not_amendable": _("Only a submitted application that HR has not decided on can be amended."),
    "application_too_large": _(
        "Your documents together may not exceed %(limit)s MB. Remove a document you do not need, or upload a "
        "smaller file."
    ),
    "already_applied": ALREADY_APPLIED,
    "not_mqa_letter": _("Only an MQA recognition letter is linked to a qualification."),
    "not_a_degree": _("An MQA recognition letter recognises a diploma or degree of your own."),
}


class ApplicationError(ValidationError):
    """A rule of applying was broken; the message is for the candidate."""

    def __init__(self, code: str, **params):
        super().__init__(error_messages[code], code=code, params=params or None)


@dataclass(frozen=True)
class Missing:
    step: str
    message: str


PERSONAL_FIELDS = [
    "full_name",
    "mykad",
    "citizenship",
    "date_of_birth",
    "place_of_birth",
    "sex",
    "marital_status",
    "address_line1",
    "postcode",
    "city",
    "state",
    "phone",
]


def profile_for(user) -> Profile:
    profile, _created = Profile.objects.get_or_create(user=user, defaults={"full_name": user.full_name})
    profile.user = user  # in hand already: reading profile.user costs no query
    return profile


def profile_with_answers(user) -> Profile:
    """The profile with its qualifications, jobs and languages read once, for a page that reads them several times
    (what is missing, the qualification relied on, the review's snapshot)."""
    profile = profile_for(user)
    prefetch_related_objects([profile], "qualifications", "experiences", "languages")
    return profile


def post_check_open(post: Post, now: dt.datetime) -> None:
    advertisement = post.advertisement
    if advertisement.has_not_opened(now):
        raise ApplicationError("not_open_yet")
    if not advertisement.is_open(now):
        raise ApplicationError("closed")


def application_start(*, candidate, post: Post, now: dt.datetime | None = None) -> Application:
    """The candidate's application to the post: the one in progress or submitted, or a new draft while the post
    is open. A withdrawn application stays as it was, in the history: applying again after it starts a new one."""
    now = now or timezone.now()
    active = Application.objects.filter(candidate=candidate, post=post).exclude(status=Application.Status.WITHDRAWN)
    existing = active.first()
    if existing:
        return existing
    post_check_open(post, now)
    profile_for(candidate)
    try:
        with transaction.atomic():
            return Application.objects.create(candidate=candidate, post=post)
    except IntegrityError:  # two tabs started the same application at once
        return active.get()


def held_qualifications(profile: Profile) -> list[Held]:
    return [Held(q.level, q.field_of_study, str(q.pk)) for q in profile.qualifications.all()]


def reliance_for(*, profile: Profile, post: Post, documents: list[Document] | None = None) -> Reliance:
    """The qualification the profile relies on for the post, and the state of its MQA letter (`documents`: the
    candidate's current documents, if already read)."""
    if documents is None:
        documents = list(profile.user.documents.current())
    letters = [d for d in documents if d.kind == Document.Kind.MQA_LETTER]
    return relied_on(
        held=held_qualifications(profile),
        min_qualification=post.min_qualification,
        named_fields=post.qualification_fields,
        related_fields=post.related_fields,
        accepts_membership=post.accepts_accounting_membership,
        accounting_body=profile.accounting_body,
        membership_number=profile.accounting_membership_number,
        mqa_letters_for=frozenset(str(d.qualification_id) for d in letters if d.qualification_id),
        unlinked_mqa_letters=sum(1 for d in letters if not d.qualification_id),
    )


def relied_qualification(profile: Profile, reliance: Reliance) -> Qualification | None:
    if reliance.held is None:
        return None
    return next((q for q in profile.qualifications.all() if str(q.pk) == reliance.held.key), None)


def application_missing(*, profile: Profile, post: Post, documents: list[Document] | None = None) -> list[Missing]:
    """What the BORANG still lacks before it can be submitted to the post, step by step (`documents`: the
    candidate's current documents, if already read)."""
    if documents is None:
        documents = list(profile.user.documents.current())
    missing = []
    labels = {field.name: field.verbose_name for field in Profile._meta.fields}
    for name in PERSONAL_FIELDS:
        if getattr(profile, name) in (None, ""):
            missing.append(Missing("personal", labels[name]))
    for name in ("spm_year", "spm_bm_grade", "spm_bm_oral_passed", "spm_bi_grade"):
        if getattr(profile, name) in (None, ""):
            missing.append(Missing("education", labels[name]))
    if any(not experience.field_of_work for experience in profile.experiences.all()):
        missing.append(Missing("experience", _("the field of work of each job")))
    for name in ("malay_spoken", "malay_written", "english_spoken", "english_written", "ip_law_knowledge_kind"):
        if not getattr(profile, name):
            missing.append(Missing("experience", labels[name]))
    kinds = {document.kind for document in documents}
    required = [Document.Kind.CERTIFICATE, Document.Kind.PHOTO, Document.Kind.VACCINATION]
    missing += [Missing("documents", kind.label) for kind in required if kind not in kinds]
    reliance = reliance_for(profile=profile, post=post, documents=documents)
    qualification = relied_qualification(profile, reliance)
    if reliance.mqa_letter == MISSING:
        message = _("MQA recognition letter for: %(qualification)s") % {"qualification": qualification}
        missing.append(Missing("documents", message))
    elif reliance.mqa_letter == UNLINKED:
        message = _("Say which qualification your MQA recognition letter is for: %(qualification)s") % {
            "qualification": qualification
        }
        missing.append(Missing("documents", message))
    return missing


def profile_personal_save(*, form) -> Profile | None:
    """Save the personal particulars; a MyKad registered meanwhile by another account is reported on the form."""
    try:
        with transaction.atomic():
            return form.save()
    except IntegrityError:
        form.add_error("mykad", ApplicationError("mykad_taken"))
        return None


def documents_total_bytes(owner) -> int:
    return owner.documents.current().aggregate(total=Sum("size"))["total"] or 0


SINGLE_KINDS = {Document.Kind.PHOTO, Document.Kind.VACCINATION}


def mqa_letter_check(*, owner, kind: str, qualification: Qualification | None) -> None:
    if qualification is None:
        return
    if kind != Document.Kind.MQA_LETTER:
        raise ApplicationError("not_mqa_letter")
    if qualification.profile.user_id != owner.pk or qualification.level not in DEGREE_LEVELS:
        raise ApplicationError("not_a_degree")


def document_add(*, owner, kind: str, upload, qualification: Qualification | None = None) -> Document:
    """Check an uploaded file by its content and store it privately; a new photo replaces the old one, and a
    new MQA letter for a qualification replaces that qualification's old letter.

    The file is checked and written to storage first, with no lock held; then, under a lock on the owner's
    row, the allowance is counted and the row inserted. Two uploads of one candidate at once therefore
    count each other: the allowance and the one-photo rule hold under any concurrency, and no lock is held
    while the storage (a disk, or S3) is being written.
    """
    mqa_letter_check(owner=owner, kind=kind, qualification=qualification)
    if kind == Document.Kind.PHOTO:
        checked = uploads.check_photo(upload, max_bytes=settings.DOCUMENT_MAX_BYTES)
    else:
        checked = uploads.check_document(upload, max_bytes=settings.DOCUMENT_MAX_BYTES)
    document = Document(
        owner=owner,
        kind=kind,
        original_name=uploads.safe_display_name(upload.name or ""),
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        qualification=qualification,
    )
    storage, path = document.file.storage, document_path(document, "")
    try:
        document.file.name = storage.save(path, ContentFile(checked.content))
        with transaction.atomic():
            get_user_model().objects.select_for_update().filter(pk=owner.pk).first()  # one change at a time per owner
            current = owner.documents.current().filter(kind=kind)
            if kind in SINGLE_KINDS:
                replaced = list(current)
            elif qualification is not None:
                replaced = list(current.filter(qualification=qualification))
            else:
                replaced = []
            total = documents_total_bytes(owner) - sum(d.size for d in replaced) + checked.size
            if total > settings.APPLICATION_MAX_BYTES:
                raise ApplicationError("application_too_large", limit=settings.APPLICATION_MAX_BYTES // (1024 * 1024))
            document.save()
            for old in replaced:
                document_remove(document=old)
    except Exception:
        # Over the allowance, a full disk or a database error: no stored file and no orphan is left behind.
        stored_remove(storage, document.file.name or path)
        raise
    logger.info("Document %s (%s) stored for user %s", document.pk, kind, owner.pk)
    return document


def stored_remove(storage, name: str) -> None:
    """Remove a file whose row was not saved (deleting a missing file is harmless, so no round trip to ask first);
    with the storage itself failing (S3 down), log it and go on."""
    try:
        storage.delete(name)
    except SERVICE_ERRORS:
        logger.warning("A stored file without a row could not be removed: %s", name, exc_info=True)


def document_link(*, document: Document, qualification: Qualification) -> Document:
    """Say which diploma or degree an MQA letter already uploaded recognises."""
    mqa_letter_check(owner=document.owner, kind=document.kind, qualification=qualification)
    document.qualification = qualification
    document.save(update_fields=["qualification"])
    return document


def document_remove(*, document: Document) -> None:
    """Take a document off the profile; keep it only while a submitted application relies on it."""
    if document.applications.exists():
        document.retired_at = timezone.now()
        document.save(update_fields=["retired_at"])
        return
    stored = document.file.name
    storage = document.file.storage
    document.delete()
    transaction.on_commit(lambda: storage.delete(stored))


def highest_qualification(profile: Profile) -> str:
    qualifications = list(profile.qualifications.all())
    if not qualifications:
        return "spm" if profile.spm_year else ""
    return max(qualifications, key=lambda q: LEVEL_RANK[q.level]).level


def application_submit(*, application: Application, now: dt.datetime | None = None) -> Application:
    """Freeze the profile and documents into the application and give it a reference number.

    An application being amended is submitted again the same way: a new version, the same reference, and the
    time of its first submission kept (the order of submission does not change by amending). Each version is
    kept with its time. Submitting twice (double click, two tabs) returns the application already submitted. The closing
    rule: a submission counts at the moment the server receives it (`now`, taken when the request
    arrives), so a request received by 23:59:59 on the closing day is accepted even if it ends later.
    """
    now = now or timezone.now()
    with transaction.atomic():
        application = (
            Application.objects.select_for_update().select_related("post__advertisement").get(pk=application.pk)
        )
        if application.is_submitted and not application.is_being_amended:
            return application
        if application.status == Application.Status.WITHDRAWN:
            raise ApplicationError("withdrawn")
        amending = application.is_submitted
        post_check_open(application.post, now)
        profile = Profile.objects.select_related("user").get(user_id=application.candidate_id)
        if application_missing(profile=profile, post=application.post):
            raise ApplicationError("incomplete")
        already = Application.objects.submitted().filter(post=application.post, mykad=profile.mykad)
        if already.exclude(pk=application.pk).exists():
            raise ApplicationError("already_applied")
        documents = list(profile.user.documents.current())
        stamp = timezone.now()
        application.snapshot = snapshot_build(profile=profile, documents=documents)
        application.full_name = profile.full_name
        application.mykad = profile.mykad
        application.date_of_birth = profile.date_of_birth
        application.state = profile.state
        application.spm_bm_grade = profile.spm_bm_grade
        application.sex = profile.sex
        application.highest_qualification = highest_qualification(profile)
        application.status = Application.Status.SUBMITTED
        application.declaration_at = stamp
        application.pdpa_consent_at = stamp
        if amending:
            application.amended_at, application.amending_since = stamp, None
        else:
            application.submitted_at = stamp
            application.reference = f"MYIPO-{timezone.localdate(stamp):%Y}-{application.pk:06d}"
            application.language = "en" if (translation.get_language() or "ms").startswith("en") else "ms"
        try:
            with transaction.atomic():
                application.save()
        except IntegrityError:  # another account submitted under the same MyKad at the same moment
            raise ApplicationError("already_applied") from None
        application.documents.set(documents)
        ApplicationVersion.objects.create(
            application=application,
            number=application.versions.count() + 1,
            submitted_at=stamp,
            snapshot=application.snapshot,
        )
        if not amending:
            email_queue(
                kind="acknowledgement",
                to=profile.user.email,
                key=f"acknowledgement:{application.pk}",
                context={"application_id": application.pk},
                reference=application.reference,
                language=application.language,
            )
    logger.info("Application %s %s", application.reference, "amended" if amending else "submitted")
    return application


def application_amend_start(*, application: Application, now: dt.datetime | None = None) -> Application:
    """Open a submitted application for amendment until the closing date; HR sees the last version meanwhile."""
    now = now or timezone.now()
    with transaction.atomic():
        application = (
            Application.objects.select_for_update().select_related("post__advertisement").get(pk=application.pk)
        )
        if application.status != Application.Status.SUBMITTED:
            raise ApplicationError("not_amendable")
        post_check_open(application.post, now)
        if application.amending_since is None:
            application.amending_since = now
            application.save(update_fields=["amending_since"])
    return application


def application_amend_cancel(*, application: Application) -> Application:
    """Stop amending: the application stays as last submitted (the profile keeps the changes for later)."""
    Application.objects.filter(pk=application.pk).update(amending_since=None)
    application.amending_since = None
    return application


def application_withdraw(*, application: Application, now: dt.datetime | None = None) -> Application:
    now = now or timezone.now()
    with transaction.atomic():
        application = (
            Application.objects.select_for_update().select_related("post__advertisement").get(pk=application.pk)
        )
        if application.status == Application.Status.WITHDRAWN:
            return application
        if application.status != Application.Status.SUBMITTED:
            raise ApplicationError("not_submitted")
        post_check_open(application.post, now)
        application.status = Application.Status.WITHDRAWN
        application.withdrawn_at, application.amending_since = now, None
        application.save(update_fields=["status", "withdrawn_at", "amending_since"])
        email_queue(
            kind="application_withdrawn",
            to=application.candidate.email,
            key=f"application_withdrawn:{application.pk}",
            context={"application_id": application.pk},
            reference=application.reference or "",
        )
    return application


def document_visible_to(*, user, document: Document) -> bool:
    """Only the owner, and HR staff through a submitted application that holds it, see a document (PDPA 2010)."""
    if not user.is_authenticated:
        return False
    if document.owner_id == user.pk:
        return True
    return (
        user.is_staff
        and user.has_perm("applications.view_document")
        and Document.objects.held_by_submitted_applications().filter(pk=document.pk).exists()
    )


def document_open(*, document: Document, opened_by):
    """The document's file for its owner or HR; HR's look is recorded. None when the user may not see it."""
    if not document_visible_to(user=opened_by, document=document):
        return None
    if document.owner_id != opened_by.pk:
        application = document.applications.submitted().first()
        audit_record(
            action=Action.DOCUMENT_VIEW,
            actor=opened_by,
            target=application,
            detail=f"{document.get_kind_display()} ({document.pk})",
        )
    return document.file.open("rb")


def application_open_for_hr(*, application: Application, opened_by) -> Application:
    """HR opens a submitted application (full MyKad, address, telephone): recorded."""
    audit_record(action=Action.APPLICATION_VIEW, actor=opened_by, target=application)
    return application


def mykad_search_record(*, term: str, searched_by) -> bool:
    """A search of applications that looks like a MyKad number is recorded, masked: who looked for whom."""
    digits = term.replace("-", "").replace(" ", "")
    if not (digits.isascii() and digits.isdigit() and len(digits) >= 6):
        return False
    shown = mask_mykad(digits) if len(digits) == 12 else digits[:6] + "…"
    audit_record(action=Action.APPLICATION_SEARCH, actor=searched_by, detail=f"MyKad: {shown}")
    return True
