"""Before the MyKad constraints: every submission carries its MyKad, duplicates from before are marked, and a MyKad
left on several profiles stays with one account only (the others are asked for it again, and told it is taken)."""

from django.db import migrations
from django.db.models import Count

# applications.models.SUBMITTED_STATUSES when this migration was written.
SUBMITTED = ["submitted", "shortlisted", "not_shortlisted"]
BATCH = 2000


def backfill_mykad(Application):
    """The MyKad column from the frozen snapshot, where a submission lacks it (anonymised ones keep none)."""
    missing = Application.objects.filter(mykad="", anonymised_at__isnull=True).exclude(status="draft")
    filled = []
    for application in missing.only("pk", "snapshot").iterator(chunk_size=BATCH):
        mykad = ((application.snapshot or {}).get("profile") or {}).get("mykad") or ""
        if mykad:
            application.mykad = mykad[:12]
            filled.append(application)
    Application.objects.bulk_update(filled, ["mykad"], batch_size=BATCH)


def mark_duplicates(Application):
    """Of several submissions to a post under one MyKad, the first stands; the later ones are marked for HR."""
    submitted = Application.objects.filter(status__in=SUBMITTED).exclude(mykad="")
    groups = submitted.values("post_id", "mykad").annotate(n=Count("pk")).filter(n__gt=1)
    for group in groups.iterator():
        ids = list(
            submitted.filter(post_id=group["post_id"], mykad=group["mykad"])
            .order_by("submitted_at", "pk")
            .values_list("pk", flat=True)
        )
        Application.objects.filter(pk__in=ids[1:]).update(legacy_duplicate=True)


def one_profile_per_mykad(Profile, Application):
    """The MyKad stays on the profile of the account that first submitted with it, else on the oldest account."""
    groups = Profile.objects.exclude(mykad="").values("mykad").annotate(n=Count("pk")).filter(n__gt=1)
    for group in groups.iterator():
        profiles = list(Profile.objects.filter(mykad=group["mykad"]).order_by("user_id"))
        first = (
            Application.objects.filter(
                candidate_id__in=[p.user_id for p in profiles], status__in=SUBMITTED, mykad=group["mykad"]
            )
            .order_by("submitted_at", "pk")
            .values_list("candidate_id", flat=True)
            .first()
        )
        keeper = next((p for p in profiles if p.user_id == first), profiles[0])
        Profile.objects.filter(mykad=group["mykad"]).exclude(pk=keeper.pk).update(mykad="")


def forwards(apps, schema_editor):
    Application = apps.get_model("applications", "Application")
    Profile = apps.get_model("applications", "Profile")
    backfill_mykad(Application)
    mark_duplicates(Application)
    one_profile_per_mykad(Profile, Application)


class Migration(migrations.Migration):

    dependencies = [
        ("applications", "0009_add_legacy_duplicate"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
