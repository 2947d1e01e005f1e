"""One factory per model, with realistic defaults."""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.models import User
from applications.sample_data import MINIMAL_PDF as SAMPLE_PDF
from vacancies.models import Advertisement, AdvertisementLine, Division, Grade, Post, PostLine, ServiceGroup

PASSWORD = "Kata-laluan-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"calon{n}@example.my")
    full_name = factory.Sequence(lambda n: f"Nur Aisyah binti Ahmad {n}")
    password = factory.django.Password(PASSWORD)


class GradeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Grade
        django_get_or_create = ["code"]

    code = "IP8"
    rank = 1
    service_group = ServiceGroup.EXECUTIVE
    salary_min = Decimal("2688.00")
    salary_max = Decimal("9630.00")


class DivisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Division

    name_ms = factory.Sequence(lambda n: f"Bahagian Ujian {n}")
    name_en = factory.Sequence(lambda n: f"Test Division {n}")


class AdvertisementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Advertisement

    title_ms = "SERTAI KAMI"
    title_en = "JOIN US"
    lead_ms = "Perenggan pertama.\n\nPerenggan kedua."
    lead_en = "First paragraph.\n\nSecond paragraph."
    conditions_intro_ms = "Kami mempelawa calon-calon yang mempunyai kebolehan seperti berikut:-"
    conditions_intro_en = "We invite candidates with the following abilities:-"
    how_to_apply_ms = "Permohonan hendaklah dibuat dalam talian."
    how_to_apply_en = "Applications are made online."
    submission_ms = "Hantar sebelum tarikh tutup."
    submission_en = "Submit before the closing date."
    postal_address = "PERBADANAN HARTA INTELEK MALAYSIA\n46200 PETALING JAYA, SELANGOR"
    shortlist_notice_ms = "Hanya calon-calon yang disenarai pendek sahaja akan dihubungi untuk ditemuduga."
    shortlist_notice_en = "Only shortlisted candidates will be contacted for an interview."
    opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))

    class Params:
        closed = factory.Trait(
            opens_at=factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=60)),
            closes_on=factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=30)),
        )


class AdvertisementLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdvertisementLine

    advertisement = factory.SubFactory(AdvertisementFactory)
    kind = AdvertisementLine.Kind.CONDITION
    position = factory.Sequence(lambda n: n + 1)
    text_ms = "Warganegara Malaysia;"
    text_en = "A Malaysian citizen;"


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    advertisement = factory.SubFactory(AdvertisementFactory)
    number = factory.Sequence(lambda n: n + 1)
    title_ms = "PEGAWAI HARTA INTELEK"
    title_en = "INTELLECTUAL PROPERTY OFFICER"
    contract_type_ms = "KONTRAK"
    contract_type_en = "CONTRACT"
    classification_ms = "Perkhidmatan Harta Intelek"
    classification_en = "Intellectual Property Service"
    grade = factory.SubFactory(GradeFactory)
    division = factory.SubFactory(DivisionFactory)


class PostLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PostLine

    post = factory.SubFactory(PostFactory)
    kind = PostLine.Kind.DUTY
    position = factory.Sequence(lambda n: n + 1)
    text_ms = "Tugas-tugas lain yang diarahkan dari semasa ke semasa."
    text_en = "Other duties as directed from time to time."


MINIMAL_PDF = SAMPLE_PDF  # a real one-page PDF, as small as it gets (the demo data's own)


class VerifiedUserFactory(UserFactory):
    email_verified_at = factory.LazyFunction(timezone.now)


def unused_mykad(prefix: str = "90010114", serial: int = 5678) -> str:
    """The first MyKad of a woman born 1 January 1990 in Kuala Lumpur that no profile holds: 900101-14-5678, -5680…"""
    from applications.models import Profile

    taken = set(Profile.objects.filter(mykad__startswith=prefix).values_list("mykad", flat=True))
    while f"{prefix}{serial:04d}" in taken:
        serial += 2
    return f"{prefix}{serial:04d}"


