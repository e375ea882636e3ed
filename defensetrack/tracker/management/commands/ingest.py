"""python manage.py ingest PATH_OR_URL... [--feed URL]: store articles and queue their processing."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from defensetrack.tracker.errors import DomainError
from defensetrack.tracker.services.feeds import do_add_feed, do_poll_feed
from defensetrack.tracker.services.ingest import do_ingest, list_inputs


class Command(BaseCommand):
    help = (
        "Ingest article files (.txt, .html), folders of them, web addresses, or an RSS/Atom feed."
    )

    def add_arguments(self, parser):
        parser.add_argument("inputs", nargs="*", help="Files, folders or http(s) addresses.")
        parser.add_argument("--feed", action="append", default=[], help="Add and poll a feed.")

    def handle(self, *args, **options):
        if not options["inputs"] and not options["feed"]:
            raise CommandError("Give files, folders or addresses to ingest, or --feed URL.")
        for url in options["feed"]:
            self._poll(url)
        if options["inputs"]:
            self._ingest(options["inputs"], verbosity=options["verbosity"])

    def _poll(self, url: str) -> None:
        try:
            feed, _ = do_add_feed(url=url)
            result = do_poll_feed(feed_id=feed.pk)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        feed.refresh_from_db()
        if feed.last_error:
            self.stderr.write(f"Feed {url}: {feed.last_error}")
        self.stdout.write(
            f"Feed {url}: {result.entries} entries, {result.new} new articles queued, "
            f"{result.rejected} skipped."
        )

    def _ingest(self, inputs: list[str], *, verbosity: int) -> None:
        try:
            items = list_inputs(inputs)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        show = verbosity > 0 and len(items) > 1
        summary = do_ingest(
            items, progress=lambda it: tqdm(it, desc="Ingesting", unit="article", disable=not show)
        )
        for error in summary.errors:
            self.stderr.write(f"  rejected {error}")
        self.stdout.write(summary.line())
        statuses = summary.statuses()
        if summary.new:
            self.stdout.write(
                "new articles: "
                + ", ".join(f"{status} {count}" for status, count in sorted(statuses.items()))
            )
