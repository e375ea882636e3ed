"""python manage.py reprocess --failed | --all: queue articles again (after a fix, or a newer extractor)."""

from django.core.management.base import BaseCommand, CommandError

from defensetrack.tracker.models import Article
from defensetrack.tracker.services.articles import do_requeue_articles


class Command(BaseCommand):
    help = "Queue failed articles again (--failed), or every article (--all)."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--failed", action="store_true", help="Only articles that failed.")
        which.add_argument("--all", action="store_true", help="Every article.")

    def handle(self, *args, **options):
        if not options["failed"] and not options["all"]:
            raise CommandError("Say which articles: --failed or --all.")
        qs = Article.objects.all()
        if options["failed"]:
            qs = qs.filter(status=Article.Status.FAILED)
        count = do_requeue_articles(article_ids=qs.values_list("pk", flat=True).iterator())
        self.stdout.write(f"{count} article(s) queued again.")
