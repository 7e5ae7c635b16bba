"""Dataset releases: dated, immutable snapshots of the public record (files on disk, one row)."""

from __future__ import annotations

from django.db import models


class DatasetRelease(models.Model):
    """One published release. Rows are only ever created, never changed: files are immutable."""

    version = models.CharField(
        max_length=20, unique=True, help_text="The release date, and .N for the Nth that day."
    )
    released_on = models.DateField()
    created_at = models.DateTimeField()
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    incidents = models.PositiveIntegerField(help_text="Records in the release.")
    added = models.PositiveIntegerField()
    changed = models.PositiveIntegerField()
    merged = models.PositiveIntegerField()
    retracted = models.PositiveIntegerField()
    redirects = models.PositiveIntegerField(help_text="Merged ids listed with their survivor.")
    # [{"name", "bytes", "sha256", "media_type"}]: the only files the app serves for it.
    files = models.JSONField()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.version

    def file(self, name: str) -> dict | None:
        """Return the entry of one of the release's files, or None for any other name."""
        return next((entry for entry in self.files if entry["name"] == name), None)
