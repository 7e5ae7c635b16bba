"""Editor screens, one module per area."""

from . import catalog, events, incidents, sources, subscriptions  # noqa: F401 - registers them
