"""Re-advertisements already made are applied for on the portal: their copied paper instructions are replaced."""

import datetime as dt

from django.db import migrations

# A frozen copy of vacancies.services.online_application_texts as it was when this migration was written.
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


def forwards(apps, schema_editor):
    Advertisement = apps.get_model("vacancies", "Advertisement")
    for advertisement in Advertisement.objects.filter(readvertised_from__isnull=False).select_related(
        "readvertised_from"
    ):
        advertisement.applies_online = True
        fields = ["applies_online"]
        source = advertisement.readvertised_from
        if (advertisement.how_to_apply_ms, advertisement.submission_ms) == (source.how_to_apply_ms, source.submission_ms):
            for name, text in online_application_texts(closes_on=advertisement.closes_on).items():
                setattr(advertisement, name, text)
                fields.append(name)
        advertisement.save(update_fields=fields)


class Migration(migrations.Migration):
    dependencies = [("vacancies", "0006_add_applies_online")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
