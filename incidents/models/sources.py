import datetime as dt
import hashlib
import hmac
import secrets

from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from incidents.ingest.parsers import source_kinds

from .catalog import Provider
from .incident import Incident


class SourceQuerySet(models.QuerySet):
    def due(self, now=None):
        """Enabled sources whose poll interval has passed since their last poll."""
        now = now or timezone.now()
        never = models.Q(next_poll_at__isnull=True)
        return self.filter(enabled=True).filter(never | models.Q(next_poll_at__lte=now))


class Source(models.Model):
    name = models.CharField(max_length=100, unique=True)
    # A callable: a parser registered in code is a valid kind, with no migration to forget.
    kind = models.CharField(max_length=20, choices=source_kinds)
    url = models.URLField(max_length=1000)
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="sources")
    poll_interval = models.PositiveIntegerField(default=300, help_text="Seconds between polls.")
    enabled = models.BooleanField(default=True)
    auto_publish = models.BooleanField(
        default=True, help_text="Publish ingested incidents without review."
    )
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    content_sha256 = models.CharField(max_length=64, blank=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    # Stored rather than computed from poll_interval so .due() is one indexed comparison.
    next_poll_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    refused = models.TextField(
        blank=True,
        help_text="Incidents the last payload held that ingestion refused, one a line, with why.",
    )
    # The push receiver (/ingest/<name>/<token>/): only the token's SHA-256 is kept.
    push_token_hash = models.CharField(max_length=64, blank=True)
    push_received_at = models.DateTimeField(null=True, blank=True)
    push_error = models.TextField(blank=True, help_text="Why the last refused push was refused.")
    push_error_at = models.DateTimeField(null=True, blank=True)

    objects = SourceQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=[
            "etag",
            "last_modified",
            "content_sha256",
            "last_polled_at",
            "next_poll_at",
            "last_success_at",
            "last_error",
            "last_error_at",
            "consecutive_failures",
            "refused",
            "push_token_hash",
            "push_received_at",
            "push_error",
            "push_error_at",
        ]
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(poll_interval__gte=30), name="source_min_interval"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def schedule_next_poll(self, now=None) -> None:
        self.next_poll_at = (now or timezone.now()) + dt.timedelta(seconds=self.poll_interval)

    def set_push_token(self) -> str:
        """Give the source a new push token; return it (only its hash is kept, and saved)."""
        token = secrets.token_urlsafe(32)
        self.push_token_hash = hashlib.sha256(token.encode()).hexdigest()
        if self.pk:
            Source.objects.filter(pk=self.pk).update(push_token_hash=self.push_token_hash)
        return token

    def push_token_matches(self, token: str) -> bool:
        digest = hashlib.sha256(token.encode()).hexdigest()
        return bool(self.push_token_hash) and hmac.compare_digest(digest, self.push_token_hash)

    def record_push_error(self, message: str, now=None) -> None:
        """Keep why a push was refused, for editors (a queryset update: no history row)."""
        self.push_error, self.push_error_at = message[:2000], now or timezone.now()
        Source.objects.filter(pk=self.pk).update(
            push_error=self.push_error, push_error_at=self.push_error_at
        )


class PushReceipt(models.Model):
    """A push body, incident version or component update already taken: a replay is refused."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="push_receipts")
    key = models.CharField(max_length=200)
    received_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "key"], name="push_receipt_unique")
        ]

    def __str__(self) -> str:
        return f"{self.source_id}: {self.key}"


class ExternalRef(models.Model):
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="refs")
    external_id = models.CharField(max_length=300)
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="refs")
    url = models.URLField(max_length=1000, blank=True)
    # Set by ingestion (last_seen_at on every poll whose payload carries the ref), never by a
    # save: auto_now stamped an editor's edit as a sighting and ingestion's bulk writes skip it.
    first_seen_at = models.DateTimeField(default=timezone.now, editable=False)
    last_seen_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["source__name", "external_id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="external_ref_unique")
        ]

    def __str__(self) -> str:
        return f"{self.source.name}:{self.external_id}"


class Snapshot(models.Model):
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="snapshots")
    fetched_at = models.DateTimeField(default=timezone.now, db_index=True)
    http_status = models.PositiveSmallIntegerField()
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=200, blank=True)
    body = models.BinaryField()

    class Meta:
        ordering = ["-fetched_at"]
        get_latest_by = "fetched_at"

    def __str__(self) -> str:
        return f"{self.source.name} @ {self.fetched_at:%Y-%m-%d %H:%M:%S}Z ({self.sha256[:12]})"
