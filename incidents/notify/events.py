"""What changed about an incident since subscribers were last told: the events to send."""

from __future__ import annotations

from django.utils import timezone

from incidents.models import Event, Incident, IncidentNotice, Status
from incidents.models.subscriptions import EVENT_RANK

CLOSED = (Status.RESOLVED, Status.POSTMORTEM)


def take_events(incident_id: int) -> tuple[Incident | None, set[str]]:
    """Return the incident and the events it owes its subscribers, marking them as told.

    Call inside a transaction: the notice row is locked, so two workers never tell one change twice.
    """
    incident = Incident.objects.select_related("provider").filter(pk=incident_id).first()
    # Drafts, hidden and merged incidents never notify; their notice stays as it was.
    if incident is None or not incident.is_public:
        return None, set()
    notice, created = IncidentNotice.objects.select_for_update().get_or_create(incident=incident)
    events = _diff(incident, notice, first=created)
    if events:
        _record(incident, notice)
    return incident, events


def _diff(incident: Incident, notice: IncidentNotice, first: bool) -> set[str]:
    newest = _newest_update_id(incident)
    resolved = incident.status in CLOSED or incident.ended_at is not None
    postmortem = incident.status == Status.POSTMORTEM or bool(incident.postmortem_url)
    events: set[str] = set()
    if first:
        events.add(Event.CREATED)
    elif newest > notice.last_update_id or incident.status != notice.status:
        events.add(Event.UPDATED)
    if resolved and not notice.resolved:
        events.add(Event.RESOLVED)
    if postmortem and not notice.postmortem:
        events.add(Event.POSTMORTEM)
    return events


def _newest_update_id(incident: Incident) -> int:
    ids = incident.updates.order_by("-pk").values_list("pk", flat=True)[:1]
    return ids[0] if ids else 0


def _record(incident: Incident, notice: IncidentNotice) -> None:
    notice.status = incident.status
    notice.resolved = notice.resolved or incident.status in CLOSED or incident.ended_at is not None
    notice.postmortem = notice.postmortem or incident.status == Status.POSTMORTEM
    notice.postmortem = notice.postmortem or bool(incident.postmortem_url)
    notice.last_update_id = _newest_update_id(incident)
    notice.notified_at = timezone.now()
    notice.save()


def headline(events: set[str]) -> str:
    """Return the most telling of `events`: what a message about all of them is about."""
    return next(e for e in EVENT_RANK if e in events)
