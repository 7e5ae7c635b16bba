"""Placeholder: the aws-rss parser is being written (replace this module whole)."""

from .base import ParsedIncident, Parser


class AwsRssParser(Parser):
    kind = "aws-rss"

    def parse(self, payload: bytes) -> list[ParsedIncident]:
        raise NotImplementedError("the aws-rss parser is not written yet")
