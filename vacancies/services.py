"""Changes to advertisements: re-advertising a closed one under new dates."""

import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.services import Action, audit_record

from .models import Advertisement, AdvertisementLine, Post, PostLine

logger = logging.getLogger(__name__)

# The advertisement's texts are data in both languages (as the 2023 one is): written here, edited by HR afterwards.
MALAY_MONTHS = (
    "Januari", "Februari", "Mac", "April", "Mei", "Jun",
    "Julai", "Ogos", "September", "Oktober", "November", "Disember",
)  # fmt: skip
ENGLISH_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def online_application_texts(*, closes_on: dt.date) -> dict[str, str]:
    """How to apply online and by when, in Malay and English: what replaces the paper form and the envelope."""
    date_ms = f"{closes_on.day} {MALAY_MONTHS[closes_on.month - 1]} {closes_on.year}"
    date_en = f"{closes_on.day} {ENGLISH_MONTHS[closes_on.month - 1]} {closes_on.year}"
    return {
        "how_to_apply_ms": (
            "Permohonan hendaklah dibuat dalam talian melalui portal ini: pilih jawatan, tekan butang Mohon jawatan "
            "ini, isi BORANG PERMOHONAN JAWATAN KOSONG MyIPO dan muat naik sesalinan sijil-sijil, gambar berukuran "
            "pasport terkini serta dokumen yang diminta."
        ),
        "how_to_apply_en": (
            "Applications are made online on this portal: choose a post, press the Apply for this post button, fill "
            "in the MyIPO VACANCY APPLICATION FORM and upload a copy of your certificates, a recent passport-sized "
            "photograph and the documents asked for."
        ),
        "submission_ms": (
            f"Permohonan hendaklah dihantar dalam talian selewat-lewatnya pada {date_ms}, jam 11:59:59 malam "
            "(waktu Malaysia). Permohonan melalui pos atau serahan tangan tidak diterima."
        ),
        "submission_en": (
            f"Applications must be submitted online no later than {date_en}, 11:59:59 pm (Malaysian time). "
            "Applications sent by post or delivered by hand are not accepted."
        ),
    }


@transaction.atomic
def advertisement_readvertise(
    *, source: Advertisement, opens_at: dt.datetime, closes_on: dt.date, by=None
) -> Advertisement:
    """Copy an advertisement with all its lines and posts under new opening and closing dates.

    The copy is applied for on the portal: its texts on how to apply say so, with its own closing date, in place of
    the paper form and the envelope the source may have asked for.
    """
    copy = Advertisement(
        **{
            field.attname: getattr(source, field.attname)
            for field in Advertisement._meta.concrete_fields
            if not field.primary_key and field.name not in {"created_at", "readvertised_from"}
        }
    )
    copy.opens_at, copy.closes_on, copy.readvertised_from = opens_at, closes_on, source
    copy.applies_online = True
    for name, text in online_application_texts(closes_on=closes_on).items():
        setattr(copy, name, text)
    if closes_on < timezone.localdate():
        raise ValidationError(_("A re-advertisement must close in the future."), code="closes_in_past")
    # Two HR administrators re-advertising the same posts at once: the second waits here until the first is
    # committed, then sees its copy (without the lock both would pass the check below and overlap).
    Advertisement.objects.select_for_update().filter(pk=family_root(source).pk).first()
    overlapping = advertisements_overlapping(source=source, opens_at=opens_at, closes_on=closes_on)
    if overlapping:
        raise ValidationError(
            _("The same posts are already advertised in %(other)s for part of these dates: choose dates after it."),
            code="overlap",
            params={"other": overlapping[0]},
        )
    copy.full_clean()
    copy.save()

    AdvertisementLine.objects.bulk_create(
        AdvertisementLine(
            advertisement=copy, kind=line.kind, position=line.position, text_ms=line.text_ms, text_en=line.text_en
        )
        for line in source.lines.all()
    )
    for post in source.posts.prefetch_related("lines"):
        new_post = Post.objects.create(
            **{
                field.attname: getattr(post, field.attname)
                for field in Post._meta.concrete_fields
                if not field.primary_key and field.name != "advertisement"
            },
            advertisement=copy,
        )
        PostLine.objects.bulk_create(
            PostLine(
                post=new_post,
                kind=line.kind,
                position=line.position,
                joiner=line.joiner,
                text_ms=line.text_ms,
                text_en=line.text_en,
            )
            for line in post.lines.all()
        )
    audit_record(action=Action.READVERTISE, actor=by, target=copy, detail=f"{source} → {copy}")
    logger.info("Advertisement %s re-advertised as %s until %s", source.pk, copy.pk, closes_on)
    return copy


def family_root(source: Advertisement) -> Advertisement:
    """The original advertisement that `source` re-advertises (at any depth), or `source` itself."""
    root = source
    while root.readvertised_from_id is not None:
        root = root.readvertised_from
    return root


def advertisement_family(source: Advertisement) -> set[int]:
    """The original advertisement and every re-advertisement of it, at any depth: the same posts."""
    root = family_root(source)
    family, frontier = {root.pk}, {root.pk}
    while frontier:
        frontier = set(Advertisement.objects.filter(readvertised_from__in=frontier).values_list("pk", flat=True))
        frontier -= family
        family |= frontier
    return family


def advertisements_overlapping(*, source: Advertisement, opens_at: dt.datetime, closes_on: dt.date) -> list:
    """Advertisements of the same posts open at some moment between `opens_at` and the end of `closes_on`."""
    return list(
        Advertisement.objects.filter(
            pk__in=advertisement_family(source),
            opens_at__lte=closing_moment(closes_on),
            closes_on__gte=timezone.localdate(opens_at),
        ).order_by("closes_on")
    )


def closing_moment(closes_on: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(closes_on, dt.time.max))


def advertisement_ensure_open_copy(*, source: Advertisement, days: int) -> tuple[Advertisement, bool]:
    """Return an open re-advertisement of `source`, creating one open for `days` days if none is open."""
    existing = source.readvertisements.open().order_by("-closes_on").first()
    if existing:
        return existing, False
    now = timezone.now()
    return advertisement_readvertise(
        source=source, opens_at=now, closes_on=timezone.localdate(now) + dt.timedelta(days=days)
    ), True
