"""The PDPA 2010 lifecycle: retention of applications, and the candidate's rights to their data."""

import datetime as dt
import io
import json
import logging
import zipfile
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import TruncYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import Application, Document, Profile
from applications.services import document_remove
from audit.services import Action, audit_record
from outbox.models import Email
from outbox.services import email_queue, emails_forget
from screening.rules import reason_text
from vacancies.models import Advertisement

logger = logging.getLogger(__name__)
User = get_user_model()


@dataclass
class RetentionReport:
    advertisements: list[int] = field(default_factory=list)
    anonymised: int = 0
    documents_deleted: int = 0


def expired_advertisements(today: dt.date) -> list[Advertisement]:
    """Advertisements whose retention period ended before `today`."""
    return [ad for ad in Advertisement.objects.filter(closes_on__lt=today) if ad.retained_until < today]


def applications_anonymise(applications) -> tuple[int, int]:
    """Strip personal data from applications, keeping the anonymous figures reports need; delete their documents.

    The year of birth is kept (as 1 January) for the age bands of the reports; state, sex, highest
    qualification, SPM grade, post, dates and screening outcomes stay as counts.
    """
    ids = list(applications.filter(anonymised_at__isnull=True).values_list("pk", flat=True))
    if not ids:
        return 0, 0
    links = Application.documents.through.objects.filter(application_id__in=ids)
    document_ids = set(links.values_list("document_id", flat=True))
    links.delete()
    now = timezone.now()
    Application.objects.filter(pk__in=ids).update(
        date_of_birth=TruncYear("date_of_birth"),
        full_name="",
        mykad="",
        snapshot={"anonymised": True},
        anonymised_at=now,
    )
    deleted = 0
    orphans = Document.objects.filter(pk__in=document_ids, applications__isnull=True).filter(
        Q(retired_at__isnull=False) | Q(owner__is_active=False)
    )
    for document in orphans:
        document_remove(document=document)
        deleted += 1
    return len(ids), deleted


@transaction.atomic
def retention_apply(*, today: dt.date | None = None) -> RetentionReport:
    """Run daily: after each advertisement's retention period, anonymise its unsuccessful applications once."""
    today = today or timezone.localdate()
    report = RetentionReport()
    for advertisement in expired_advertisements(today):
        unsuccessful = Application.objects.filter(post__advertisement=advertisement).exclude(
            status=Application.Status.SHORTLISTED
        )
        anonymised, deleted = applications_anonymise(unsuccessful)
        if anonymised:
            report.advertisements.append(advertisement.pk)
            report.anonymised += anonymised
            report.documents_deleted += deleted
            audit_record(
                action=Action.RETENTION,
                target=advertisement,
                detail=_("%(advertisement)s: %(anonymised)s anonymised, %(deleted)s documents deleted"),
                params={"advertisement": advertisement, "anonymised": anonymised, "deleted": deleted},
            )
    logger.info("Retention: %s", report)
    return report


@dataclass(frozen=True)
class Kept:
    reference: str
    post: str
    until: dt.date


def applications_kept_on_closing(user, today: dt.date) -> list[Kept]:
    """Submitted applications under a live recruitment: kept, frozen, until the retention period ends."""
    kept = []
    for application in (
        Application.objects.submitted()
        .filter(candidate=user, anonymised_at__isnull=True)
        .select_related("post__advertisement")
    ):
        until = application.post.advertisement.retained_until
        if until >= today:
            kept.append(Kept(application.reference, application.post.full_title, until))
    return kept


@transaction.atomic
def account_close(*, user, today: dt.date | None = None) -> list[Kept]:
    """Close a candidate's account: remove what no live recruitment needs, keep the rest until its end."""
    today = today or timezone.localdate()
    kept = applications_kept_on_closing(user, today)
    # Nothing else is owed to the account any more; it is told of the closure at the address it had, which is
    # about to be removed (the e-mail's context is erased once it is sent).
    emails_forget(to=user.email)
    email_queue(
        kind="account_closed",
        to=user.email,
        key=f"account_closed:{user.pk}",
        context={
            "name": user.full_name,
            "kept": [(k.reference, str(k.post), k.until.isoformat()) for k in kept],
        },
    )
    kept_references = {k.reference for k in kept}
    mine = Application.objects.filter(candidate=user)
    mine.filter(status__in=[Application.Status.DRAFT]).delete()
    applications_anonymise(mine.exclude(reference__in=kept_references))
    kept_documents = Document.objects.filter(applications__reference__in=kept_references).values("pk")
    for document in user.documents.exclude(pk__in=kept_documents):
        document_remove(document=document)
    Profile.objects.filter(user=user).delete()
    audit_record(
        action=Action.ACCOUNT_CLOSE,
        actor=user,
        target=user,
        detail=_("%(count)s application(s) kept"),
        params={"count": len(kept)},
    )
    user.email = f"ditutup-{user.pk}@akaun.invalid"
    user.full_name = ""
    user.is_active = False
    user.email_verified_at = None
    user.set_unusable_password()
    user.save()
    return kept


