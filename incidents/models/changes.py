"""The domain's own signal: which incidents a writer changed, for writers that skip save()."""

from collections.abc import Iterable

from django.dispatch import Signal

# Sent with `incident_ids` (a set of primary keys) by writers that bulk-write, so listeners
# (the page cache, notifications) hear of changes that model signals never announce.
incidents_changed = Signal()


def announce_changes(sender: type, incident_ids: Iterable[int]) -> None:
    """Tell listeners that the incidents `incident_ids` changed in the current transaction."""
    ids = {pk for pk in incident_ids if pk}
    if ids:
        incidents_changed.send(sender=sender, incident_ids=ids)
