"""Write the public dataset: `python manage.py export --format ndjson|csv|json [--output FILE]`."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from incidents.record.builder import public_incidents
from incidents.record.formats import WRITERS, csv_header
from incidents.record.stored import iter_texts


class Command(BaseCommand):
    help = "Export published incidents as NDJSON, CSV or JSON (stdout unless --output)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=sorted(WRITERS), default="ndjson")
        parser.add_argument("--output", metavar="FILE", help="Write here instead of stdout.")
        parser.add_argument(
            "--chunk-size", type=int, default=2000, help="Records read per batch (default 2000)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["chunk_size"] < 1:
            raise CommandError("--chunk-size must be at least 1.")
        fmt = options["format"]
        chunks = iter_texts(public_incidents(), fmt, chunk_size=options["chunk_size"])
        write = functools.partial(write_stored, fmt, chunks)
        if not options["output"]:
            write(_Unbuffered(self.stdout))
            return
        count = _write_file(Path(options["output"]), write)
        self.stderr.write(f"Wrote {count} incidents to {options['output']}.")


def write_stored(fmt: str, chunks: Iterator[tuple[int, str]], fp: Any) -> int:
    """Write stored records' text as `fmt` (the layout of formats.WRITERS); return how many."""
    count = 0
    fp.write(csv_header() if fmt == "csv" else "[" if fmt == "json" else "")
    for rows, text in chunks:
        if fmt == "json":
            text = (",\n" if count else "\n") + text
        fp.write(text)
        count += rows
    if fmt == "json":
        fp.write("\n]\n" if count else "]\n")
    return count


def _write_file(path: Path, write: Any) -> int:
    """Write through a temporary file so a failed export never leaves half a file."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        # newline="" lets the csv module write its own line endings.
        with partial.open("w", encoding="utf-8", newline="") as fp:
            count = write(fp)
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
