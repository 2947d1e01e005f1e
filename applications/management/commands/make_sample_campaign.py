import time

from django.core.management.base import BaseCommand, CommandError

from applications.sample_data import sample_campaign_create
from vacancies.models import Advertisement


class Command(BaseCommand):
    help = "Fill an advertisement with a realistic campaign of submitted applications (demo and benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("advertisement", help="id of the advertisement, or 'open' for the latest open one")
        parser.add_argument("--count", type=int, default=300)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--no-files", action="store_true", help="share a few stored files instead of one each")

    def handle(self, *args, advertisement, count, seed, no_files, **options):
        if advertisement == "open":
            target = Advertisement.objects.open().order_by("-created_at").first()
        else:
            target = Advertisement.objects.filter(pk=int(advertisement)).first() if advertisement.isdigit() else None
        if target is None:
            raise CommandError(f"No advertisement {advertisement!r}.")
        if not target.posts.exists():
            raise CommandError("That advertisement has no posts.")
        started = time.monotonic()
        created = sample_campaign_create(advertisement=target, count=count, seed=seed, with_files=not no_files)
        self.stdout.write(
            f"Created {created} sample application(s) for advertisement {target.pk} "
            f"in {time.monotonic() - started:.1f} s" + ("" if created else " (already there)") + "."
        )
