"""Editor screens, one module per area."""

from . import catalog, events, incidents, sources  # noqa: F401 - registers the ModelAdmins
