from django.db import migrations
from django.db.models import F


def fill_last_published(apps, schema_editor):
    # Shortlists published before the first publication was kept apart: their one publication is also the last.
    Shortlist = apps.get_model("screening", "Shortlist")
    Shortlist.objects.filter(published_at__isnull=False, last_published_at__isnull=True).update(
        last_published_at=F("published_at"), last_published_by=F("published_by")
    )


class Migration(migrations.Migration):
    dependencies = [("screening", "0005_add_last_published")]

    operations = [migrations.RunPython(fill_last_published, migrations.RunPython.noop)]
