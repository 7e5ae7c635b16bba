"""A saved view: the timeline's filters (provider, product, region, minimum impact)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from incidents.models import Impact, Incident, Product, Provider, Region

IMPACT_CHOICES = [
    ("", _("Any impact")),
    (Impact.MINOR, _("Minor or worse")),
    (Impact.MAJOR, _("Major or worse")),
    (Impact.CRITICAL, _("Critical only")),
]


@dataclass(frozen=True)
class SavedView:
    provider: Provider | None = None
    product: Product | None = None
    region: str = ""
    impact_min: str = ""

    def incidents(self) -> QuerySet[Incident]:
        """Return the published incidents this view shows."""
        queryset = Incident.objects.published().select_related("provider")
        if self.provider:
            queryset = queryset.filter(provider=self.provider)
        if self.product:
            queryset = queryset.filter(impacts__product=self.product)
        if self.region:
            queryset = queryset.filter(regions__slug=self.region)
        if self.impact_min:
            queryset = queryset.filter(impact__in=Impact.at_least(self.impact_min))
        return queryset.distinct() if self.product or self.region else queryset

    def query(self) -> str:
        """Return the view as the timeline's query string."""
        params = {
            "provider": self.provider.slug if self.provider else "",
            "product": self.product.slug if self.product else "",
            "region": self.region,
            "impact": self.impact_min,
        }
        return urlencode({k: v for k, v in params.items() if v})

    def describe(self) -> str:
        """Return the view in words: "Alibaba Cloud, major or worse"."""
        parts = [str(p) for p in (self.provider, self.product) if p]
        parts += [self.region] if self.region else []
        labels = dict(IMPACT_CHOICES)
        parts += [str(labels[self.impact_min])] if self.impact_min else []
        return ", ".join(parts) or str(_("Every incident"))


class ViewForm(forms.Form):
    """The timeline's filter names, so any shared view link is also a subscription's view."""

    provider = forms.SlugField(required=False)
    product = forms.SlugField(required=False)
    region = forms.SlugField(required=False)
    impact = forms.ChoiceField(required=False, choices=IMPACT_CHOICES)

    def clean_provider(self) -> Provider | None:
        return _lookup(Provider.objects.all(), self.cleaned_data.get("provider", ""))

    def clean_product(self) -> Product | None:
        return _lookup(Product.objects.all(), self.cleaned_data.get("product", ""))

    def clean_region(self) -> str:
        slug = self.cleaned_data.get("region", "")
        if slug and not Region.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("No region is called “%(slug)s”."), params={"slug": slug})
        return slug

    def saved_view(self) -> SavedView:
        data = self.cleaned_data
        return SavedView(data["provider"], data["product"], data["region"], data["impact"])


def _lookup(queryset: QuerySet, slug: str):
    if not slug:
        return None
    found = queryset.filter(slug=slug).first()
    if found is None:
        raise forms.ValidationError(_("Nothing is called “%(slug)s”."), params={"slug": slug})
    return found


def view_of(subscription) -> SavedView:
    """Return the saved view of `subscription`."""
    return SavedView(
        subscription.provider, subscription.product, subscription.region, subscription.impact_min
    )


__all__ = ["SavedView", "ViewForm", "view_of"]
