"""Campaign figures for HR, aggregated in the database so that they stay fast at 100,000 applications."""

import codecs
import csv
import datetime as dt
import io

from django.db.models import Case, CharField, Count, Q, Value, When
from django.db.models.functions import TruncDate
from django.utils.translation import gettext_lazy as _

from applications.constants import QualificationLevel
from applications.identity import State, age_on, mask_mykad
from applications.models import Application, Sex
from myipo_recruit.dates import spreadsheet_timestamp

from .models import Outcome, ScreeningResult, ShortlistEntry
from .rules import RULE_NAMES
from .selectors import with_screening

AGE_BANDS = [(18, 24), (25, 29), (30, 34), (35, 39), (40, 49), (50, 120)]
AGE_BAND_LABELS = ["<18", *(f"{low}–{high}" if high < 120 else f"{low}+" for low, high in AGE_BANDS), "?"]
# The order bands are read in: youngest first, lowest qualification first, eligible before not.
QUALIFICATION_ORDER = ["spm", "stpm", "diploma", "bachelor", "master", "doctorate"]
OUTCOME_ORDER = [Outcome.PASS, Outcome.REVIEW, Outcome.FAIL, None]
SEX_ORDER = [Sex.MALE, Sex.FEMALE]


def excel_csv(content: str) -> bytes:
    """CSV bytes that Excel opens as UTF-8 (a byte order mark first), so that names keep their letters."""
    return codecs.BOM_UTF8 + content.encode("utf-8")


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def age_band_expression(closes_on: dt.date):
    """The age band on the closing date, computed by the database from the date of birth."""
    whens = [
        When(date_of_birth__gt=years_before(closes_on, 18), then=Value(AGE_BAND_LABELS[0])),
        *[
            When(date_of_birth__gt=years_before(closes_on, high + 1), then=Value(label))
            for (_low, high), label in zip(AGE_BANDS, AGE_BAND_LABELS[1:-1], strict=True)
        ],
    ]
    return Case(*whens, default=Value(AGE_BAND_LABELS[-1]), output_field=CharField())


def counted(rows, key, labels=None, order=None) -> list[tuple[str, int]]:
    """(label, count) per row; with `order`, rows in that order (values not in it last)."""
    labels = labels or {}
    rows = list(rows)
    if order is not None:
        rank = {value: index for index, value in enumerate(order)}
        rows.sort(key=lambda row: rank.get(row[key], len(rank)))
    return [(str(labels.get(row[key], row[key] or "—")), row["n"]) for row in rows]


def campaign_report(advertisement) -> dict:
    """Every figure of the dashboard for one advertisement."""
    submitted = Application.objects.submitted().filter(post__advertisement=advertisement)
    results = ScreeningResult.objects.current().filter(application__in=submitted)
    rule_counts = results.aggregate(
        **{f"{name}__fail": Count("pk", filter=Q(failing_rules__contains=f"|{name}|")) for name in RULE_NAMES},
        **{f"{name}__review": Count("pk", filter=Q(review_rules__contains=f"|{name}|")) for name in RULE_NAMES},
        screened=Count("pk"),
    )
    return {
        "total": submitted.count(),
        "per_post": [
            (f"{row['post__number']}. {row['post__title_ms']}", row["n"])
            for row in submitted.values("post__number", "post__title_ms")
            .annotate(n=Count("pk"))
            .order_by("post__number")
        ],
        "per_day": [
            (row["day"], row["n"])
            for row in submitted.annotate(day=TruncDate("submitted_at"))
            .values("day")
            .annotate(n=Count("pk"))
            .order_by("day")
            if row["day"] and row["day"] <= advertisement.closes_on
        ],
        "outcomes": counted(
            with_screening(submitted).values("effective_outcome").annotate(n=Count("pk")).order_by("effective_outcome"),
            "effective_outcome",
            {**dict(Outcome.choices), None: _("Not screened")},
            OUTCOME_ORDER,
        ),
        "rules": [
            (RULE_NAMES[name], rule_counts[f"{name}__fail"], rule_counts[f"{name}__review"]) for name in RULE_NAMES
        ],
        "screened": rule_counts["screened"],
        "shortlists": [
            (f"{row['shortlist__post__number']}. {row['shortlist__post__title_ms']}", row["n"])
            for row in ShortlistEntry.objects.filter(
                shortlist__post__advertisement=advertisement, removed_at__isnull=True
            )
            .values("shortlist__post__number", "shortlist__post__title_ms")
            .annotate(n=Count("pk"))
            .order_by("shortlist__post__number")
        ],
        "states": counted(
            submitted.values("state").annotate(n=Count("pk")).order_by("-n", "state"), "state", dict(State.choices)
        ),
        "ages": counted(
            submitted.annotate(band=age_band_expression(advertisement.closes_on))
            .values("band")
            .annotate(n=Count("pk"))
            .order_by("band"),
            "band",
            order=AGE_BAND_LABELS,
        ),
        "sexes": counted(
            submitted.values("sex").annotate(n=Count("pk")).order_by("sex"), "sex", dict(Sex.choices), SEX_ORDER
        ),
        "qualifications": counted(
            submitted.values("highest_qualification").annotate(n=Count("pk")).order_by("highest_qualification"),
            "highest_qualification",
            {"spm": _("SPM"), **dict(QualificationLevel.choices)},
            QUALIFICATION_ORDER,
        ),
    }


def report_csv(report: dict) -> str:
    """The dashboard's figures as one CSV table: section, item, count (and to review, for the rules)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["bahagian / section", "perkara / item", "bilangan / count", "perlu semakan / to review"])
    writer.writerow(["jumlah / total", "", report["total"], ""])
    for section in ("per_post", "per_day", "outcomes", "shortlists", "states", "ages", "sexes", "qualifications"):
        for item, count in report[section]:
            writer.writerow([section, item, count, ""])
    for name, failed, review in report["rules"]:
        writer.writerow(["rules", str(name), failed, review])
    return out.getvalue()


CSV_HEADER = [
    "No. rujukan",
    "Jawatan",
    "Nama",
    "No. MyKad",
    "Umur pada tarikh tutup",
    "Negeri",
    "Jantina",
    "Kelayakan tertinggi",
    "SPM BM",
    "Keputusan saringan",
    "Mata",
    "Status",
    "Dihantar pada (waktu Malaysia, UTC+08:00)",
]


def applications_csv(applications) -> str:
    """The applications HR chose, with personal data masked (MyKad middle digits, no address)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    rows = with_screening(applications.submitted()).select_related("post__advertisement").order_by("post__number", "pk")
    for a in rows.iterator(chunk_size=2000):
        writer.writerow(
            [
                a.reference,
                f"{a.post.number}. {a.post.title_ms}",
                a.full_name,
                mask_mykad(a.mykad),
                age_on(a.date_of_birth, a.post.advertisement.closes_on) if a.date_of_birth else "",
                a.get_state_display(),
                a.get_sex_display(),
                a.get_highest_qualification_display(),
                a.spm_bm_grade,
                Outcome(a.effective_outcome).label if a.effective_outcome else "",
                a.screening_points or 0,
                a.get_status_display(),
                spreadsheet_timestamp(a.submitted_at),
            ]
        )
    return out.getvalue()
