"""Import a public outage dataset as draft incidents, each citing the dataset."""

from dataclasses import replace
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from incidents.ingest.datasets import FORMATS
from incidents.ingest.datasets.importer import import_records, read_path


class Command(BaseCommand):
    help = (
        "Import a dataset file (or a folder of them) as drafts with provenance; one message per "
        "skipped row, then a summary. Re-running it changes nothing that did not change."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH")
        parser.add_argument("--format", required=True, choices=sorted(FORMATS))
        parser.add_argument(
            "--dataset-url",
            default="",
            help="Where the dataset is published: cited on every incident (required for ndjson).",
        )

    def handle(self, *args, path, format, dataset_url, **options):
        reader = FORMATS[format]()
        citation = reader.citation
        if dataset_url:
            citation = replace(citation, url=dataset_url)
        if not citation.url:
            raise CommandError(f"--dataset-url is required for {format}: say where it came from")
        location = Path(path)
        if not location.exists():
            raise CommandError(f"{path}: no such file or folder")
        summary = import_records(reader, read_path(reader, location), citation)
        for line in summary.lines():
            self.stdout.write(line)
