"""Placeholder: the gcp parser is being written (replace this module whole)."""

from .base import ParsedIncident, Parser


class GcpParser(Parser):
    kind = "gcp"

    def parse(self, payload: bytes) -> list[ParsedIncident]:
        raise NotImplementedError("the gcp parser is not written yet")
