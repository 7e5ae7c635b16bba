"""Replay a status page's successive snapshots through its source's parser and the upsert."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from incidents.ingest.datasets.replay import folder_snapshots, git_snapshots, replay
from incidents.ingest.parsers import PARSERS
from incidents.models import Source


class Command(BaseCommand):
    help = (
        "Replay snapshots of SOURCE's page from a folder (files in name order) or, with --file, "
        "from that file's history in the git repository PATH (commit order, commit times)."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", metavar="SOURCE", help="The Source's name.")
        parser.add_argument("path", metavar="PATH")
        parser.add_argument("--file", default="", help="The file's path inside the repository.")

    def handle(self, *args, source, path, file, **options):
        found = Source.objects.select_related("provider").filter(name=source).first()
        if found is None:
            raise CommandError(f"no source named {source!r}")
        if found.kind not in PARSERS:
            raise CommandError(f"source {source!r} has kind {found.kind!r}, which has no parser")
        location = Path(path)
        if file:
            if not (location / ".git").exists():
                raise CommandError(f"{path} is not a git repository")
            snapshots = git_snapshots(location, file)
        elif location.is_dir():
            snapshots = folder_snapshots(location)
        else:
            raise CommandError(f"{path}: not a folder (a repository needs --file)")
        for line in replay(found, snapshots).lines():
            self.stdout.write(line)
