"""Create or update a status-page source by name."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_slug
from django.db import transaction

from incidents.ingest.poll import validate_source
from incidents.models import Provider, Source

MIN_INTERVAL = 30


class Command(BaseCommand):
    help = "Create or update the source NAME; an unknown provider slug is created."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True)
        parser.add_argument("--kind", required=True, help="Parser kind, e.g. statuspage.")
        parser.add_argument("--url", required=True)
        parser.add_argument("--provider", required=True, help="Provider slug, e.g. github.")
        parser.add_argument("--interval", type=int, help="Seconds between polls (default 300).")

    def handle(self, *args, name, kind, url, provider, interval, **options):
        _check(name, kind, url, provider, interval)
        with transaction.atomic():
            owner, provider_created = Provider.objects.get_or_create(
                slug=provider, defaults={"name": provider}
            )
            defaults = {"kind": kind, "url": url, "provider": owner}
            if interval is not None:
                defaults["poll_interval"] = interval
            source, created = Source.objects.update_or_create(name=name, defaults=defaults)
        if provider_created:
            self.stdout.write(f"Created provider {owner.slug}.")
        verb = "Created" if created else "Updated"
        self.stdout.write(
            f"{verb} source {source.name}: {source.kind} {source.url} "
            f"every {source.poll_interval}s ({'enabled' if source.enabled else 'disabled'})."
        )


def _check(name: str, kind: str, url: str, provider: str, interval: int | None) -> None:
    """Raise CommandError (exit code 2) for anything the source must not be saved with."""
    problems = []
    if not name.strip():
        problems.append("--name: must not be blank.")
    try:
        validate_slug(provider)
    except ValidationError:
        problems.append(f"--provider: {provider!r} is not a slug (letters, digits, - and _).")
    if interval is not None and interval < MIN_INTERVAL:
        problems.append(f"--interval: at least {MIN_INTERVAL} seconds, not {interval}.")
    try:
        validate_source(kind, url)
    except ValidationError as exc:
        problems += [f"--{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items()]
    if problems:
        raise CommandError("\n".join(problems), returncode=2)
