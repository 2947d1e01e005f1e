# AuditEvent now belongs to the audit app (same table): privacy forgets it, in state only.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0002_add_staff_rights_and_search_actions"),
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="AuditEvent")], database_operations=[]),
    ]
