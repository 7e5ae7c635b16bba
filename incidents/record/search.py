"""The one incident search the timeline, the feeds and the API share.

A query is split into terms: words at spaces, and runs of Chinese (or Japanese) characters
apart from the Latin text around them ("阿里云OSS" is two terms). Every term must match
somewhere (all words must match), each in any of: the titles and summaries in every language,
the update bodies, the provider's name, slug and aliases, and the names (English and native),
slugs and aliases of the products the incident touched.

On PostgreSQL a Latin term is matched in the incident and update texts with full-text search
(English stemming, the GIN indexes of migration 0003) and results can be ranked
(`ranked()`). PostgreSQL's parsers do not split Chinese into words, so a Chinese term, on
both databases, is a substring match: "淘宝" finds "淘宝闲鱼钉钉" though no space separates
them. Names of providers and products are always substring matches (tables of a few hundred
rows), so "OVH" finds OVHcloud and "AWS" the provider whose slug and alias it is.
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import BooleanField, Exists, FloatField, OuterRef, Q, QuerySet, Value
from django.db.models.expressions import RawSQL

from incidents.models import Incident, IncidentUpdate, Product, ProductImpact, Provider

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
PROVIDER_FIELDS = ("name", "slug", "aliases")
PRODUCT_FIELDS = ("name", "name_native", "slug", "aliases")
MAX_TERMS = 10
# Unqualified columns: Django renames the update table inside subqueries (U0).
JOINER = " || ' ' || "
INCIDENT_DOCUMENT = f"to_tsvector('english'::regconfig, {JOINER.join(TEXT_FIELDS)})"
UPDATE_DOCUMENT = "to_tsvector('english'::regconfig, body)"
_QUERY = "websearch_to_tsquery('english'::regconfig, %s)"
# Constant SQL; the query text is a parameter.
_BEST_UPDATE = (
    f"SELECT max(ts_rank({UPDATE_DOCUMENT}, {_QUERY})) FROM incidents_incidentupdate"  # noqa: S608
    " WHERE incident_id = incidents_incident.id"
)
RANK_SQL = f"ts_rank({INCIDENT_DOCUMENT}, {_QUERY}) + coalesce(({_BEST_UPDATE}), 0)"
_CJK_CHARS = "\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff"
CJK = re.compile(f"[{_CJK_CHARS}]")
TERM = re.compile(f"[{_CJK_CHARS}]+|[^\\s{_CJK_CHARS}]+")
WORDLIKE = re.compile(r"\w")


def terms_of(text: str) -> list[str]:
    """Split a query into the terms that must all match (at most MAX_TERMS)."""
    return [term for term in TERM.findall(text) if WORDLIKE.search(term)][:MAX_TERMS]


def search_incidents(queryset: QuerySet, text: str) -> QuerySet:
    """Narrow `queryset` to incidents matching every term of `text` (see the module docstring)."""
    for term in terms_of(text):
        queryset = queryset.filter(_term_matches(term))
    return queryset


def ranked(queryset: QuerySet, text: str) -> QuerySet:
    """Annotate `search_rank`: PostgreSQL's ts_rank of the texts against the Latin terms."""
    words = [t for t in terms_of(text) if not CJK.search(t)]
    if connection.vendor != "postgresql" or not words:
        return queryset.annotate(search_rank=Value(0.0, output_field=FloatField()))
    # Any word counts towards the rank (search_incidents() has required them all): the
    # incident's own texts, plus its best-matching update.
    query = " or ".join(words)
    rank = RawSQL(RANK_SQL, [query, query], output_field=FloatField())  # noqa: S611
    return queryset.annotate(search_rank=rank)


def _term_matches(term: str) -> Q:
    return _in_texts(term) | _in_names(term)


def _in_texts(term: str) -> Q:
    if connection.vendor == "postgresql" and not CJK.search(term):
        # Two id subqueries, not "document matches OR id in (...)": with the OR in place the
        # planner cannot use the incident index and computes every row's document.
        in_incidents = Incident.objects.filter(_matches(INCIDENT_DOCUMENT, term)).values("pk")
        updates = IncidentUpdate.objects.filter(_matches(UPDATE_DOCUMENT, term))
        found = Q(pk__in=in_incidents) | Q(pk__in=updates.values("incident_id"))
        # A stop word ("the", "of") has no lexeme to match: it must not veto the other terms.
        return found | Q(_stop_word(term))
    match = Q()
    for name in TEXT_FIELDS:
        match |= Q(**{f"{name}__icontains": term})
    in_updates = IncidentUpdate.objects.filter(body__icontains=term).values("incident_id")
    return match | Q(pk__in=in_updates)


def _in_names(term: str) -> Q:
    providers = Provider.objects.filter(_any_contains(PROVIDER_FIELDS, term)).values("pk")
    products = Product.objects.filter(_any_contains(PRODUCT_FIELDS, term)).values("pk")
    touched = ProductImpact.objects.filter(incident=OuterRef("pk"), product__in=products)
    return Q(provider__in=providers) | Q(Exists(touched))


def _any_contains(fields: tuple[str, ...], term: str) -> Q:
    match = Q()
    for name in fields:
        match |= Q(**{f"{name}__icontains": term})
    return match


def _stop_word(term: str) -> RawSQL:
    sql = "numnode(websearch_to_tsquery('english'::regconfig, %s)) = 0"
    return RawSQL(sql, [term], output_field=BooleanField())  # noqa: S611 - constant SQL


def _matches(document: str, text: str) -> RawSQL:
    sql = f"{document} @@ websearch_to_tsquery('english'::regconfig, %s)"
    return RawSQL(sql, [text], output_field=BooleanField())  # noqa: S611 - constant SQL
