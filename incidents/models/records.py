"""Each incident's export record, kept ready as the bytes the export and the API serve."""

from django.db import models

from .incident import Incident


class StoredRecord(models.Model):
    """The record of one incident as written by incidents.record.builder, in both formats."""

    incident = models.OneToOneField(
        Incident, on_delete=models.CASCADE, primary_key=True, related_name="stored_record"
    )
    # Compact JSON with no newline (an NDJSON line, an API list item) and one CSV row
    # ending in "\r\n", so the export concatenates them as they are.
    json = models.TextField()
    csv = models.TextField()
    # The builder's RECORD_VERSION when written: a row of an older shape is rebuilt, not served.
    version = models.CharField(max_length=16)
    built_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"record of incident {self.incident_id}"
