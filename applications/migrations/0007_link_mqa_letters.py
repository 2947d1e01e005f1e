"""MQA letters uploaded before letters named their qualification: linked where the owner lists one diploma or degree."""

from collections import defaultdict

from django.db import migrations

# applications.constants.DEGREE_LEVELS when this migration was written.
DEGREE_LEVELS = ["diploma", "bachelor", "master", "doctorate"]
BATCH = 2000


def forwards(apps, schema_editor):
    Document = apps.get_model("applications", "Document")
    Qualification = apps.get_model("applications", "Qualification")
    degrees = defaultdict(list)
    for user_id, pk in Qualification.objects.filter(level__in=DEGREE_LEVELS).values_list("profile__user_id", "pk"):
        degrees[user_id].append(pk)
    letters = Document.objects.filter(kind="mqa_letter", qualification__isnull=True).only("pk", "owner_id")
    linked = []
    for letter in letters.iterator(chunk_size=BATCH):
        if len(degrees.get(letter.owner_id, [])) == 1:
            letter.qualification_id = degrees[letter.owner_id][0]
            linked.append(letter)
    Document.objects.bulk_update(linked, ["qualification"], batch_size=BATCH)


class Migration(migrations.Migration):

    dependencies = [
        ("applications", "0006_profile_answers_from_old_fields"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
