"""Helpers shared by parsers: safe XML, time conversion, HTML to text."""

from __future__ import annotations

import datetime as dt
import html
import re
from xml.etree.ElementTree import Element
from zoneinfo import ZoneInfo

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from .base import ParseError

_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"[ \t\r\f\v]+")


def parse_xml(payload: bytes) -> Element:
    """Parse XML with DTDs, entity expansion and external entities refused."""
    try:
        return fromstring(payload, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise ParseError(f"refused unsafe XML: {exc.__class__.__name__}") from exc
    except Exception as exc:  # ElementTree.ParseError and expat errors
        raise ParseError(f"not well-formed XML: {exc}") from exc


def to_utc(value: dt.datetime, assume: str = "UTC") -> dt.datetime:
    """Return `value` in UTC; a naive value is taken to be in zone `assume`."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo(assume))
    return value.astimezone(dt.UTC)


def parse_iso(value: str, assume: str = "UTC") -> dt.datetime:
    """Parse an ISO 8601 time (offset or Z) to aware UTC, or raise ParseError."""
    try:
        return to_utc(dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00")), assume)
    except (AttributeError, TypeError, ValueError) as exc:
        raise ParseError(f"bad ISO 8601 time: {value!r}") from exc


def from_epoch(value: str | int | float, millis: bool = False) -> dt.datetime:
    """Convert epoch seconds (or milliseconds), given as number or string, to aware UTC."""
    try:
        number = float(value)
    except (TypeError, ValueError) as exc:
        raise ParseError(f"bad epoch time: {value!r}") from exc
    return dt.datetime.fromtimestamp(number / 1000 if millis else number, tz=dt.UTC)


def html_to_text(value: str) -> str:
    """Strip tags and unescape entities, keeping line breaks: for titles and matching only."""
    value = re.sub(r"(?i)<br\s*/?>|</p>|</li>", "\n", value)
    text = html.unescape(_TAG.sub("", value))
    lines = (_SPACE.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)
