"""Placeholder: the azure-rss parser is being written (replace this module whole)."""

from .base import ParsedIncident, Parser


class AzureRssParser(Parser):
    kind = "azure-rss"

    def parse(self, payload: bytes) -> list[ParsedIncident]:
        raise NotImplementedError("the azure-rss parser is not written yet")
