from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from .catalog import Organization
from .citations import Citation
from .incident import Incident


class Person(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    name_native = models.CharField(max_length=200, blank=True)
    name_zh_hant = models.CharField(
        "name (Traditional Chinese)", max_length=200, blank=True, help_text="For zh-Hant readers."
    )
    bio = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return f"{self.name} ({self.name_native})" if self.name_native else self.name


class LeadershipAction(models.TextChoices):
    APPOINTED = "appointed", "Took the role"
    DEPARTED = "departed", "Left the role"
    ANNOUNCED = "announced", "Succession announced"


class LeadershipChange(models.Model):
    slug = models.SlugField(unique=True, max_length=120)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="changes")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="leadership_changes"
    )
    role = models.CharField(max_length=200)
    action = models.CharField(max_length=10, choices=LeadershipAction.choices)
    acting = models.BooleanField(default=False)
    announced_on = models.DateField()
    effective_on = models.DateField(null=True, blank=True)
    leaves_organization = models.BooleanField(
        default=False,
        help_text="A departure from the organization itself: it ends every role held there.",
    )
    note = models.TextField(blank=True)
    citations = models.ManyToManyField(Citation, blank=True, related_name="leadership_changes")

    history = HistoricalRecords(m2m_fields=[citations])

    class Meta:
        ordering = ["announced_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(effective_on__isnull=True)
                | models.Q(effective_on__gte=models.F("announced_on")),
                name="leadership_effective_after_announced",
            )
        ]

    def __str__(self) -> str:
        acting = "acting " if self.acting else ""
        verb = {"appointed": "becomes", "departed": "leaves", "announced": "to become"}
        return f"{self.person.name} {verb.get(self.action, '')} {acting}{self.role}".strip()

    def clean(self) -> None:
        if self.effective_on and self.announced_on and self.effective_on < self.announced_on:
            raise ValidationError({"effective_on": "It cannot take effect before it is announced."})

    @property
    def date(self) -> dt.date:
        return self.announced_on


class CorporateEventKind(models.TextChoices):
    REORGANISATION = "reorganisation", "Reorganisation"
    SPIN_OFF_ANNOUNCED = "spin_off_announced", "Spin-off announced"
    SPIN_OFF_HALTED = "spin_off_halted", "Spin-off halted"
    EARNINGS = "earnings", "Earnings"
    OTHER = "other", "Other"


class CorporateEvent(models.Model):
    slug = models.SlugField(unique=True, max_length=120)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="corporate_events"
    )
    kind = models.CharField(max_length=20, choices=CorporateEventKind.choices)
    title = models.CharField(max_length=300)
    occurred_on = models.DateField()
    summary = models.TextField(blank=True)
    # The tracker writes events in English; these are its translations.
    title_zh_hans = models.CharField("title (Simplified Chinese)", max_length=300, blank=True)
    title_zh_hant = models.CharField("title (Traditional Chinese)", max_length=300, blank=True)
    summary_zh_hans = models.TextField("summary (Simplified Chinese)", blank=True)
    summary_zh_hant = models.TextField("summary (Traditional Chinese)", blank=True)
    citations = models.ManyToManyField(Citation, blank=True, related_name="corporate_events")

    TRANSLATIONS = ("title_zh_hans", "title_zh_hant", "summary_zh_hans", "summary_zh_hant")

    history = HistoricalRecords(m2m_fields=[citations])

    class Meta:
        ordering = ["occurred_on", "id"]

    def __str__(self) -> str:
        return f"{self.occurred_on}: {self.title}"

    @property
    def date(self) -> dt.date:
        return self.occurred_on


class Relation(models.TextChoices):
    FOLLOWED_BY = "followed_by", "Followed by"
    CITED_BY_COMPANY = "cited_by_company", "Cited by the company"
    PRESS_REPORTED = "press_reported", "Reported by the press"
    SPECULATED = "speculated", "Speculated"


class Confidence(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class IncidentLink(models.Model):
    """A typed, sourced relation from an incident to a leadership change or corporate event."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="links")
    leadership_change = models.ForeignKey(
        LeadershipChange, null=True, blank=True, on_delete=models.PROTECT, related_name="links"
    )
    corporate_event = models.ForeignKey(
        CorporateEvent, null=True, blank=True, on_delete=models.PROTECT, related_name="links"
    )
    relation = models.CharField(max_length=20, choices=Relation.choices)
    confidence = models.CharField(
        max_length=6, choices=Confidence.choices, default=Confidence.MEDIUM
    )
    note = models.TextField(blank=True)
    # The note is the tracker's own English; these are its translations.
    note_zh_hans = models.TextField("note (Simplified Chinese)", blank=True)
    note_zh_hant = models.TextField("note (Traditional Chinese)", blank=True)
    citation = models.ForeignKey(
        Citation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    TRANSLATIONS = ("note_zh_hans", "note_zh_hant")

    class Meta:
        ordering = ["incident", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(leadership_change__isnull=False, corporate_event__isnull=True)
                    | models.Q(leadership_change__isnull=True, corporate_event__isnull=False)
                ),
                name="link_has_exactly_one_target",
            ),
            models.CheckConstraint(condition=~models.Q(relation=""), name="link_has_relation"),
            models.UniqueConstraint(
                fields=["incident", "leadership_change"],
                condition=models.Q(leadership_change__isnull=False),
                name="link_unique_leadership_change",
            ),
            models.UniqueConstraint(
                fields=["incident", "corporate_event"],
                condition=models.Q(corporate_event__isnull=False),
                name="link_unique_corporate_event",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.incident} {self.get_relation_display().lower()} {self.target}"

    def clean(self) -> None:
        if not self.relation:
            raise ValidationError({"relation": "Say how the incident and the event are related."})
        if bool(self.leadership_change_id) == bool(self.corporate_event_id):
            raise ValidationError(
                "Link to exactly one target: a leadership change or a corporate event."
            )
        self._check_dates()

    def _check_dates(self) -> None:
        """Refuse a relation the dates contradict: nothing "follows" an incident before it."""
        lag = self.lag_days if self.incident_id else None
        if self.relation == Relation.FOLLOWED_BY and lag is not None and lag < 0:
            target_date = self.target.date if self.target else None
            start = self.incident.started_at.astimezone(ZoneInfo(self.incident.time_zone))
            raise ValidationError(
                {
                    "relation": (
                        f'"Followed by" contradicts the dates: the event ({target_date}) '
                        f"came {-lag} days before the incident started ({start.date()}). "
                        "Choose another relation or another event."
                    )
                }
            )

    @property
    def target(self) -> LeadershipChange | CorporateEvent | None:
        return self.leadership_change or self.corporate_event

    @property
    def kind(self) -> str:
        return "leadership_change" if self.leadership_change_id else "corporate_event"

    @property
    def lag_days(self) -> int | None:
        """Days from the incident's start (in its own zone) to the target's date."""
        target = self.target
        incident = self.incident
        return lag_in_days(incident.started_at, incident.time_zone, target.date if target else None)


def lag_in_days(
    started_at: dt.datetime | None, time_zone: str, target_date: dt.date | None
) -> int | None:
    """Days from an incident's start, in its own zone, to a dated event: a link's lag."""
    if started_at is None or target_date is None:
        return None
    return (target_date - started_at.astimezone(ZoneInfo(time_zone)).date()).days
