"""python manage.py load_demo: the bundled demo articles through the real pipeline; twice adds nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand

from defensetrack.tracker.services.ingest import do_ingest, list_inputs

DEMO_ARTICLES = Path(__file__).resolve().parents[2] / "demo" / "articles"


class Command(BaseCommand):
    help = "Load the demo articles (tasks run inline when no broker is configured)."

    def handle(self, *args, **options):
        summary = do_ingest(list_inputs([DEMO_ARTICLES]))
        for error in summary.errors:
            self.stderr.write(f"  rejected {error}")
        self.stdout.write(f"Demo articles: {summary.line()}")
