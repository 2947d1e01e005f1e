"""The answers of the old BORANG carried to its new questions: accounting body, English, IP-law knowledge."""

from django.db import migrations

LEVELS = ["excellent", "good", "fair", "weak"]


def forwards(apps, schema_editor):
    Profile = apps.get_model("applications", "Profile")
    Profile.objects.filter(mia_full_member=True).update(accounting_body="mia")
    # The old tick named no body: "another recognised body" is for HR to judge until the candidate names it.
    Profile.objects.filter(mia_full_member=False, accounting_body_full_member=True).update(accounting_body="other")
    for level in LEVELS:
        Profile.objects.filter(english_level=level).update(english_spoken=level, english_written=level)
    # Whoever saved the step of skills (English was required there) and left the IP-law box empty answered "none".
    Profile.objects.exclude(english_level="").filter(ip_law_knowledge="").update(ip_law_knowledge_kind="none")


def backwards(apps, schema_editor):
    Profile = apps.get_model("applications", "Profile")
    Profile.objects.filter(accounting_body="mia").update(mia_full_member=True)
    Profile.objects.exclude(accounting_body__in=["", "mia"]).update(accounting_body_full_member=True)
    for level in LEVELS:
        Profile.objects.filter(english_written=level).update(english_level=level)


class Migration(migrations.Migration):

    dependencies = [
        ("applications", "0005_borang_answers_for_the_rules"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
