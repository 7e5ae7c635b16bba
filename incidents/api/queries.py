"""Which incidents a request may see: the public set, or everything for editors."""

from __future__ import annotations

from django.db.models import QuerySet
from rest_framework.request import Request

from incidents.models import Incident
from incidents.record.builder import public_incidents
from incidents.record.curation import may_see_unpublished


def all_incidents() -> QuerySet[Incident]:
    """Every incident, drafts and duplicates too, prefetched as the public set is."""
    public = public_incidents()
    return Incident.objects.select_related("provider").prefetch_related(
        *public._prefetch_related_lookups  # type: ignore[attr-defined]  # the same lookups
    )


def listed_incidents(request: Request) -> QuerySet[Incident]:
    """The public set; editors who ask for a review_state get every incident to filter."""
    if "review_state" in request.query_params and may_see_unpublished(request.user):
        base = all_incidents()
    else:
        base = public_incidents()
    # incidents.record.builder builds the records' lists from value queries: prefetched objects
    # would go unread.
    return base.prefetch_related(None)


def detail_incidents(request: Request) -> QuerySet[Incident]:
    """The public set for readers; every incident for editors, who may need to fix a draft."""
    base = all_incidents() if may_see_unpublished(request.user) else public_incidents()
    return base.select_related("merged_into")
