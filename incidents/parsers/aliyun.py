"""Placeholder: the aliyun parser is being written (replace this module whole)."""

from .base import ParsedIncident, Parser


class AliyunParser(Parser):
    kind = "aliyun"

    def parse(self, payload: bytes) -> list[ParsedIncident]:
        raise NotImplementedError("the aliyun parser is not written yet")
