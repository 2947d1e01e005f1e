"""A realistic, deterministic campaign of candidates and applications, written in bulk (demo and benchmarks)."""

import datetime as dt
import hashlib
import io
import logging
import random
import uuid

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image

from accounts.models import User
from vacancies.models import Advertisement

from .identity import State
from .models import Application, Document, Experience, Language, Profile, Qualification, document_storage
from .services import highest_qualification, snapshot_build

logger = logging.getLogger(__name__)

BATCH = 2000
PASSWORD = "Demo-calon-2026"  # noqa: S105 - the shared password of generated demo candidates
MINIMAL_PDF = (  # a real one-page PDF, as small as it gets
    b"%PDF-1.4\n"
    b"1 0 obj<</Type/Catalog/Pages 2 0 R>>\nendobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>\nendobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 4 0 R>>>>/Contents 5 0 R>>\nendobj\n"
    b"4 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>\nendobj\n"
    b"5 0 obj<</Length 36>>stream\nBT /F1 24 Tf 72 760 Td (SIJIL) Tj ET\nendstream\nendobj\n"
    b"xref\n0 6\n0000000000 65535 f \n0000000009 00000 n \n0000000053 00000 n \n"
    b"0000000103 00000 n \n0000000214 00000 n \n0000000276 00000 n \n"
    b"trailer<</Size 6/Root 1 0 R>>\nstartxref\n358\n%%EOF\n"
)

MALE = ["Muhammad", "Ahmad", "Mohd Faiz", "Amirul", "Haziq", "Syafiq", "Arif", "Hakim", "Danial", "Irfan"]
FEMALE = ["Nur Aisyah", "Siti Nurhaliza", "Nurul Izzah", "Farah", "Aina", "Hidayah", "Amira", "Syazwani", "Balqis"]
MALAY_FATHERS = ["Abdullah", "Ismail", "Ibrahim", "Hassan", "Yusof", "Rahman", "Salleh", "Othman", "Zakaria"]
CHINESE = [
    "Tan Wei Ling",
    "Lim Jia Hui",
    "Wong Kah Seng",
    "Lee Mei Xin",
    "Ng Chee Keong",
    "Chong Yi Ting",
    "Goh Boon Hock",
    "Teoh Pei Shan",
    "Ong Kai Xuan",
    "Chan Siew Lan",
]
INDIAN_MALE = ["Arvind", "Suresh", "Kumaresan", "Rajesh", "Vignesh"]
INDIAN_FEMALE = ["Kavitha", "Priya", "Deepa", "Sharmila", "Thivya"]
INDIAN_FATHERS = ["Subramaniam", "Muniandy", "Krishnan", "Ramasamy", "Govindasamy"]

# State, its first place-of-birth code, a town and a postcode.
PLACES = [
    (State.SELANGOR, "10", "Petaling Jaya", "46200"),
    (State.KUALA_LUMPUR, "14", "Kuala Lumpur", "50450"),
    (State.JOHOR, "01", "Johor Bahru", "80100"),
    (State.PULAU_PINANG, "07", "George Town", "10200"),
    (State.PERAK, "08", "Ipoh", "30000"),
    (State.KEDAH, "02", "Alor Setar", "05000"),
    (State.KELANTAN, "03", "Kota Bharu", "15000"),
    (State.TERENGGANU, "11", "Kuala Terengganu", "20000"),
    (State.PAHANG, "06", "Kuantan", "25000"),
    (State.NEGERI_SEMBILAN, "05", "Seremban", "70000"),
    (State.MELAKA, "04", "Melaka", "75000"),
    (State.SABAH, "12", "Kota Kinabalu", "88000"),
    (State.SARAWAK, "13", "Kuching", "93000"),
    (State.PERLIS, "09", "Kangar", "01000"),
    (State.LABUAN, "15", "Labuan", "87000"),
    (State.PUTRAJAYA, "16", "Putrajaya", "62000"),
]
STREETS = ["Jalan Harmoni", "Jalan Melati", "Jalan Kenanga", "Lorong Cempaka", "Jalan Seri Indah", "Jalan Bunga Raya"]
UNIVERSITIES = [
    "Universiti Malaya",
    "Universiti Kebangsaan Malaysia",
    "Universiti Teknologi MARA",
    "Universiti Putra Malaysia",
    "Universiti Sains Malaysia",
    "Universiti Utara Malaysia",
    "Universiti Islam Antarabangsa Malaysia",
    "Politeknik Ungku Omar",
]
FLAWS = [
    ("non_citizen", 2),
    ("under_18", 2),
    ("bm_below_credit", 5),
    ("oral_failed", 3),
    ("dob_mismatch", 1),
    ("no_vaccination", 3),
    ("no_mqa", 3),
    ("july_credit", 2),
    ("no_computer_skills", 2),
    ("weak_english", 2),
    ("none", 75),
]
GRADES_CREDIT = ["A+", "A", "A-", "B+", "B", "C+", "C"]