def screening_rules_export(result) -> list[dict]:
    """A result's rules as the candidate's copy shows them: each reason in Malay and in English."""
    return [
        {
            "rule": rule["rule"],
            "outcome": rule["outcome"],
            "reason_ms": reason_text(rule, "ms"),
            "reason_en": reason_text(rule, "en"),
        }
        for rule in result.rules
    ]


def candidate_data(user) -> dict:
    """Everything held about a candidate, in a machine-readable form."""
    profile = Profile.objects.filter(user=user).prefetch_related("qualifications", "experiences", "languages").first()

    def plain(instance, exclude=("id", "profile", "user")):
        return {
            f.name: (
                getattr(instance, f.name).isoformat()
                if hasattr(getattr(instance, f.name), "isoformat")
                else str(getattr(instance, f.name))
                if f.get_internal_type() == "DecimalField" and getattr(instance, f.name) is not None
                else getattr(instance, f.name)
            )
            for f in instance._meta.concrete_fields
            if f.name not in exclude and f.name != "password"
        }

    applications = (
        Application.objects.filter(candidate=user)
        .select_related("post")
        .prefetch_related("screening_results", "overrides")
    )
    return {
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "date_joined": user.date_joined.isoformat(),
            "email_verified_at": user.email_verified_at and user.email_verified_at.isoformat(),
        },
        "profile": plain(profile) if profile else None,
        "qualifications": [plain(q) for q in profile.qualifications.all()] if profile else [],
        "experiences": [plain(e) for e in profile.experiences.all()] if profile else [],
        "languages": [plain(lang) for lang in profile.languages.all()] if profile else [],
        "documents": [
            {
                "id": str(d.pk),
                "kind": d.kind,
                "name": d.original_name,
                "type": d.content_type,
                "size": d.size,
                "uploaded_at": d.uploaded_at.isoformat(),
                "on_profile": d.retired_at is None,
                "qualification_recognised": d.qualification_id,
            }
            for d in user.documents.all()
        ],
        "applications": [
            {
                "reference": a.reference,
                "post": a.post.full_title,
                "status": a.status,
                "submitted_at": a.submitted_at and a.submitted_at.isoformat(),
                "declaration_at": a.declaration_at and a.declaration_at.isoformat(),
                "pdpa_consent_at": a.pdpa_consent_at and a.pdpa_consent_at.isoformat(),
                "as_submitted": a.snapshot,
                "screening": [
                    {"outcome": r.outcome, "points": r.points, "rules": screening_rules_export(r)}
                    for r in a.screening_results.all()
                    if r.is_current
                ],
                "hr_decisions": [
                    {"outcome": o.outcome, "reason": o.reason, "at": o.decided_at.isoformat()}
                    for o in a.overrides.all()
                ],
            }
            for a in applications
        ],
        "emails": [
            {"kind": e.kind, "status": e.status, "owed_since": e.created_at.isoformat(), "sent_at": e.sent_at}
            for e in Email.objects.filter(to__iexact=user.email).order_by("created_at")
        ],
    }


def candidate_data_export(*, user) -> tuple[str, bytes]:
    """A zip file: data.json and every document of the candidate."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(candidate_data(user), ensure_ascii=False, indent=2, default=str))
        for document in user.documents.all():
            with document.file.open("rb") as handle:
                archive.writestr(f"documents/{document.kind}-{str(document.pk)[:8]}{document.extension}", handle.read())
    audit_record(action=Action.DATA_EXPORT, actor=user, target=user)
    return f"data-saya-myipo-{timezone.localdate():%Y%m%d}.zip", buffer.getvalue()