class ProfileFactory(factory.django.DjangoModelFactory):
    """A complete, eligible-looking BORANG: a woman born 1 January 1990 in Kuala Lumpur."""

    class Meta:
        model = "applications.Profile"
        django_get_or_create = ["user"]

    user = factory.SubFactory(VerifiedUserFactory)
    full_name = "NUR AISYAH BINTI AHMAD"
    mykad = factory.LazyFunction(unused_mykad)
    citizenship = "malaysian"
    date_of_birth = dt.date(1990, 1, 1)
    place_of_birth = "Kuala Lumpur"
    sex = "F"
    marital_status = "single"
    address_line1 = "No. 12, Jalan Harmoni 3"
    postcode = "46200"
    city = "Petaling Jaya"
    state = "selangor"
    phone = "+60123456789"
    spm_year = 2007
    spm_bm_grade = "A"
    spm_bm_oral_passed = True
    spm_bi_grade = "B+"
    malay_spoken = "excellent"
    malay_written = "excellent"
    english_spoken = "good"
    english_written = "good"
    ip_law_knowledge_kind = "none"
    skill_word_processing = True
    skill_spreadsheet = True
    skill_presentation = True


class QualificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "applications.Qualification"

    profile = factory.SubFactory(ProfileFactory)
    level = "bachelor"
    field_of_study = "accounting"
    programme = "Ijazah Sarjana Muda Perakaunan (Kepujian)"
    institution = "Universiti Malaya"
    year = 2012
    cgpa = Decimal("3.45")


class ExperienceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "applications.Experience"

    profile = factory.SubFactory(ProfileFactory)
    employer = "Jabatan Digital Negara"
    position = "Pegawai Keselamatan ICT"
    field_of_work = "ict_security"
    started_on = dt.date(2018, 1, 2)
    ended_on = None


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "applications.Document"

    owner = factory.SubFactory(VerifiedUserFactory)
    kind = "certificate"
    original_name = "sijil.pdf"
    content_type = "application/pdf"
    size = len(MINIMAL_PDF)
    sha256 = "0" * 64
    file = factory.django.FileField(data=MINIMAL_PDF, filename="upload")


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "applications.Application"

    candidate = factory.SubFactory(VerifiedUserFactory)
    post = factory.SubFactory(PostFactory)


def hr_staff(role: str, client=None, **fields) -> User:
    """A member of HR staff in one of the two HR roles; signed in on `client` if given."""
    from django.contrib.auth.models import Group

    user = UserFactory(is_staff=True, full_name=fields.pop("full_name", f"Staf {role}"), **fields)
    user.groups.add(Group.objects.get(name=role))
    if client is not None:
        client.force_login(user)
    return user


