from django.core.management.base import BaseCommand, CommandError

from applications.models import Application
from screening.services import screening_run
from vacancies.models import Advertisement, Post


class Command(BaseCommand):
    help = "Screen the submitted applications of a post or of a whole advertisement against the rules."

    def add_arguments(self, parser):
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--post", type=int, help="id of the post")
        target.add_argument("--advertisement", type=int, help="id of the advertisement")

    def handle(self, *args, post, advertisement, **options):
        if post:
            target = Post.objects.filter(pk=post).first()
            applications = Application.objects.filter(post_id=post)
        else:
            target = Advertisement.objects.filter(pk=advertisement).first()
            applications = Application.objects.filter(post__advertisement_id=advertisement)
        if target is None:
            raise CommandError("No such post or advertisement.")
        run = screening_run(applications=applications, scope=f"{target} (command)")
        self.stdout.write(f"Screened {run.application_count} application(s) of {target}; run {run.pk}.")
