"""Editor screens, one module per area."""

from . import catalog, events, incidents, sources, tokens  # noqa: F401 - registers the ModelAdmins
