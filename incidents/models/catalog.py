from django.db import models
from simple_history.models import HistoricalRecords

from .validators import validate_time_zone


class Organization(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    name_native = models.CharField(
        max_length=200, blank=True, help_text="Name in its own language."
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    website = models.URLField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Provider(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="providers"
    )
    time_zone = models.CharField(
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text="The zone the vendor posts its times in (Alibaba Cloud: Asia/Shanghai).",
    )
    website = models.URLField(blank=True)
    status_page = models.URLField(blank=True)
    aliases = models.CharField(
        max_length=500,
        blank=True,
        help_text="Other names readers search by, in any language, separated by commas.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RegionKind(models.TextChoices):
    REGION = "region", "Region"
    ZONE = "zone", "Availability zone"
    GLOBAL = "global", "Global"
    SITE = "site", "Site / data centre"


class Region(models.Model):
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="regions")
    slug = models.SlugField(help_text="The provider's own id, e.g. cn-hongkong or cn-hongkong-c.")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=RegionKind.choices, default=RegionKind.REGION)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="zones",
        help_text="For a zone: the region it belongs to.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["provider__name", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "slug"], name="region_slug_unique"),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("id")), name="region_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.slug})"


class ProductKind(models.TextChoices):
    CLOUD_SERVICE = "cloud_service", "Cloud service"
    CONSUMER_APP = "consumer_app", "Consumer app"
    PLATFORM = "platform", "Platform / internal service"


class Product(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    name_native = models.CharField(max_length=200, blank=True)
    kind = models.CharField(
        max_length=20, choices=ProductKind.choices, default=ProductKind.CLOUD_SERVICE
    )
    owner = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="products"
    )
    provider = models.ForeignKey(
        Provider,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="products",
        help_text="The cloud it runs on, where known.",
    )
    aliases = models.CharField(
        max_length=500,
        blank=True,
        help_text="Other names readers search by, in any language, separated by commas.",
    )
    depends_on = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="dependents"
    )
    description = models.TextField(blank=True)

    history = HistoricalRecords(m2m_fields=[depends_on])

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
