from django.core.management.base import BaseCommand

from interviews.services import offers_lapse


class Command(BaseCommand):
    help = "Mark the offers unanswered past their deadline as lapsed (the post then goes to the reserve list)."

    def handle(self, *args, **options):
        count = offers_lapse()
        self.stdout.write(f"{count} offer(s) lapsed.")
