"""Propose, never merge: imported incidents that look like ones already stored."""

from __future__ import annotations

import datetime as dt
import re
from difflib import SequenceMatcher

from django.db.models import Q

from incidents.models import DuplicateProposal, Incident, Source

# Datasets know the day, not the hour, and a day in one zone is two in UTC.
SLACK = dt.timedelta(days=1)
THRESHOLD = 0.5
_STOP = {"a", "an", "and", "the", "of", "in", "on", "for", "to", "with", "at", "summary", "rca"}


def propose_duplicates(source: Source, incident_ids: list[int], now: dt.datetime) -> list[str]:
    """Record a proposal per look-alike of another source; return one line per new proposal."""
    mine = list(Incident.objects.filter(pk__in=incident_ids, merged_into__isnull=True))
    if not mine:
        return []
    low = min(i.started_at for i in mine) - 2 * SLACK
    high = max(_end(i) for i in mine) + SLACK
    others = list(
        Incident.objects.filter(provider_id=source.provider_id, merged_into__isnull=True)
        .filter(started_at__lte=high)
        .filter(Q(ended_at__gte=low) | Q(ended_at__isnull=True, started_at__gte=low))
        .exclude(refs__source=source)
        .exclude(pk__in=incident_ids)
        .only("pk", "title", "started_at", "ended_at", "slug")
    )
    found = [
        DuplicateProposal(
            incident=incident,
            candidate=other,
            similarity=round(score, 3),
            reason=f"same provider, windows overlap, titles {score:.0%} alike",
            proposed_at=now,
        )
        for incident in mine
        for other in others
        if _overlap(incident, other)
        for score in [similarity(incident.title, other.title)]
        if score >= THRESHOLD
    ]
    known = set(
        DuplicateProposal.objects.filter(incident_id__in=[i.pk for i in mine]).values_list(
            "incident_id", "candidate_id"
        )
    )
    fresh = [p for p in found if (p.incident.pk, p.candidate.pk) not in known]
    DuplicateProposal.objects.bulk_create(fresh, ignore_conflicts=True)
    return [f"{p.incident.slug} may be {p.candidate.slug} ({p.reason})" for p in fresh]


def similarity(first: str, second: str) -> float:
    """Return how alike two titles are, 0 to 1: the better of word overlap and edit ratio."""
    a, b = _words(first), _words(second)
    if not a or not b:
        return 0.0
    overlap = len(a & b) / len(a | b)
    ratio = SequenceMatcher(None, " ".join(sorted(a)), " ".join(sorted(b))).ratio()
    return max(overlap, ratio)


def _words(title: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", title.lower()) if w not in _STOP}


def _end(incident: Incident) -> dt.datetime:
    return max(incident.ended_at or incident.started_at, incident.started_at + SLACK)


def _overlap(first: Incident, second: Incident) -> bool:
    return first.started_at - SLACK <= _end(second) and second.started_at - SLACK <= _end(first)
