"""Reads for candidates' pages: an application's data laid out for display."""

from django.utils.translation import gettext_lazy as _

from .identity import format_phone
from .models import Experience, Language, Profile, Qualification


def display(model, name: str, value):
    """A stored value as a person reads it: choice labels, Yes/No, dates as d.m.Y."""
    if value in (None, ""):
        return "—"
    field = model._meta.get_field(name)
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if field.get_internal_type() == "DateField":
        year, month, day = str(value).split("-")
        return f"{day}.{month}.{year}"
    if name == "phone":
        return format_phone(value)
    if name == "mykad" and len(value) == 12:
        return f"{value[:6]}-{value[6:8]}-{value[8:]}"
    return value


def snapshot_sections(snapshot: dict) -> list[dict]:
    """The snapshot of an application (or of a profile about to be submitted) as labelled sections."""
    profile = snapshot.get("profile", {})

    def rows(names):
        return [(Profile._meta.get_field(n).verbose_name, display(Profile, n, profile.get(n))) for n in names]

    def table(model, items, names):
        return {
            "headers": [model._meta.get_field(n).verbose_name for n in names],
            "rows": [[display(model, n, item.get(n)) for n in names] for item in items],
        }

    return [
        {
            "title": _("Personal particulars"),
            "step": "personal",
            "rows": [
                *rows(
                    ["full_name", "mykad", "citizenship", "date_of_birth", "place_of_birth", "sex", "marital_status"]
                ),
                (
                    _("Address"),
                    ", ".join(
                        filter(
                            None,
                            [
                                profile.get("address_line1"),
                                profile.get("address_line2"),
                                profile.get("postcode"),
                                profile.get("city"),
                            ],
                        )
                    )
                    + (f", {display(Profile, 'state', profile.get('state'))}" if profile.get("state") else ""),
                ),
                *rows(["phone"]),
                (_("E-mail address"), snapshot.get("email", "")),
            ],
        },
        {
            "title": _("Education"),
            "step": "education",
            "rows": rows(
                [
                    "spm_year",
                    "spm_bm_grade",
                    "spm_bm_oral_passed",
                    "spm_bm_july_credit",
                    "spm_bi_grade",
                    "spm_other_subjects",
                    "professional_memberships",
                    "mia_full_member",
                    "accounting_body_full_member",
                    "practising_certificate",
                ]
            ),
            "table": table(
                Qualification,
                snapshot.get("qualifications", []),
                ["level", "field_of_study", "programme", "institution", "year", "cgpa"],
            ),
        },
        {
            "title": _("Experience and skills"),
            "step": "experience",
            "rows": rows(
                [
                    "skill_word_processing",
                    "skill_spreadsheet",
                    "skill_presentation",
                    "english_level",
                    "ip_law_knowledge",
                ]
            ),
            "table": table(
                Experience, snapshot.get("experiences", []), ["employer", "position", "started_on", "ended_on"]
            ),
            "table2": table(Language, snapshot.get("languages", []), ["name", "spoken", "written"]),
        },
    ]
