"""Rebuild every incident's stored export record: `python manage.py rebuild_records`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from incidents.models import Incident, StoredRecord
from incidents.record.stored import RECORD_VERSION, rebuild_all, store


class Command(BaseCommand):
    help = "Build and store the export record of every incident (or only missing or outdated)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--missing",
            action="store_true",
            help="Only incidents without a stored record of the current version.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["missing"]:
            current = StoredRecord.objects.filter(version=RECORD_VERSION).values("incident_id")
            ids = Incident.objects.exclude(pk__in=current).values_list("pk", flat=True)
            count = store(list(ids))
        else:
            count = rebuild_all()
        self.stdout.write(f"Stored {count} records.")
