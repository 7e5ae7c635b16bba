"""Subscriptions: a saved view of the record with a delivery (email or signed webhook)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from .catalog import Product, Provider
from .incident import Impact, Incident
from .validators import validate_time_zone


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    WEBHOOK = "webhook", "Webhook"


class Digest(models.TextChoices):
    NONE = "", "Every message as it happens"
    HOURLY = "hourly", "Hourly digest"
    DAILY = "daily", "Daily digest"


class SubscriptionState(models.TextChoices):
    PENDING = "pending", "Awaiting confirmation"
    ACTIVE = "active", "Active"
    DISABLED = "disabled", "Disabled after repeated failures"
    UNSUBSCRIBED = "unsubscribed", "Unsubscribed"


class Event(models.TextChoices):
    """What a delivery tells; the subscription's `on_*` fields choose among them."""

    CREATED = "incident.created", "New incident"
    UPDATED = "incident.updated", "Incident update"
    RESOLVED = "incident.resolved", "Incident resolved"
    POSTMORTEM = "incident.postmortem", "Post-mortem published"
    COMPONENT = "component.update", "Component status change"
    LEADERSHIP = "leadership.change", "Leadership change"
    CORPORATE = "corporate.event", "Corporate event"
    CONFIRM = "subscription.confirm", "Confirmation request"
    DIGEST = "digest", "Digest"


# Most telling first: when one coalesced change carries several events, the message names this.
EVENT_RANK = [Event.POSTMORTEM, Event.RESOLVED, Event.CREATED, Event.UPDATED]
EVENT_FIELDS: dict[str, str] = {
    Event.CREATED: "on_new",
    Event.UPDATED: "on_update",
    Event.RESOLVED: "on_resolve",
    Event.POSTMORTEM: "on_postmortem",
}


class SubscriptionQuerySet(models.QuerySet):
    def active(self) -> SubscriptionQuerySet:
        return self.filter(state=SubscriptionState.ACTIVE)

    def matching(self, incident: Incident) -> SubscriptionQuerySet:
        """Active subscriptions whose saved view includes `incident`."""
        product_ids = list(incident.impacts.values_list("product_id", flat=True))
        regions = list(incident.regions.values_list("slug", flat=True))
        levels = [i for i in Impact.values if incident.impact in Impact.at_least(i)]
        return self.active().filter(
            Q(provider__isnull=True) | Q(provider_id=incident.provider_id),
            Q(product__isnull=True) | Q(product_id__in=product_ids),
            Q(region="") | Q(region__in=regions),
            Q(impact_min="") | Q(impact_min__in=levels),
        )

    def wanting(self, events: set[str]) -> SubscriptionQuerySet:
        """Subscriptions that asked for at least one of `events`."""
        wanted = Q(pk__in=[])
        for event in events:
            if event in EVENT_FIELDS:
                wanted |= Q(**{EVENT_FIELDS[event]: True})
        return self.filter(wanted)


