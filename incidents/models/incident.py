from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .catalog import Product, Provider, Region
from .citations import Citation
from .validators import validate_time_zone


class Status(models.TextChoices):
    INVESTIGATING = "investigating", "Investigating"
    IDENTIFIED = "identified", "Identified"
    MONITORING = "monitoring", "Monitoring"
    RESOLVED = "resolved", "Resolved"
    POSTMORTEM = "postmortem", "Postmortem"


class Impact(models.TextChoices):
    NONE = "none", "None"
    MINOR = "minor", "Minor"
    MAJOR = "major", "Major"
    CRITICAL = "critical", "Critical"
    MAINTENANCE = "maintenance", "Maintenance"

    @classmethod
    def at_least(cls, level: str) -> list[str]:
        """Return the impacts as severe as `level` or more (maintenance ranks with none)."""
        order = [cls.NONE, cls.MINOR, cls.MAJOR, cls.CRITICAL]
        if level == cls.MAINTENANCE:
            level = cls.NONE
        return [i.value for i in order[order.index(cls(level)) :]]

    @classmethod
    def affecting(cls) -> list[str]:
        """Return the impacts that mean a product was hurt: above none (and not maintenance)."""
        return cls.at_least(cls.MINOR)


class ReviewState(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    HIDDEN = "hidden", "Hidden"


class IncidentQuerySet(models.QuerySet):
    def published(self) -> IncidentQuerySet:
        """Incidents the public may see: published and not merged into another."""
        return self.filter(review_state=ReviewState.PUBLISHED, merged_into__isnull=True)

    def ongoing(self) -> IncidentQuerySet:
        """Incidents with no end yet. A resolved one whose end no source gives is not ongoing."""
        closed = [Status.RESOLVED, Status.POSTMORTEM]
        return self.filter(ended_at__isnull=True).exclude(status__in=closed)


class Incident(models.Model):
    slug = models.SlugField(unique=True, max_length=120, help_text="Stable public id.")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="incidents")
    language = models.CharField(
        max_length=16, default="en", help_text="Language of the original title and summary."
    )
    title = models.CharField(max_length=500, help_text="As the vendor wrote it.")
    summary = models.TextField(blank=True)
    title_en = models.CharField("title (English)", max_length=500, blank=True)
    summary_en = models.TextField("summary (English)", blank=True)
    title_zh_hans = models.CharField("title (Simplified Chinese)", max_length=500, blank=True)
    summary_zh_hans = models.TextField("summary (Simplified Chinese)", blank=True)
    title_zh_hant = models.CharField("title (Traditional Chinese)", max_length=500, blank=True)
    summary_zh_hant = models.TextField("summary (Traditional Chinese)", blank=True)
    regions = models.ManyToManyField(Region, blank=True, related_name="incidents")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.INVESTIGATING)
    impact = models.CharField(max_length=16, choices=Impact.choices, default=Impact.MAJOR)
    started_at = models.DateTimeField(db_index=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    time_zone = models.CharField(
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text="The vendor's own zone for this incident's times.",
    )
    root_cause = models.TextField(blank=True)
    root_cause_language = models.CharField(
        max_length=16, default="en", help_text="Language of the original root cause."
    )
    root_cause_en = models.TextField("root cause (English)", blank=True)
    root_cause_zh_hans = models.TextField("root cause (Simplified Chinese)", blank=True)
    root_cause_zh_hant = models.TextField("root cause (Traditional Chinese)", blank=True)
    postmortem_url = models.URLField(max_length=1000, blank=True)
    review_state = models.CharField(
        max_length=10, choices=ReviewState.choices, default=ReviewState.DRAFT, db_index=True
    )
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
        help_text="Set on a duplicate: the incident that survives it.",
    )
    citations = models.ManyToManyField(
        Citation, through="IncidentCitation", blank=True, related_name="incidents"
    )
    duration_source = models.ForeignKey(
        Citation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Where sources disagree: the one whose start and end give the headline "
        "duration. Blank: the first official source.",
    )
    # Names of fields an editor changed by hand; ingestion never overwrites them.
    edited_fields = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = IncidentQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[regions])

    TRANSLATIONS = (
        "title_en",
        "summary_en",
        "title_zh_hans",
        "summary_zh_hans",
        "title_zh_hant",
        "summary_zh_hant",
        "root_cause_language",
        "root_cause_en",
        "root_cause_zh_hans",
        "root_cause_zh_hant",
    )

    class Meta:
        ordering = ["-started_at", "-id"]
        permissions = [
            ("publish_incident", "Can publish and hide incidents"),
            ("merge_incident", "Can merge duplicate incidents"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_at__isnull=True)
                | models.Q(ended_at__gte=models.F("started_at")),
                name="incident_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~models.Q(merged_into=models.F("id")),
                name="incident_not_merged_into_self",
            ),
        ]
        indexes = [
            models.Index(fields=["review_state", "-started_at"], name="incident_public_idx"),
            # The timeline's most used filter: without it one provider's newest page scans
            # every provider's incidents in time order.
            models.Index(
                fields=["provider", "review_state", "-started_at"],
                name="incident_provider_public_idx",
            ),
            # Incremental sync pages by (updated_at, id); ingestion stamps whole batches with
            # one time, and an index on updated_at alone left PostgreSQL sorting every tie.
            models.Index(fields=["updated_at", "id"], name="incident_updated_idx"),
            # Availability reads the incidents whose window touches a period: those that end
            # after its start or have not ended. Without it a provider's whole past is scanned.
            models.Index(
                fields=["provider", "review_state", "ended_at"], name="incident_provider_end_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.title_en or self.title

    def get_absolute_url(self) -> str:
        return reverse("incident-detail", args=[self.slug])

    def clean(self) -> None:
        if self.ended_at and self.started_at and self.ended_at < self.started_at:
            raise ValidationError({"ended_at": "The end cannot be before the start."})
        if self.merged_into_id and self.merged_into_id == self.pk:
            raise ValidationError({"merged_into": "An incident cannot be merged into itself."})

    @property
    def is_ongoing(self) -> bool:
        return self.ended_at is None and self.status not in (Status.RESOLVED, Status.POSTMORTEM)

    @property
    def is_public(self) -> bool:
        return self.review_state == ReviewState.PUBLISHED and self.merged_into_id is None

    def was_ever_public(self) -> bool:
        """Return whether any saved version was published and not merged (history tells)."""
        return self.history.filter(
            review_state=ReviewState.PUBLISHED, merged_into__isnull=True
        ).exists()

    def localized_title(self, language: str) -> str:
        """Return the title in `language` where a translation exists, the original otherwise."""
        return self._localized("title", language)

    def localized_summary(self, language: str) -> str:
        return self._localized("summary", language)

    def _localized(self, field: str, language: str) -> str:
        lang = language.lower().replace("-", "_")
        if lang.startswith(self.language.lower().replace("-", "_")):
            return getattr(self, field)
        for suffix in ("zh_hans", "zh_hant", "en"):
            if lang.startswith(suffix) and getattr(self, f"{field}_{suffix}"):
                return getattr(self, f"{field}_{suffix}")
        return getattr(self, field)

    def publish(self) -> None:
        self._set_review_state(ReviewState.PUBLISHED)

    def hide(self) -> None:
        self._set_review_state(ReviewState.HIDDEN)

    def _set_review_state(self, state: str) -> None:
        self.review_state = state
        self.save(update_fields=["review_state", "updated_at"])

    def resolve(self, at: dt.datetime | None = None) -> None:
        self.status = Status.RESOLVED
        self.ended_at = at or timezone.now()
        self.save(update_fields=["status", "ended_at", "updated_at"])

    def check_impacts(self) -> None:
        """Refuse this incident's times where a stored product impact would fall outside them."""
        # The admin checks the impacts as edited on the same page (ProductImpactFormSet);
        # the API changes one or the other, so it checks against the stored impacts.
        if self.pk is None:
            return
        errors: dict[str, list[str]] = {}
        for impact in self.impacts.select_related("product"):
            for problem in _window_problems(self, impact.started_at, impact.ended_at):
                field, message = INCIDENT_MESSAGES[problem]
                errors.setdefault(field, []).append(message.format(product=impact.product.name))
        if errors:
            raise ValidationError(errors)

    def mark_edited(self, fields: list[str]) -> None:
        """Remember fields an editor changed, so ingestion leaves them alone."""
        self.edited_fields = sorted(set(self.edited_fields) | set(fields))


class IncidentUpdate(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="updates")
    posted_at = models.DateTimeField()
    status = models.CharField(max_length=16, choices=Status.choices, blank=True)
    # Raw, as the vendor sent it. Sanitise before rendering.
    body = models.TextField()
    external_id = models.CharField(max_length=200, blank=True)
    language = models.CharField(max_length=16, blank=True, help_text="Language of the body.")
    body_en = models.TextField("body (English)", blank=True)
    body_zh_hans = models.TextField("body (Simplified Chinese)", blank=True)
    body_zh_hant = models.TextField("body (Traditional Chinese)", blank=True)

    TRANSLATIONS = ("body_en", "body_zh_hans", "body_zh_hant")

    history = HistoricalRecords()

    class Meta:
        ordering = ["posted_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "external_id"],
                condition=~models.Q(external_id=""),
                name="update_external_id_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.posted_at:%Y-%m-%d %H:%M}Z {self.status}"


# One rule for where a product impact may lie inside its incident, worded for each side.
IMPACT_MESSAGES = {
    "starts_before": "The impact cannot start before the incident starts.",
    "starts_after": "The impact cannot start after the incident ends.",
    "ends_after": "The impact cannot end after the incident ends.",
}
INCIDENT_MESSAGES = {
    "starts_before": ("started_at", "The impact on {product} starts before this start."),
    "starts_after": ("ended_at", "The impact on {product} starts after this end."),
    "ends_after": ("ended_at", "The impact on {product} ends after this end."),
}


def _window_problems(
    incident: Incident, start: dt.datetime | None, end: dt.datetime | None
) -> dict[str, str]:
    """Map each way an impact from `start` to `end` breaks out of `incident` to its field."""
    problems: dict[str, str] = {}
    if not incident.started_at:
        return problems
    if start and start < incident.started_at:
        problems["starts_before"] = "started_at"
    if start and incident.ended_at and start > incident.ended_at:
        problems["starts_after"] = "started_at"
    if end and incident.ended_at and end > incident.ended_at:
        problems["ends_after"] = "ended_at"
    return problems


class ProductImpactQuerySet(models.QuerySet):
    def affected(self) -> ProductImpactQuerySet:
        """Impacts that took a product down, not products checked and found fine."""
        return self.filter(impact__in=Impact.affecting())


class ProductImpact(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="impacts")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="impacts")
    impact = models.CharField(max_length=16, choices=Impact.choices, default=Impact.MAJOR)
    started_at = models.DateTimeField(null=True, blank=True, help_text="Blank: the incident's.")
    ended_at = models.DateTimeField(null=True, blank=True, help_text="Blank: the incident's.")
    note = models.TextField(blank=True)

    objects = ProductImpactQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["incident", "product__name"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "product"], name="impact_unique_product"),
            models.CheckConstraint(
                condition=models.Q(ended_at__isnull=True)
                | models.Q(started_at__isnull=True)
                | models.Q(ended_at__gte=models.F("started_at")),
                name="impact_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product} ({self.impact})"

    def clean(self) -> None:
        errors = {}
        if self.started_at and self.ended_at and self.ended_at < self.started_at:
            errors["ended_at"] = "The end cannot be before the start."
        incident = self.incident if self.incident_id else None
        if incident:
            errors |= self.window_errors(incident, self.started_at, self.ended_at)
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def window_errors(
        incident: Incident, start: dt.datetime | None, end: dt.datetime | None
    ) -> dict[str, str]:
        """Return why an impact from `start` to `end` does not fit `incident`, by impact field."""
        return {
            field: IMPACT_MESSAGES[problem]
            for problem, field in _window_problems(incident, start, end).items()
        }

    @property
    def is_affected(self) -> bool:
        return self.impact in Impact.affecting()

    @property
    def effective_start(self) -> dt.datetime:
        return self.started_at or self.incident.started_at

    @property
    def effective_end(self) -> dt.datetime | None:
        return self.ended_at or self.incident.ended_at


class IncidentCitation(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="sourcing")
    citation = models.ForeignKey(Citation, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0, help_text="Official reports first.")
    note = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "citation"], name="incident_citation_unique"
            )
        ]

    def __str__(self) -> str:
        return str(self.citation)


class ReportedTime(models.Model):
    """One source's value for a time that sources disagree on."""

    class Field(models.TextChoices):
        STARTED_AT = "started_at", "Start"
        ENDED_AT = "ended_at", "End"

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="reported_times")
    field = models.CharField(max_length=10, choices=Field.choices)
    value = models.DateTimeField()
    citation = models.ForeignKey(Citation, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(max_length=300, blank=True, help_text="What this value measures.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["field", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "field", "citation"], name="reported_time_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_field_display()} {self.value:%Y-%m-%d %H:%M}Z per {self.citation}"