def photo_jpeg() -> bytes:
    """A passport-size photo (350 by 500 pixels)."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (350, 500), (196, 170, 150)).save(buffer, "JPEG")
    return buffer.getvalue()


def complete_profile(**profile):
    """A complete BORANG with a degree and the four kinds of document (the photo a real JPEG)."""
    prof = ProfileFactory(**profile)
    QualificationFactory(profile=prof)
    for kind in ("certificate", "mqa_letter", "vaccination"):
        DocumentFactory(owner=prof.user, kind=kind)
    photo = photo_jpeg()
    DocumentFactory(
        owner=prof.user,
        kind="photo",
        original_name="gambar.jpg",
        content_type="image/jpeg",
        size=len(photo),
        file=factory.django.FileField(data=photo, filename="photo"),
    )
    return prof


def submitted_application(post, now=None, **profile):
    """A candidate with a complete BORANG who has submitted an application to `post`."""
    from applications.services import application_start, application_submit

    prof = complete_profile(**profile)
    return application_submit(application=application_start(candidate=prof.user, post=post, now=now), now=now)


def close_advertisement(advertisement) -> None:
    """The advertisement closed yesterday (applications already submitted stay as they are)."""
    from vacancies.models import Advertisement

    Advertisement.objects.filter(pk=advertisement.pk).update(
        opens_at=timezone.now() - dt.timedelta(days=60), closes_on=timezone.localdate() - dt.timedelta(days=1)
    )
    advertisement.refresh_from_db()


class EmailFactory(factory.django.DjangoModelFactory):
    """An e-mail owed by the portal: a verification link to a new candidate."""

    class Meta:
        model = "outbox.Email"

    kind = "verification"
    key = factory.Sequence(lambda n: f"verification:test:{n}")
    to = factory.Sequence(lambda n: f"calon.emel{n}@example.my")
    language = "ms"
    context = factory.LazyAttribute(
        lambda email: {"user_id": UserFactory(email=email.to).pk, "base_url": "https://kerjaya.myipo.gov.my"}
    )


def owed_email_send(key: str) -> bool:
    """Send now, as a worker would, the e-mail owed under this key; False when none is pending."""
    from outbox.models import Email
    from outbox.services import email_send

    email = Email.objects.filter(key=key).first()
    return email is not None and email_send(email_id=email.pk)


# After the shortlist: shortlists, interview sessions and slots, marking schemes, selection.


def shortlisted(post, count: int = 1, *, by=None, published: bool = True) -> list:
    """`count` candidates who applied to `post`, were shortlisted and (by default) invited: their entries."""
    from screening.models import Shortlist, ShortlistEntry

    by = by or UserFactory(is_staff=True)
    shortlist = ShortlistFactory(post=post)
    now = timezone.now()
    if published and shortlist.published_at is None:
        Shortlist.objects.filter(pk=shortlist.pk).update(published_at=now, published_by=by)
    entries = []
    for _number in range(count):
        application = submitted_application(post)
        entries.append(
            ShortlistEntry.objects.create(
                shortlist=shortlist,
                application=application,
                added_by=by,
                invited_at=now if published else None,
            )
        )
    return entries


class ShortlistFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "screening.Shortlist"
        django_get_or_create = ("post",)

    post = factory.SubFactory(PostFactory)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "interviews.Session"

    shortlist = factory.SubFactory(ShortlistFactory)
    starts_at = factory.LazyFunction(
        lambda: timezone.make_aware(dt.datetime.combine(timezone.localdate() + dt.timedelta(days=14), dt.time(9)))
    )
    venue = "Bilik Mesyuarat Utama, Aras 32, Menara UOA Bangsar, Kuala Lumpur"
    slot_minutes = 30
    created_by = factory.SubFactory(UserFactory, is_staff=True)


class SlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "interviews.Slot"

    session = factory.SubFactory(SessionFactory)
    entry = factory.LazyAttribute(lambda slot: shortlisted(slot.session.shortlist.post)[0])
    starts_at = factory.LazyAttribute(lambda slot: slot.session.starts_at)
    ends_at = factory.LazyAttribute(lambda slot: slot.starts_at + dt.timedelta(minutes=slot.session.slot_minutes))
    assigned_by = factory.LazyAttribute(lambda slot: slot.session.created_by)


def marking_scheme(post, criteria=None, *, fixed: bool = False):
    """A post's marking scheme with its criteria: [(name_ms, weight, max_mark), ...] (default: four, 100 %)."""
    from interviews.models import Criterion, MarkingScheme

    criteria = criteria or [
        ("Pengetahuan dalam bidang jawatan", 40, 10),
        ("Komunikasi dalam Bahasa Melayu dan Bahasa Inggeris", 25, 10),
        ("Pengalaman", 20, 10),
        ("Personaliti", 15, 10),
    ]
    scheme = MarkingScheme.objects.create(post=post, fixed_at=timezone.now() if fixed else None)
    for position, (name, weight, max_mark) in enumerate(criteria, start=1):
        Criterion.objects.create(scheme=scheme, position=position, name_ms=name, weight=weight, max_mark=max_mark)
    return scheme
