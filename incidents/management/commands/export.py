"""Write the public dataset: `python manage.py export --format ndjson|csv|json [--output FILE]`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from incidents.record.builder import iter_records
from incidents.record.formats import WRITERS


class Command(BaseCommand):
    help = "Export published incidents as NDJSON, CSV or JSON (stdout unless --output)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=sorted(WRITERS), default="ndjson")
        parser.add_argument("--output", metavar="FILE", help="Write here instead of stdout.")
        parser.add_argument(
            "--chunk-size", type=int, default=500, help="Incidents fetched per batch (default 500)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["chunk_size"] < 1:
            raise CommandError("--chunk-size must be at least 1.")
        write = WRITERS[options["format"]]
        records = iter_records(chunk_size=options["chunk_size"])
        if not options["output"]:
            write(records, _Unbuffered(self.stdout))  # type: ignore[arg-type]  # only .write()
            return
        count = _write_file(Path(options["output"]), write, records)
        self.stderr.write(f"Wrote {count} incidents to {options['output']}.")


def _write_file(path: Path, write: Any, records: Any) -> int:
    """Write through a temporary file so a failed export never leaves half a file."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        # newline="" lets the csv module write its own line endings.
        with partial.open("w", encoding="utf-8", newline="") as fp:
            count = write(records, fp)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return count


class _Unbuffered:
    """Pass text to a command's OutputWrapper without the newline it would append."""

    def __init__(self, out: Any) -> None:
        self.out = out

    def write(self, text: str) -> None:
        self.out.write(text, ending="")
