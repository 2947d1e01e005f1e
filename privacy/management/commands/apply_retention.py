import datetime as dt

from django.core.management.base import BaseCommand

from privacy.services import retention_apply


class Command(BaseCommand):
    help = "Anonymise unsuccessful applications whose retention period has ended (safe to run daily from cron)."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=dt.date.fromisoformat, help="run as if today were this date (YYYY-MM-DD)")

    def handle(self, *args, today, **options):
        report = retention_apply(today=today)
        if not report.anonymised:
            self.stdout.write("Nothing to do: no retention period ended with applications left to anonymise.")
            return
        self.stdout.write(
            f"Anonymised {report.anonymised} application(s) of advertisement(s) "
            f"{', '.join(map(str, report.advertisements))}; deleted {report.documents_deleted} document(s)."
        )
