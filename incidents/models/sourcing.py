"""How well each value of an incident is sourced, as a reader should see it."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from .citations import Citation
from .incident import Incident


class SourcingLevel(models.TextChoices):
    OFFICIAL = "official", "Official text"
    SECONDARY = "secondary", "One secondary source"
    UNVERIFIED = "unverified", "Not verified"


class ValueSourcing(models.Model):
    """The confidence marker of one value of an incident, with the source that backs it."""

    class Field(models.TextChoices):
        # In reading order; pages and the record list markers in this order.
        STARTED_AT = "started_at", "Start"
        ENDED_AT = "ended_at", "End"
        REGIONS = "regions", "Regions"
        PRODUCTS = "products", "Products and their impact"
        ROOT_CAUSE = "root_cause", "Root cause"

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="value_sourcing")
    field = models.CharField(max_length=16, choices=Field.choices)
    level = models.CharField(max_length=12, choices=SourcingLevel.choices)
    citation = models.ForeignKey(
        Citation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The source the value was checked against; empty only when not verified.",
    )
    note = models.CharField(max_length=300, blank=True, help_text="What was or was not found.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["incident", "id"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "field"], name="value_sourcing_unique"),
            models.CheckConstraint(
                condition=models.Q(level=SourcingLevel.UNVERIFIED)
                | models.Q(citation__isnull=False),
                name="value_sourcing_verified_has_citation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_field_display()}: {self.get_level_display()}"

    @classmethod
    def in_reading_order(cls, markers: list[ValueSourcing]) -> list[ValueSourcing]:
        """Sort markers of one incident as the page and the record list them."""
        order = list(cls.Field.values)
        return sorted(markers, key=lambda m: order.index(m.field))
