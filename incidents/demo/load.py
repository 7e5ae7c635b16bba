"""Load the demo data set idempotently: every row is matched on its natural key.

A row is saved only when a value differs, so a second run writes nothing and leaves no
history records behind (update_or_create would save, and so record history, every time).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db import models, transaction

from incidents.models import (
    Citation,
    CorporateEvent,
    ExternalRef,
    Incident,
    IncidentCitation,
    IncidentLink,
    IncidentUpdate,
    LeadershipChange,
    Organization,
    Person,
    Product,
    ProductDependency,
    ProductImpact,
    Provider,
    Region,
    ReportedTime,
    ReviewState,
    Source,
    ValueSourcing,
)

from . import data, landmarks, sourcing

# Each table is the original demo rows followed by the landmark outages' rows.
# The rows are literals of mixed shapes, read as the loose tables they are.
ORGANIZATIONS: list[Any] = [*data.ORGANIZATIONS, *landmarks.ORGANIZATIONS]
PROVIDERS: list[Any] = [*data.PROVIDERS, *landmarks.PROVIDERS]
REGIONS: list[Any] = [*data.REGIONS, *landmarks.REGIONS]
PRODUCTS: list[Any] = [*data.PRODUCTS, *landmarks.PRODUCTS]
CITATIONS: dict[str, Any] = {**data.CITATIONS, **landmarks.CITATIONS}
INCIDENTS: list[Any] = [*data.INCIDENTS, *landmarks.INCIDENTS]
DEPENDENCY_SOURCES: dict[tuple[str, str], Any] = dict(data.DEPENDENCY_SOURCES)
LEADERSHIP_CHANGES: list[Any] = list(data.LEADERSHIP_CHANGES)
CORPORATE_EVENTS: list[Any] = list(data.CORPORATE_EVENTS)
LINKS: list[Any] = list(data.LINKS)


class Loader:
    """Upsert the demo rows and count what was created and changed."""

    def __init__(self) -> None:
        self.stats: Counter[str] = Counter()
        self.orgs: dict[str, Organization] = {}
        self.providers: dict[str, Provider] = {}
        self.regions: dict[tuple[str, str], Region] = {}
        self.products: dict[str, Product] = {}
        self.citations: dict[str, Citation] = {}
        self.people: dict[str, Person] = {}
        self.sources: dict[str, Source] = {}
        self.incidents: dict[str, Incident] = {}

    def upsert(
        self, model: type[models.Model], lookup: dict, values: dict, on_create: dict | None = None
    ) -> Any:
        """Create the row, or save it only if one of `values` differs.

        `on_create` values are set on a new row only; fields an editor changed by hand
        (`edited_fields`) are left alone.
        """
        obj = model._default_manager.filter(**lookup).first()
        if obj is None:
            self.stats[f"{model.__name__} created"] += 1
            return model._default_manager.create(**lookup, **values, **(on_create or {}))
        edited = set(getattr(obj, "edited_fields", None) or ())
        changed = [
            name
            for name, value in values.items()
            if name not in edited and not _same(obj, name, value)
        ]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            obj.save()
            self.stats[f"{model.__name__} updated"] += 1
        return obj

    def run(self) -> Counter[str]:
        self.load_catalog()
        self.load_citations()
        self.load_dependency_sources()
        self.load_sources()
        self.load_incidents()
        self.load_events()
        return self.stats

    def load_catalog(self) -> None:
        for slug, name, native, parent, website in ORGANIZATIONS:
            values = {
                "name": name,
                "name_native": native,
                "name_zh_hant": data.TRADITIONAL_NAMES["organizations"].get(slug, ""),
                "website": website,
                "parent": self.orgs.get(parent),
            }
            self.orgs[slug] = self.upsert(Organization, {"slug": slug}, values)
        for slug, name, org, tz, website, status_page in PROVIDERS:
            values = {
                "name": name,
                "organization": self.orgs[org],
                "time_zone": tz,
                "website": website,
                "status_page": status_page,
                "aliases": data.PROVIDER_ALIASES.get(slug, ""),
            }
            self.providers[slug] = self.upsert(Provider, {"slug": slug}, values)
        for provider, slug, name, kind, parent in REGIONS:
            lookup = {"provider": self.providers[provider], "slug": slug}
            values = {"name": name, "kind": kind, "parent": self.regions.get((provider, parent))}
            hans, hant = data.REGION_TRANSLATIONS.get((provider, slug), ("", ""))
            values.update(name_zh_hans=hans, name_zh_hant=hant)
            self.regions[(provider, slug)] = self.upsert(Region, lookup, values)
        for row in PRODUCTS:
            self.load_product(row)

    def load_product(self, row: dict) -> None:
        values = {
            "name": row["name"],
            "name_native": row.get("name_native", ""),
            "kind": row.get("kind", "cloud_service"),
            "owner": self.orgs.get(row.get("owner", "")),
            "provider": self.providers.get(row.get("provider", "")),
            "description": row.get("description", ""),
            "aliases": data.PRODUCT_ALIASES.get(row["slug"], ""),
        }
        product = self.upsert(Product, {"slug": row["slug"]}, values)
        product.depends_on.set([self.products[d] for d in row.get("depends_on", [])])
        self.products[row["slug"]] = product

    def load_citations(self) -> None:
        for key, row in CITATIONS.items():
            url, title, publisher, published, language, official, quote = row
            values = {
                "title": title,
                "publisher": publisher,
                "published_on": _date(published),
                "language": language,
                "official": official,
                "quote": quote,
            }
            self.citations[key] = self.upsert(Citation, {"url": url}, values)

    def load_dependency_sources(self) -> None:
        for (dependent, upstream), row in DEPENDENCY_SOURCES.items():
            lookup = {
                "from_product": self.products[dependent],
                "to_product": self.products[upstream],
            }
            values = {
                "citation": self.citations[row["citation"]],
                "note": row.get("note", ""),
                "valid_from": _date(row.get("valid_from")),
                "valid_to": _date(row.get("valid_to")),
            }
            dependency = self.upsert(ProductDependency, lookup, values)
            provider = self.products[dependent].provider
            assert provider is not None, f"{dependent} depends on a provider's product"
            dependency.regions.set(
                [self.regions[(provider.slug, r)] for r in row.get("regions", [])]
            )

    def load_sources(self) -> None:
        for row in data.SOURCES:
            values = {
                "kind": row["kind"],
                "url": row["url"],
                "enabled": False,
                "provider": self.providers[row["provider"]],
            }
            self.sources[row["name"]] = self.upsert(Source, {"name": row["name"]}, values)

    def load_incidents(self) -> None:
        for row in INCIDENTS:
            # Publish on first load only: after that, review state is the editors' call.
            incident = self.upsert(
                Incident,
                {"slug": row["slug"]},
                _incident_values(row, self),
                on_create={"review_state": ReviewState.PUBLISHED},
            )
            provider = row["provider"]
            incident.regions.set([self.regions[(provider, r)] for r in row["regions"]])
            self.load_incident_children(incident, row)
            self.incidents[row["slug"]] = incident

    def load_incident_children(self, incident: Incident, row: dict) -> None:
        for position, key in enumerate(row["citations"]):
            lookup: dict[str, Any] = {"incident": incident, "citation": self.citations[key]}
            self.upsert(IncidentCitation, lookup, {"position": position})
        for posted_at, status, body, *extra in row["updates"]:
            lookup = {"incident": incident, "posted_at": _time(posted_at)}
            values = {"status": status, "body": body, **_update_translations(row, posted_at)}
            values.update(extra[0] if extra else {})
            self.upsert(IncidentUpdate, lookup, values)
        for impact in row["impacts"]:
            lookup = {"incident": incident, "product": self.products[impact["product"]]}
            values = {
                "impact": impact["impact"],
                "note": impact.get("note", ""),
                "started_at": _time(impact.get("started_at")),
                "ended_at": _time(impact.get("ended_at")),
            }
            self.upsert(ProductImpact, lookup, values)
        for reported in row["reported_times"]:
            lookup = {
                "incident": incident,
                "field": reported["field"],
                "citation": self.citations[reported["citation"]],
            }
            values = {"value": _time(reported["value"]), "note": reported["note"]}
            self.upsert(ReportedTime, lookup, values)
        for ref in row["refs"]:
            lookup = {"source": self.sources[ref["source"]], "external_id": ref["external_id"]}
            self.upsert(ExternalRef, lookup, {"incident": incident, "url": ref["url"]})
        self.load_value_sourcing(incident, row)

    def load_value_sourcing(self, incident: Incident, row: dict) -> None:
        markers = row.get("sourcing") or sourcing.SOURCING.get(row["slug"], {})
        for field, (level, citation, note) in markers.items():
            values = {
                "level": level,
                "citation": self.citations[citation] if citation else None,
                "note": note,
            }
            self.upsert(ValueSourcing, {"incident": incident, "field": field}, values)

    def load_events(self) -> None:
        for slug, name, native in data.PEOPLE:
            hant = data.TRADITIONAL_NAMES["people"].get(slug, "")
            values: dict[str, Any] = {"name": name, "name_native": native, "name_zh_hant": hant}
            self.people[slug] = self.upsert(Person, {"slug": slug}, values)
        # A retired row an editor has since linked is left for the editor to judge.
        retired = LeadershipChange.objects.filter(
            slug__in=data.RETIRED_LEADERSHIP_CHANGES, links__isnull=True
        )
        for retiree in retired:
            retiree.delete()
            self.stats["LeadershipChange deleted"] += 1
        changes = {row["slug"]: self.load_leadership_change(row) for row in LEADERSHIP_CHANGES}
        events = {row["slug"]: self.load_corporate_event(row) for row in CORPORATE_EVENTS}
        for row in LINKS:
            change = changes.get(row.get("leadership_change", ""))
            event = events.get(row.get("corporate_event", ""))
            lookup: dict[str, Any] = {
                "incident": self.incidents[row["incident"]],
                "leadership_change": change,
                "corporate_event": event,
            }
            values = {
                "relation": row["relation"],
                "confidence": row["confidence"],
                "note": row["note"],
                **{name: row.get(name, "") for name in IncidentLink.TRANSLATIONS},
                "citation": self.citations[row["citation"]],
            }
            self.upsert(IncidentLink, lookup, values)

    def load_leadership_change(self, row: dict) -> LeadershipChange:
        values = {
            "person": self.people[row["person"]],
            "organization": self.orgs[row["organization"]],
            "role": row["role"],
            "action": row["action"],
            "acting": row.get("acting", False),
            "leaves_organization": row.get("leaves_organization", False),
            "announced_on": _date(row["announced_on"]),
            "effective_on": _date(row.get("effective_on")),
            "note": row.get("note", ""),
        }
        change = self.upsert(LeadershipChange, {"slug": row["slug"]}, values)
        change.citations.set([self.citations[key] for key in row["citations"]])
        return change

    def load_corporate_event(self, row: dict) -> CorporateEvent:
        values = {
            "organization": self.orgs[row["organization"]],
            "kind": row["kind"],
            "title": row["title"],
            "occurred_on": _date(row["occurred_on"]),
            "summary": row["summary"],
            **{name: row.get(name, "") for name in CorporateEvent.TRANSLATIONS},
        }
        event = self.upsert(CorporateEvent, {"slug": row["slug"]}, values)
        event.citations.set([self.citations[key] for key in row["citations"]])
        return event


@transaction.atomic
def load() -> Counter[str]:
    """Load (or bring up to date) the whole demo data set in one transaction."""
    return Loader().run()


def _incident_values(row: dict, loader: Loader) -> dict:
    return {
        "provider": loader.providers[row["provider"]],
        "language": row["language"],
        "title": row["title"],
        "summary": row["summary"],
        "title_en": row.get("title_en", ""),
        "summary_en": row.get("summary_en", ""),
        "title_zh_hant": row.get("title_zh_hant", ""),
        "status": row["status"],
        "impact": row["impact"],
        "started_at": _time(row["started_at"]),
        "ended_at": _time(row["ended_at"]),
        "time_zone": row["time_zone"],
        "root_cause": row["root_cause"],
        "root_cause_language": row.get("root_cause_language", "en"),
        "root_cause_zh_hans": row.get("root_cause_zh_hans", ""),
        "root_cause_zh_hant": row.get("root_cause_zh_hant", ""),
        "postmortem_url": row["postmortem_url"],
    }


def _update_translations(row: dict, posted_at: str) -> dict:
    """Return an update's language and the tracker's translation of it, where one exists."""
    zh_hans = data.UPDATE_TRANSLATIONS.get((row["slug"], posted_at), "")
    return {"language": "en", "body_en": "", "body_zh_hans": zh_hans, "body_zh_hant": ""}


def _same(obj: models.Model, name: str, value: Any) -> bool:
    # Compare foreign keys by id so an unchanged row costs no query.
    if isinstance(value, models.Model) or (
        value is None and isinstance(obj._meta.get_field(name), models.ForeignKey)
    ):
        return getattr(obj, f"{name}_id") == (value.pk if value is not None else None)
    return getattr(obj, name) == value


def _time(value: str | None) -> dt.datetime | None:
    """Parse an ISO time with its vendor offset into an aware UTC datetime."""
    if value is None:
        return None
    return dt.datetime.fromisoformat(value).astimezone(dt.UTC)


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
