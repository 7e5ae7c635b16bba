"""Full-text search over incidents: PostgreSQL full-text search, substring match elsewhere."""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

from incidents.models import Incident, IncidentUpdate

TEXT_FIELDS = (
    "title",
    "title_en",
    "title_zh_hans",
    "title_zh_hant",
    "summary",
    "summary_en",
    "summary_zh_hans",
    "summary_zh_hant",
)
# Unqualified columns: Django renames the update table inside subqueries (U0).
JOINER = " || ' ' || "
INCIDENT_DOCUMENT = f"to_tsvector('english'::regconfig, {JOINER.join(TEXT_FIELDS)})"
UPDATE_DOCUMENT = "to_tsvector('english'::regconfig, body)"
# PostgreSQL's parsers do not split Chinese into words, so a CJK query uses substrings.
CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff]")


def search_incidents(queryset: QuerySet, text: str) -> QuerySet:
    """Narrow `queryset` to incidents whose titles, summaries or update bodies match `text`."""
    text = text.strip()
    if not text:
        return queryset
    if connection.vendor == "postgresql" and not CJK.search(text):
        return _full_text(queryset, text)
    return _substring(queryset, text)


def _full_text(queryset: QuerySet, text: str) -> QuerySet:
    # Raw expressions identical to the GIN indexes of migration 0003: PostgreSQL uses an
    # expression index only for the same expression, and SearchVector() renders another.
    # Two id subqueries, not "document matches OR id in (...)": with the OR in place the
    # planner cannot use the incident index and computes every row's document.
    in_incidents = Incident.objects.filter(_matches(INCIDENT_DOCUMENT, text)).values("pk")
    in_updates = IncidentUpdate.objects.filter(_matches(UPDATE_DOCUMENT, text))
    return queryset.filter(Q(pk__in=in_incidents) | Q(pk__in=in_updates.values("incident_id")))


def _matches(document: str, text: str) -> RawSQL:
    sql = f"{document} @@ websearch_to_tsquery('english'::regconfig, %s)"
    return RawSQL(sql, [text], output_field=BooleanField())  # noqa: S611 - constant SQL


def _substring(queryset: QuerySet, text: str) -> QuerySet:
    match = Q()
    for name in TEXT_FIELDS:
        match |= Q(**{f"{name}__icontains": text})
    in_updates = IncidentUpdate.objects.filter(body__icontains=text).values("incident_id")
    return queryset.filter(match | Q(pk__in=in_updates))
