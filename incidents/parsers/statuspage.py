"""Placeholder: the statuspage parser is being written (replace this module whole)."""

from .base import ParsedIncident, Parser


class StatuspageParser(Parser):
    kind = "statuspage"

    def parse(self, payload: bytes) -> list[ParsedIncident]:
        raise NotImplementedError("the statuspage parser is not written yet")
