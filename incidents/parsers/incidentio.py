"""Placeholder: the incidentio parser is being written (replace this module whole)."""

from .base import ParsedIncident, Parser


class IncidentioParser(Parser):
    kind = "incidentio"

    def parse(self, payload: bytes) -> list[ParsedIncident]:
        raise NotImplementedError("the incidentio parser is not written yet")
