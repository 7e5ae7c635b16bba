"""Placeholder: the statuspage-feed parser is being written (replace this module whole)."""

from .base import ParsedIncident, Parser


class StatuspageFeedParser(Parser):
    kind = "statuspage-feed"

    def parse(self, payload: bytes) -> list[ParsedIncident]:
        raise NotImplementedError("the statuspage-feed parser is not written yet")
