import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from .validators import validate_time_zone


class Organization(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    name_native = models.CharField(
        max_length=200, blank=True, help_text="Name in its own language."
    )
    name_zh_hant = models.CharField(
        "name (Traditional Chinese)", max_length=200, blank=True, help_text="For zh-Hant readers."
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
    name_zh_hans = models.CharField("name (Simplified Chinese)", max_length=200, blank=True)
    name_zh_hant = models.CharField("name (Traditional Chinese)", max_length=200, blank=True)
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

    TRANSLATIONS = ("name_zh_hans", "name_zh_hant")

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


class ProductDependency(models.Model):
    """A sourced "depends on" edge, true for a stretch of time and, optionally, some regions."""

    from_product = models.ForeignKey("Product", on_delete=models.CASCADE, related_name="+")
    to_product = models.ForeignKey("Product", on_delete=models.CASCADE, related_name="+")
    valid_from = models.DateField(null=True, blank=True, help_text="Blank: since before records.")
    valid_to = models.DateField(null=True, blank=True, help_text="Blank: still true.")
    regions = models.ManyToManyField(
        Region, blank=True, related_name="+", help_text="Blank: every region."
    )
    citation = models.ForeignKey(
        "Citation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        # The table of the plain many-to-many this replaced, so its rows carry over.
        db_table = "incidents_product_depends_on"
        unique_together = [("from_product", "to_product")]
        verbose_name_plural = "product dependencies"

    def __str__(self) -> str:
        return f"{self.from_product} depends on {self.to_product}"

    def clean(self) -> None:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": "A dependency cannot end before it starts."})
        if self.from_product_id and self.from_product_id == self.to_product_id:
            raise ValidationError({"to_product": "A product cannot depend on itself."})

    def holds_on(self, day: dt.date) -> bool:
        """Say whether the dependency was true on `day`."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


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
        "self",
        symmetrical=False,
        blank=True,
        related_name="dependents",
        through=ProductDependency,
        through_fields=("from_product", "to_product"),
    )
    description = models.TextField(blank=True)

    history = HistoricalRecords(m2m_fields=[depends_on])

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
