"""Telephone numbers saved before E.164 (0123456789) are stored as +60123456789; one that cannot exist is kept
as it was, for the candidate to correct (the BORANG asks again before the next submission)."""

from django.db import migrations


def forwards(apps, schema_editor):
    import phonenumbers

    Profile = apps.get_model("applications", "Profile")
    for profile in Profile.objects.exclude(phone="").exclude(phone__startswith="+").only("pk", "phone").iterator():
        try:
            number = phonenumbers.parse(profile.phone, "MY")
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.region_code_for_number(number) == "MY" and phonenumbers.is_valid_number(number):
            profile.phone = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            profile.save(update_fields=["phone"])


def backwards(apps, schema_editor):
    Profile = apps.get_model("applications", "Profile")
    for profile in Profile.objects.filter(phone__startswith="+60").only("pk", "phone").iterator():
        profile.phone = "0" + profile.phone[3:]
        profile.save(update_fields=["phone"])


class Migration(migrations.Migration):
    dependencies = [("applications", "0014_phone_e164")]

    operations = [migrations.RunPython(forwards, backwards)]
