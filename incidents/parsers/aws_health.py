"""Placeholder: the aws-health parser is being written (replace this module whole)."""

from .base import ParsedIncident, Parser


class AwsHealthParser(Parser):
    kind = "aws-health"

    def parse(self, payload: bytes) -> list[ParsedIncident]:
        raise NotImplementedError("the aws-health parser is not written yet")
