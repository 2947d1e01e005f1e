from django.core.management.base import BaseCommand

from outbox.models import Email
from outbox.services import outbox_sweep


class Command(BaseCommand):
    help = (
        "Send the e-mails still owed and due. Safe from cron every minute, beside or instead of celery beat, "
        "and while the broker is down: several senders never send the same e-mail."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=500, help="at most this many e-mails in one run")
        parser.add_argument("--seconds", type=float, default=50.0, help="stop starting new e-mails after this long")

    def handle(self, *args, limit, seconds, **options):
        sent = outbox_sweep(limit=limit, seconds=seconds)
        pending = Email.objects.filter(status=Email.Status.PENDING).count()
        failed = Email.objects.filter(status=Email.Status.FAILED).count()
        self.stdout.write(f"Sent {sent} e-mail(s); {pending} still pending, {failed} failed (see the admin).")
