"""The submitted snapshot: what an application freezes at submission, defined once.

Written by `snapshot_build` at submission; read by the candidate's and HR's pages (selectors), the PDFs
and the screening rules (`Facts.from_snapshot`), each through the names below. Values are JSON as
Django's encoder writes them: dates as ISO strings, decimals as strings.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder

from .models import Document, Profile

PROFILE_EXCLUDED = frozenset({"id", "user", "updated_at"})
QUALIFICATION_FIELDS = ("level", "field_of_study", "programme", "institution", "year", "cgpa")
EXPERIENCE_FIELDS = ("employer", "position", "field_of_work", "started_on", "ended_on")
LANGUAGE_FIELDS = ("name", "spoken", "written")

EMAIL, PROFILE, QUALIFICATIONS, EXPERIENCES, LANGUAGES, DOCUMENTS = (
    "email",
    "profile",
    "qualifications",
    "experiences",
    "languages",
    "documents",
)


def as_json(data: dict) -> dict:
    """Dates, decimals and UUIDs as DjangoJSONEncoder writes them: what is read back is what was stored."""
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def snapshot_build(*, profile: Profile, documents: list[Document]) -> dict:
    """A plain copy of everything the candidate declared, as it was at submission."""
    return as_json(
        {
            EMAIL: profile.user.email,
            PROFILE: {
                field.name: getattr(profile, field.name)
                for field in Profile._meta.fields
                if field.name not in PROFILE_EXCLUDED
            },
            QUALIFICATIONS: [
                {"id": q.pk, **{name: getattr(q, name) for name in QUALIFICATION_FIELDS}}
                for q in profile.qualifications.all()
            ],
            EXPERIENCES: [{name: getattr(e, name) for name in EXPERIENCE_FIELDS} for e in profile.experiences.all()],
            LANGUAGES: [{name: getattr(lang, name) for name in LANGUAGE_FIELDS} for lang in profile.languages.all()],
            DOCUMENTS: [
                {
                    "id": d.pk,
                    "kind": d.kind,
                    "name": d.original_name,
                    "sha256": d.sha256,
                    "qualification": d.qualification_id,
                }
                for d in documents
            ],
        }
    )