def person(rng: random.Random) -> tuple[str, str]:
    """A Malaysian name and sex."""
    sex = rng.choice("MF")
    community = rng.choices(["malay", "chinese", "indian"], weights=[65, 22, 13])[0]
    if community == "malay":
        given = rng.choice(MALE if sex == "M" else FEMALE)
        return f"{given} {'bin' if sex == 'M' else 'binti'} {rng.choice(MALAY_FATHERS)}".upper(), sex
    if community == "chinese":
        return rng.choice(CHINESE).upper(), sex
    given = rng.choice(INDIAN_MALE if sex == "M" else INDIAN_FEMALE)
    return f"{given} {'a/l' if sex == 'M' else 'a/p'} {rng.choice(INDIAN_FATHERS)}".upper(), sex


def mykad_for(rng: random.Random, born: dt.date, place: str, sex: str, taken: set[str]) -> str:
    """A MyKad number no profile holds yet (one account per MyKad); `taken` gains it."""
    while True:
        serial = rng.randrange(0, 1000)
        last = rng.choice([1, 3, 5, 7, 9] if sex == "M" else [0, 2, 4, 6, 8])
        number = f"{born:%y%m%d}{place}{serial:03d}{last}"
        if number not in taken:
            taken.add(number)
            return number


def sample_files() -> dict[str, tuple[bytes, str]]:
    photo = io.BytesIO()
    Image.new("RGB", (350, 500), (200, 185, 170)).save(photo, "JPEG", quality=80)
    return {"application/pdf": (MINIMAL_PDF, ".pdf"), "image/jpeg": (photo.getvalue(), ".jpg")}


def qualification_for(rng, post, flaw) -> tuple[str, str] | None:
    if post.min_qualification == "spm":
        return rng.choice([None, None, ("diploma", "other")])
    fields = post.qualification_fields or post.related_fields or ["human_resources", "other", "law", "accounting"]
    if post.min_qualification == "stpm_or_diploma":
        field = rng.choice(fields)
        return rng.choice(
            [("stpm", "other"), ("diploma", field), ("diploma", field), ("bachelor", field), ("diploma", "other")]
        )
    level = rng.choices(["bachelor", "master", "diploma"], weights=[80, 12, 8])[0]
    field = rng.choice(fields) if rng.random() < 0.85 else rng.choice(["other", "science"])
    return level, field


def experience_for(rng, post, profile, now) -> list[Experience]:
    """A job since a few years after the SPM; mostly in a field the post counts, where it asks for experience."""
    years = max(0, now.year - profile.spm_year - 5)
    if not years:
        return []
    if post.experience_fields and rng.random() < 0.8:
        field = rng.choice(post.experience_fields)
    else:
        field = rng.choice(["administration", "other_ict", "accounting", "other"])
    return [
        Experience(
            profile=profile,
            employer="Syarikat Contoh Sdn. Bhd.",
            position="Eksekutif",
            field_of_work=field,
            started_on=dt.date(now.year - rng.randint(0, years), 1, 2),
        )
    ]


