from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from accounts.models import User
from accounts.roles import HR_ADMINISTRATOR, HR_OFFICER, INTERVIEWER

DEMO_PASSWORD = "demo-MyIPO-2026"  # noqa: S105 - a demo login, printed for the newcomer; never for production
DEMO_STAFF = [
    ("pegawai.hr@demo.myipo.local", "Pegawai HR (demo)", HR_OFFICER),
    ("pentadbir.hr@demo.myipo.local", "Pentadbir HR (demo)", HR_ADMINISTRATOR),
    ("panel.temuduga@demo.myipo.local", "Ahli Panel Temu Duga (demo)", INTERVIEWER),
]


class Command(BaseCommand):
    help = "Create the demo HR officer, HR administrator and interviewer logins (only for a local demo)."

    def handle(self, *args, **options):
        for email, name, role in DEMO_STAFF:
            user, created = User.objects.get_or_create(
                email=email, defaults={"full_name": name, "is_staff": True, "email_verified_at": None}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            user.groups.set([Group.objects.get(name=role)])
            self.stdout.write(f"{role}: {email} / {DEMO_PASSWORD}")
