# An event names its target by type and id instead of a foreign key into applications.

from django.db import migrations, models


def application_to_target(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditEvent.objects.filter(application__isnull=False).update(target_type="applications.application")
    for event in AuditEvent.objects.filter(application__isnull=False).only("pk", "application_id").iterator():
        AuditEvent.objects.filter(pk=event.pk).update(target_id=str(event.application_id))


def target_to_application(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    Application = apps.get_model("applications", "Application")
    for event in AuditEvent.objects.filter(target_type="applications.application").iterator():
        if Application.objects.filter(pk=event.target_id).exists():
            AuditEvent.objects.filter(pk=event.pk).update(application_id=int(event.target_id))


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial"), ("privacy", "0003_auditevent_moved_to_audit")]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="target_type",
            field=models.CharField(blank=True, default="", max_length=60, verbose_name="kind of record"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="target_id",
            field=models.CharField(blank=True, default="", max_length=64, verbose_name="record"),
            preserve_default=False,
        ),
        migrations.RunPython(application_to_target, target_to_application),
        migrations.RemoveField(model_name="auditevent", name="application"),
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("document_view", "Opened a candidate's document"),
                    ("application_view", "Opened an application"),
                    ("screening_run", "Ran screening"),
                    ("override", "Overrode eligibility"),
                    ("shortlist_add", "Added to a shortlist"),
                    ("shortlist_remove", "Removed from a shortlist"),
                    ("shortlist_build", "Built a shortlist"),
                    ("publish", "Published an outcome"),
                    ("interview_change", "Changed the interview details"),
                    ("export_pdf", "Exported a PDF"),
                    ("export_csv", "Exported a CSV file"),
                    ("readvertise", "Re-advertised posts"),
                    ("retention", "Applied the retention period"),
                    ("data_export", "Candidate downloaded their data"),
                    ("account_close", "Candidate closed their account"),
                    ("staff_rights", "Changed a staff member's rights"),
                    ("application_search", "Searched applications by MyKad number"),
                ],
                db_index=True,
                max_length=30,
                verbose_name="action",
            ),
        ),
        migrations.AddIndex(
            model_name="auditevent", index=models.Index(fields=["target_type", "target_id"], name="audit_target")
        ),
    ]
