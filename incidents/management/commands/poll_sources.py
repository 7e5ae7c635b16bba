"""Poll sources now, in this process, with no broker."""

import logging

from django.core.management.base import BaseCommand, CommandError

from incidents.ingest.poll import poll
from incidents.models import Source

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Poll the named sources (all enabled ones when none is named); one line per source. "
        "Exits 1 when a named source does not exist, after polling the others."
    )

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="*", metavar="NAME")

    def handle(self, *args, names, **options):
        sources = Source.objects.select_related("provider")
        if not names:
            for source in sources.filter(enabled=True):
                self._poll(source.name, source)
            return
        found = {s.name: s for s in sources.filter(name__in=names)}
        for name in names:
            self._poll(name, found.get(name))
        unknown = [name for name in names if name not in found]
        if unknown:
            # A typo in a cron line must not pass for a quiet success.
            raise CommandError(
                f"No such source: {', '.join(unknown)} (see `add_source`, or the admin's list)."
            )

    def _poll(self, name: str, source: Source | None) -> None:
        # A failing source is reported and recorded, never fatal: the exit status stays 0.
        if source is None:
            self.stdout.write(f"{name}: error: no such source")
        elif not source.enabled:
            self.stdout.write(f"{name}: disabled, not polled")
        else:
            self.stdout.write(self._summary(source))

    def _summary(self, source: Source) -> str:
        try:
            return poll(source).summary()
        except Exception as exc:
            logger.exception("polling source %s failed", source.pk)
            return f"{source.name}: error: {exc.__class__.__name__}: {exc}"