@transaction.atomic
def sample_campaign_create(
    *, advertisement: Advertisement, count: int, seed: int = 2026, with_files: bool = True
) -> int:
    """Create `count` candidates with complete profiles, documents and submitted applications; 0 if already made."""
    prefix = f"calon{seed}-"
    if User.objects.filter(email__startswith=prefix).exists():
        return 0
    rng = random.Random(seed)  # noqa: S311 - repeatable sample data, not secrets
    posts = list(advertisement.posts.select_related("grade"))
    weights = [3 if post.grade.code == "IP8" else 2 for post in posts]
    password = make_password(PASSWORD)
    now = timezone.now()
    opens = advertisement.opens_at
    closes = min(advertisement.closes_at, now) if advertisement.is_open(now) else advertisement.closes_at
    files = sample_files()
    shared_names = {}
    if not with_files:
        for content_type, (content, extension) in files.items():
            shared_names[content_type] = document_storage().save(
                f"documents/sample/{seed}{extension}", ContentFile(content)
            )

    taken = set(Profile.objects.exclude(mykad="").values_list("mykad", flat=True))
    users, profiles, plans = [], [], []
    for number in range(count):
        post = rng.choices(posts, weights=weights)[0]
        name, sex = person(rng)
        flaw = rng.choices([f for f, _ in FLAWS], weights=[w for _, w in FLAWS])[0]
        age = 17 if flaw == "under_18" else rng.randint(19, 55)
        born = advertisement.closes_on.replace(year=advertisement.closes_on.year - age) - dt.timedelta(
            days=rng.randint(1, 360) if flaw != "under_18" else -rng.randint(1, 300)
        )
        state, place, town, postcode = rng.choice(PLACES)
        mykad = mykad_for(rng, born, place, sex, taken)
        user = User(
            email=f"{prefix}{number}@contoh.myipo.local",
            full_name=name.title(),
            password=password,
            email_verified_at=now,
        )
        bm_grade = rng.choice(["D", "E", "G", "TH"]) if flaw == "bm_below_credit" else rng.choice(GRADES_CREDIT)
        english = rng.choice(["excellent", "good", "good"])
        knows_ip_law = rng.random() < 0.3
        body = (
            rng.choice(["mia", "acca", "cima", "other"])
            if post.accepts_accounting_membership and rng.random() < 0.2
            else ""
        )
        high_skill = bool(post.experience_fields) and rng.random() < 0.15
        profile = Profile(
            full_name=name,
            mykad=mykad,
            citizenship="other" if flaw == "non_citizen" else "malaysian",
            date_of_birth=born + dt.timedelta(days=1) if flaw == "dob_mismatch" else born,
            place_of_birth=town,
            sex=sex,
            marital_status=rng.choice(["single", "married"]),
            address_line1=f"No. {rng.randint(1, 200)}, {rng.choice(STREETS)} {rng.randint(1, 12)}",
            postcode=postcode,
            city=town,
            state=state,
            phone=f"01{rng.randint(0, 9)}{rng.randint(1000000, 9999999)}",
            spm_year=born.year + 17,
            spm_bm_grade=bm_grade,
            spm_bm_oral_passed=flaw not in {"oral_failed", "july_credit"},
            spm_bm_july_credit=flaw == "july_credit",
            spm_bi_grade=rng.choice([*GRADES_CREDIT, "D", "E"]),
            malay_spoken="excellent",
            malay_written=rng.choice(["excellent", "good"]),
            english_spoken=english,
            english_written="weak" if flaw == "weak_english" else english,
            skill_word_processing=True,
            skill_spreadsheet=True,
            skill_presentation=flaw != "no_computer_skills",
            ip_law_knowledge_kind="course" if knows_ip_law else "none",
            ip_law_knowledge="Kursus Asas Harta Intelek (MyIPO)" if knows_ip_law else "",
            accounting_body=body,
            accounting_membership_number=f"{rng.randint(10000, 99999)}" if body else "",
            practising_certificate=rng.random() < 0.1,
            ict_high_skill=high_skill,
            ict_high_skill_details="Sijil CCNA dan CISSP; pentadbir rangkaian dan pusat data" if high_skill else "",
        )
        users.append(user)
        profiles.append(profile)
        plans.append((post, flaw))
    User.objects.bulk_create(users, batch_size=BATCH)
    for user, profile in zip(users, profiles, strict=True):
        profile.user = user
    Profile.objects.bulk_create(profiles, batch_size=BATCH)

    degrees = [qualification_for(rng, post, flaw) for post, flaw in plans]
    own = [
        [
            Qualification(
                profile=profile,
                level=degree[0],
                field_of_study=degree[1],
                institution=rng.choice(UNIVERSITIES),
                year=min(profile.spm_year + rng.randint(3, 8), now.year),
                cgpa=round(rng.uniform(2.0, 4.0), 2),
            )
        ]
        if degree
        else []
        for profile, degree in zip(profiles, degrees, strict=True)
    ]
    # Saved first, so that MQA letters and the snapshots name the qualification they recognise.
    Qualification.objects.bulk_create([q for quals in own for q in quals], batch_size=BATCH)

    experiences, languages, documents, applications = [], [], [], []
    links: list[tuple[int, list[Document]]] = []
    for number, (profile, (post, flaw), own_qualifications) in enumerate(zip(profiles, plans, own, strict=True)):
        degree = degrees[number]
        own_experiences = experience_for(rng, post, profile, now)
        own_languages = [
            Language(profile=profile, name=name, spoken="good", written="fair")
            for name in rng.choice([[], [], ["Bahasa Arab"], ["Bahasa Mandarin"], ["Bahasa Tamil"]])
        ]
        kinds = ["certificate"] * rng.randint(1, 3) + ["photo"]
        if flaw != "no_vaccination":
            kinds.append("vaccination")
        if degree and degree[0] != "stpm" and flaw != "no_mqa":
            kinds.append("mqa_letter")
        own_documents = []
        for kind in kinds:
            content_type = "image/jpeg" if kind == "photo" else "application/pdf"
            content, extension = files[content_type]
            document = Document(
                id=uuid.UUID(int=rng.getrandbits(128), version=4),
                owner_id=profile.user_id,
                qualification=own_qualifications[0] if kind == "mqa_letter" else None,
                kind=kind,
                original_name=f"{kind}{extension}",
                content_type=content_type,
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
            )
            document.file.name = (
                document_storage().save(
                    f"documents/{profile.user_id}/{document.id.hex}{extension}", ContentFile(content)
                )
                if with_files
                else shared_names[content_type]
            )
            own_documents.append(document)
        # snapshot_build reads the related lists from the prefetch cache: no query per candidate.
        profile._prefetched_objects_cache = {
            "qualifications": own_qualifications,
            "experiences": own_experiences,
            "languages": own_languages,
        }
        fraction = rng.betavariate(3, 1)
        submitted_at = opens + (closes - opens) * fraction
        applications.append(
            Application(
                candidate_id=profile.user_id,
                post=post,
                status=Application.Status.SUBMITTED,
                reference=f"DEMO-{seed}-{number + 1:06d}",
                submitted_at=submitted_at,
                declaration_at=submitted_at,
                pdpa_consent_at=submitted_at,
                snapshot=snapshot_build(profile=profile, documents=own_documents),
                full_name=profile.full_name,
                mykad=profile.mykad,
                date_of_birth=profile.date_of_birth,
                state=profile.state,
                highest_qualification=highest_qualification(profile),
                spm_bm_grade=profile.spm_bm_grade,
                sex=profile.sex,
            )
        )
        experiences += own_experiences
        languages += own_languages
        documents += own_documents
        links.append((number, own_documents))
    Experience.objects.bulk_create(experiences, batch_size=BATCH)
    Language.objects.bulk_create(languages, batch_size=BATCH)
    Document.objects.bulk_create(documents, batch_size=BATCH)
    Application.objects.bulk_create(applications, batch_size=BATCH)
    through = Application.documents.through
    through.objects.bulk_create(
        [through(application_id=applications[number].pk, document_id=d.pk) for number, docs in links for d in docs],
        batch_size=BATCH,
    )
    logger.info("Sample campaign: %s applications for advertisement %s", count, advertisement.pk)
    return count