class Subscription(models.Model):
    channel = models.CharField(max_length=10, choices=Channel.choices)
    email = models.EmailField(max_length=254, blank=True)
    url = models.URLField("webhook URL", max_length=1000, blank=True)
    owner_email = models.EmailField(
        max_length=254, blank=True, help_text="Webhooks: told when the webhook is disabled."
    )
    secret = models.CharField(max_length=64, blank=True, help_text="Webhook signing key.")
    # The saved view; blank means any.
    provider = models.ForeignKey(
        Provider, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    product = models.ForeignKey(
        Product, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # A slug, as the timeline's filter takes it: region slugs are per provider.
    region = models.SlugField(blank=True)
    impact_min = models.CharField(max_length=16, choices=Impact.choices, blank=True)
    on_new = models.BooleanField("new incidents", default=True)
    on_update = models.BooleanField("every update", default=False)
    on_resolve = models.BooleanField("resolutions", default=True)
    on_postmortem = models.BooleanField("post-mortems published", default=True)
    on_events = models.BooleanField("leadership changes and corporate events", default=False)
    # Webhooks only: Statuspage's separate component_update body.
    on_component = models.BooleanField("component status changes", default=False)
    digest = models.CharField(max_length=10, choices=Digest.choices, blank=True)
    language = models.CharField(max_length=16, default="en")
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    state = models.CharField(
        max_length=14, choices=SubscriptionState.choices, default=SubscriptionState.PENDING
    )
    consecutive_failures = models.PositiveIntegerField(default=0)
    disabled_reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_digest_at = models.DateTimeField(null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        permissions = [("view_subscriber_address", "Can see subscribers' addresses and URLs")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(channel="email") & ~Q(email="")) | (Q(channel="webhook") & ~Q(url="")),
                name="subscription_has_address",
            )
        ]
        indexes = [models.Index(fields=["state", "provider"], name="subscription_match_idx")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} subscription {self.pk}"

    @property
    def address(self) -> str:
        return self.email if self.channel == Channel.EMAIL else self.url

    def confirm(self) -> None:
        if self.state == SubscriptionState.PENDING:
            self.state, self.confirmed_at = SubscriptionState.ACTIVE, timezone.now()
            self.save(update_fields=["state", "confirmed_at"])

    def unsubscribe(self) -> None:
        self.state = SubscriptionState.UNSUBSCRIBED
        self.save(update_fields=["state"])

    def reactivate(self) -> None:
        """Turn a disabled webhook back on, once its owner says the receiver is fixed."""
        self.state, self.consecutive_failures = SubscriptionState.ACTIVE, 0
        self.disabled_reason = ""
        self.save(update_fields=["state", "consecutive_failures", "disabled_reason"])

    def record_success(self) -> None:
        if self.consecutive_failures:
            Subscription.objects.filter(pk=self.pk).update(consecutive_failures=0)
            self.consecutive_failures = 0

    def record_failure(self, limit: int, reason: str) -> bool:
        """Count a failed delivery; disable at `limit` in a row; return whether it disabled."""
        Subscription.objects.filter(pk=self.pk).update(
            consecutive_failures=F("consecutive_failures") + 1
        )
        self.refresh_from_db(fields=["consecutive_failures", "state"])
        if self.consecutive_failures < limit or self.state != SubscriptionState.ACTIVE:
            return False
        self.state, self.disabled_reason = SubscriptionState.DISABLED, reason[:500]
        self.save(update_fields=["state", "disabled_reason"])
        return True


class DeliveryState(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    DIGEST = "digest", "Waiting for the next digest"
    RETRYING = "retrying", "Failed; will retry"
    SENT = "sent", "Delivered"
    FAILED = "failed", "Gave up"
    DIGESTED = "digested", "Sent in a digest"
    CANCELLED = "cancelled", "Not sent: incident unpublished or subscription ended"


class Delivery(models.Model):
    """One message to one subscriber: its log entry, readable through the manage link."""

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    incident = models.ForeignKey(
        Incident, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    event = models.CharField(max_length=24, choices=Event.choices)
    state = models.CharField(
        max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    # What a message that is not about an incident's own timeline says, frozen when queued:
    # a component_update's page, component and change.
    detail = models.JSONField(default=dict, blank=True)
    # Not stored: the leadership change or corporate event a sender loaded for this delivery.
    company_event: models.Model | None = None

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "deliveries"
        indexes = [
            models.Index(fields=["subscription", "-created_at"], name="delivery_log_idx"),
            models.Index(fields=["state", "next_attempt_at"], name="delivery_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.event} to subscription {self.subscription_id}: {self.state}"


class IncidentNotice(models.Model):
    """What subscribers were last told about one incident, so a change is told only once."""

    incident = models.OneToOneField(Incident, on_delete=models.CASCADE, related_name="notice")
    status = models.CharField(max_length=16, blank=True)
    resolved = models.BooleanField(default=False)
    postmortem = models.BooleanField(default=False)
    last_update_id = models.BigIntegerField(default=0)
    notified_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"notice of {self.incident_id} at {self.notified_at:%Y-%m-%d %H:%M}Z"


class ComponentNotice(models.Model):
    """The status subscribers were last told of one product (a Statuspage component)."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="+")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=24, default="operational")
    changes = models.PositiveIntegerField(default=0)
    notified_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "product"], name="component_notice_unique")
        ]

    def __str__(self) -> str:
        return f"{self.product_id} on {self.provider_id}: {self.status}"


class EventNotice(models.Model):
    """A leadership change or corporate event subscribers were told of: each is told once."""

    kind = models.CharField(
        max_length=24, choices=[(e, e) for e in ("leadership.change", "corporate.event")]
    )
    object_id = models.PositiveBigIntegerField()
    notified_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="event_notice_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"
