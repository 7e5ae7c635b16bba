"""Editor screens, one module per area; importing them registers their ModelAdmins."""

from . import catalog, datasets, events, incidents, sources, subscriptions, tokens  # noqa: F401
