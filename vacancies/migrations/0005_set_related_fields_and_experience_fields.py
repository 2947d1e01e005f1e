"""Each post's new requirements, as the 2023 advertisement states them (fixtures/advertisement-2023.json agrees).

Posts 1, 2, 5, 6, 7 and 8 accept a degree or diploma "dalam bidang berkaitan": the fields plausibly related to the
work of the division go to HR's review (HR's administrator edits the lists in the post's admin page). Post 6 counts
experience in ICT security operations, data centres and networks, and asks deep knowledge of computer hardware and
systems, which only HR can judge.
"""

from django.db import migrations

RELATED_BY_DIVISION = {
    "Bahagian Sumber Manusia": ["human_resources", "business_administration", "public_administration", "psychology"],
    "Bahagian Dasar & Hubungan Antarabangsa": [
        "international_relations",
        "public_administration",
        "economics",
        "law",
        "intellectual_property",
        "business_administration",
        "communication",
    ],
    "Bahagian Hak Cipta": [
        "law",
        "intellectual_property",
        "arts_design",
        "communication",
        "business_administration",
        "public_administration",
    ],
    "Bahagian Formaliti Paten & Pendaftaran Antarabangsa": [
        "science",
        "computer_science",
        "computer_engineering",
        "electronic_engineering",
        "other_engineering",
        "law",
        "intellectual_property",
    ],
    "Bahagian Pengurusan Maklumat": ["information_systems", "electronic_engineering"],
}
ICT_EXPERIENCE = ["ict_security", "data_centre", "networks"]


def set_requirements(Post):
    for post in Post.objects.select_related("division").prefetch_related("lines"):
        related = any(
            line.kind == "qualification" and "bidang berkaitan" in line.text_ms.lower() for line in post.lines.all()
        )
        changed = []
        if related and not post.related_fields:
            post.related_fields = RELATED_BY_DIVISION.get(post.division.name_ms, [])
            changed.append("related_fields")
        if post.min_experience_years and post.division.name_ms == "Bahagian Pengurusan Maklumat":
            if not post.experience_fields:
                post.experience_fields = ICT_EXPERIENCE
                changed.append("experience_fields")
            if not post.judged_by_hr:
                post.judged_by_hr = ["ict_expertise"]
                changed.append("judged_by_hr")
        if changed:
            post.save(update_fields=changed)


def forwards(apps, schema_editor):
    set_requirements(apps.get_model("vacancies", "Post"))


class Migration(migrations.Migration):

    dependencies = [
        ("vacancies", "0004_add_related_experience_fields_and_hr_judged"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
