"""Every application submitted before versions were kept gets its version 1: the snapshot it was submitted with."""

from django.db import migrations


def forwards(apps, schema_editor):
    Application = apps.get_model("applications", "Application")
    ApplicationVersion = apps.get_model("applications", "ApplicationVersion")
    submitted = Application.objects.filter(submitted_at__isnull=False, versions__isnull=True)
    ApplicationVersion.objects.bulk_create(
        (
            ApplicationVersion(application_id=pk, number=1, submitted_at=submitted_at, snapshot=snapshot)
            for pk, submitted_at, snapshot in submitted.values_list("pk", "submitted_at", "snapshot").iterator()
        ),
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [("applications", "0016_application_versions")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
