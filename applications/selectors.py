"""Reads for candidates' pages: an application's data laid out for display."""

from django.utils.translation import gettext_lazy as _

from .constants import LanguageLevel
from .identity import format_phone
from .models import Experience, Language, Profile, Qualification
from .snapshot import EXPERIENCE_FIELDS, LANGUAGE_FIELDS, QUALIFICATION_FIELDS

# Answers of the BORANG before rules version 2026.2, still shown for the applications submitted with them.
LEGACY_FIELDS = {
    "mia_full_member": (_("full member of the Malaysian Institute of Accountants"), {}),
    "accounting_body_full_member": (
        _("full member of another professional accounting body recognised by the Government"),
        {},
    ),
    "english_level": (_("command of English"), dict(LanguageLevel.choices)),
}


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
        """The answers present in the snapshot: an older one lacks the questions added since, and has its own."""
        shown = []
        for name in names:
            if name not in profile:
                continue
            if name in LEGACY_FIELDS:
                label, labels = LEGACY_FIELDS[name]
                value = profile[name]
                if isinstance(value, bool):
                    shown.append((label, _("Yes") if value else _("No")))
                else:
                    shown.append((label, labels.get(value, value) or "—"))
            else:
                shown.append((Profile._meta.get_field(name).verbose_name, display(Profile, name, profile[name])))
        return shown

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
                    "accounting_body",
                    "accounting_membership_number",
                    "mia_full_member",
                    "accounting_body_full_member",
                    "practising_certificate",
                ]
            ),
            "table": table(
                Qualification,
                snapshot.get("qualifications", []),
                QUALIFICATION_FIELDS,
            ),
        },
        {
            "title": _("Experience and skills"),
            "step": "experience",
            "rows": rows(
                [
                    "malay_spoken",
                    "malay_written",
                    "english_spoken",
                    "english_written",
                    "english_level",
                    "skill_word_processing",
                    "skill_spreadsheet",
                    "skill_presentation",
                    "ip_law_knowledge_kind",
                    "ip_law_knowledge",
                    *(["ict_high_skill", "ict_high_skill_details"] if profile.get("ict_high_skill") else []),
                ]
            ),
            "table": table(
                Experience,
                snapshot.get("experiences", []),
                EXPERIENCE_FIELDS,
            ),
            "table2": table(Language, snapshot.get("languages", []), LANGUAGE_FIELDS),
        },
    ]
