# The audit trail moves from privacy to an app of its own, keeping its table: state only, no data moves.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    """Permissions on audit events (e.g. the HR roles' view right) follow the model to its new app."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="audit", model="auditevent").exists():
        ContentType.objects.filter(app_label="privacy", model="auditevent").update(app_label="audit")


def restore_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="audit", model="auditevent").update(app_label="privacy")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("privacy", "0002_add_staff_rights_and_search_actions"),
        ("applications", "0004_add_acknowledged_at"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AuditEvent",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="when")),
                        ("actor_email", models.CharField(blank=True, db_index=True, max_length=254, verbose_name="who (e-mail)")),
                        ("ip_address", models.GenericIPAddressField(blank=True, null=True, verbose_name="from address")),
                        ("action", models.CharField(db_index=True, max_length=30, verbose_name="action")),
                        ("reference", models.CharField(blank=True, db_index=True, max_length=30, verbose_name="reference number")),
                        ("detail", models.CharField(blank=True, max_length=500, verbose_name="what")),
                        (
                            "actor",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="who",
                            ),
                        ),
                        (
                            "application",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="applications.application",
                                verbose_name="application",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "audit event",
                        "verbose_name_plural": "audit trail",
                        "ordering": ["-at", "-pk"],
                        "db_table": "privacy_auditevent",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, restore_content_type),
    ]
