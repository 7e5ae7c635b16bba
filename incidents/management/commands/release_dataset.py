"""Publish a dated, immutable release of the public record: `python manage.py release_dataset`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from incidents.models import DatasetRelease
from incidents.record.releases import ReleaseError, release_dataset, releases_dir, verify


class Command(BaseCommand):
    help = (
        "Write a new dataset release (NDJSON, CSV, changelog, checksums, datapackage.json, "
        "CITATION.cff) under RELEASES_DIR; an existing release is never overwritten."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--chunk-size", type=int, default=500, help="Incidents fetched per batch (default 500)."
        )
        parser.add_argument(
            "--verify",
            metavar="VERSION",
            help="Check a release's files against its checksums instead; exit 1 if any differ.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["verify"]:
            return self._verify(options["verify"])
        if options["chunk_size"] < 1:
            raise CommandError("--chunk-size must be at least 1.")
        try:
            release = release_dataset(chunk_size=options["chunk_size"])
        except ReleaseError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Released {release.version}: {release.incidents} incidents ({release.added} added, "
            f"{release.changed} changed, {release.merged} merged, {release.retracted} retracted"
            f"{', against ' + release.previous.version if release.previous else ''}), "
            f"{release.redirects} redirects, in {releases_dir() / release.version}"
        )

    def _verify(self, version: str) -> None:
        release = DatasetRelease.objects.filter(version=version).first()
        if release is None:
            raise CommandError(f"No release {version!r}.")
        problems = verify(release)
        if problems:
            raise CommandError(f"Release {version}: " + "; ".join(problems))
        self.stdout.write(f"Release {version}: {len(release.files)} files match their checksums.")
