"""What a dataset import keeps: each original record, and the duplicates it proposes."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from incidents.ingest.parsers import DATASET_KIND

from .incident import Incident
from .sources import Source

__all__ = ["DATASET_KIND", "DuplicateProposal", "ImportedRecord"]


class ImportedRecord(models.Model):
    """The original record of a dataset, as read, beside the incident made of it."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="imported_records")
    external_id = models.CharField(max_length=300)
    incident = models.ForeignKey(
        Incident, null=True, blank=True, on_delete=models.SET_NULL, related_name="imported_records"
    )
    location = models.CharField(max_length=300, help_text="File and row or key it was read from.")
    sha256 = models.CharField(max_length=64)
    raw = models.TextField(help_text="The record exactly as the dataset holds it.")
    notes = models.TextField(
        blank=True, help_text="What the import repaired or doubted, a line each."
    )
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["source__name", "external_id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="imported_record_unique")
        ]

    def __str__(self) -> str:
        return f"{self.source.name}:{self.external_id}"


class DuplicateProposal(models.Model):
    """An imported incident that looks like one already stored, for an editor to merge or not."""

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="duplicate_proposals"
    )
    candidate = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="+")
    similarity = models.FloatField(help_text="Title similarity, 0 to 1.")
    reason = models.CharField(max_length=300)
    proposed_at = models.DateTimeField(default=timezone.now)
    dismissed = models.BooleanField(default=False, help_text="An editor judged them different.")

    class Meta:
        ordering = ["dismissed", "-proposed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "candidate"], name="duplicate_pair_unique"),
            models.CheckConstraint(
                condition=~models.Q(incident=models.F("candidate")), name="duplicate_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.incident} ~ {self.candidate}"
