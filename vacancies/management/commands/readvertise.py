import datetime as dt

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from vacancies.models import Advertisement
from vacancies.services import advertisement_ensure_open_copy, advertisement_readvertise


def parse_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value}") from error


class Command(BaseCommand):
    help = "Copy an advertisement with its posts under new dates (re-advertise)."

    def add_arguments(self, parser):
        parser.add_argument("source", type=int, help="id of the advertisement to copy")
        dates = parser.add_mutually_exclusive_group(required=True)
        dates.add_argument("--closes", type=parse_date, help="closing date, YYYY-MM-DD (Malaysian time)")
        dates.add_argument("--days", type=int, help="close this many days from today")
        parser.add_argument("--opens", type=parse_date, help="opening date, YYYY-MM-DD (default: now)")
        parser.add_argument(
            "--if-none-open",
            action="store_true",
            help="do nothing when an open re-advertisement of the source already exists",
        )

    def handle(self, *args, source, closes, days, opens, if_none_open, **options):
        try:
            advertisement = Advertisement.objects.get(pk=source)
        except Advertisement.DoesNotExist as error:
            raise CommandError(f"No advertisement with id {source}.") from error
        try:
            if if_none_open:
                if days is None:
                    raise CommandError("--if-none-open goes with --days.")
                copy, created = advertisement_ensure_open_copy(source=advertisement, days=days)
            else:
                opens_at = timezone.make_aware(dt.datetime.combine(opens, dt.time.min)) if opens else timezone.now()
                closes_on = closes or timezone.localdate() + dt.timedelta(days=days)
                copy, created = (
                    advertisement_readvertise(source=advertisement, opens_at=opens_at, closes_on=closes_on),
                    True,
                )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        verb = "Created" if created else "Kept"
        self.stdout.write(
            f"{verb} advertisement {copy.pk} ({copy.posts.count()} posts), open "
            f"{timezone.localtime(copy.opens_at):%Y-%m-%d %H:%M} to {copy.closes_on:%Y-%m-%d} 23:59:59."
        )
