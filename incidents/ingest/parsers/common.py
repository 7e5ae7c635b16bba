"""Helpers shared by parsers: safe XML, time conversion, HTML to text."""

from __future__ import annotations

import datetime as dt
import email.utils
import html
import json
import re
from typing import Any
from xml.etree.ElementTree import Element
from zoneinfo import ZoneInfo

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from .base import ParseError

_EARLIEST = dt.datetime.min.replace(tzinfo=dt.UTC)
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
    try:
        return value.astimezone(dt.UTC)
    except OverflowError:
        # Year 1 or 9999 pushed past the calendar by its offset: keep the nearest end, which
        # the ingestion edge refuses by name, rather than fail every incident of the payload.
        return dt.datetime.max.replace(tzinfo=dt.UTC) if value.year > 1 else _EARLIEST


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
    try:
        return dt.datetime.fromtimestamp(number / 1000 if millis else number, tz=dt.UTC)
    except (OverflowError, OSError, ValueError) as exc:  # out of range, inf or NaN
        raise ParseError(f"epoch time out of range: {value!r}") from exc


def html_to_text(value: str) -> str:
    """Strip tags and unescape entities, keeping line breaks: for titles and matching only."""
    value = re.sub(r"(?i)<br\s*/?>|</p>|</li>", "\n", value)
    text = html.unescape(_TAG.sub("", value))
    lines = (_SPACE.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


_JSON_KINDS = {
    dict: "an object",
    list: "a list",
    str: "a string",
    int: "a number",
    float: "a number",
}


def json_kind(value: object) -> str:
    """Name a decoded JSON value's type the way an editor reads it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    return _JSON_KINDS.get(type(value), type(value).__name__)


def looks_like_html(text: str) -> bool:
    """Tell whether a body is an HTML page (an error page or login wall served with 200)."""
    head = text[:1024].lstrip().lower()
    if head.startswith(("<!doctype html", "<html")):
        return True
    # A feed may quote HTML in CDATA; only a body that is not XML is judged by its contents.
    return not head.startswith("<?xml") and "<html" in head


def load_json(payload: bytes, what: str) -> Any:
    """Decode a UTF-8 JSON payload, or raise ParseError saying what came back instead."""
    try:
        text = payload.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParseError(f"{what}: body is not UTF-8 text (byte {exc.start})") from exc
    if not text.strip():
        raise ParseError(f"{what}: empty body, expected JSON")
    if looks_like_html(text):
        raise ParseError(f"{what}: got an HTML page, not JSON; check the source URL")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(
            f"{what}: not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno});"
            " truncated or not a JSON endpoint?"
        ) from exc
    except RecursionError as exc:
        raise ParseError(f"{what}: JSON nested too deeply") from exc
    except ValueError as exc:  # a number past int_max_str_digits
        raise ParseError(f"{what}: JSON number too long to read") from exc


def _kinds_name(kinds: type | tuple[type, ...]) -> str:
    kinds = kinds if isinstance(kinds, tuple) else (kinds,)
    return " or ".join(sorted({_JSON_KINDS.get(kind, kind.__name__) for kind in kinds}))


def json_field(
    obj: dict, key: str, kinds: type | tuple[type, ...], where: str, required: bool = True
) -> Any:
    """Return obj[key] if it has one of `kinds`; None when optional and missing or null."""
    value = obj.get(key)
    if value is None and not required:
        return None
    wanted = kinds if isinstance(kinds, tuple) else (kinds,)
    # JSON true/false is never an id or a number, though bool subclasses int.
    if not isinstance(value, wanted) or (isinstance(value, bool) and bool not in wanted):
        shown = "missing" if key not in obj else json_kind(obj[key])
        raise ParseError(f"{where}: {key!r} should be {_kinds_name(kinds)}, got {shown}")
    return value


def parse_rfc822(value: str, assume: str = "UTC") -> dt.datetime:
    """Parse an RSS date (RFC 822; zone names like PST/PDT, or Z) to aware UTC, or ParseError."""
    try:
        parsed = email.utils.parsedate_to_datetime(value.strip())
    except (AttributeError, TypeError, ValueError, IndexError) as exc:
        raise ParseError(f"bad RFC 822 date: {value!r}") from exc
    # An unknown zone name or "-0000" comes back naive: the feed's own zone is the best guess.
    return to_utc(parsed, assume)


def rss_items(root: Element, what: str) -> list[Element]:
    """Return the <item>s of an RSS 2.0 document, or raise ParseError if it is not RSS."""
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        raise ParseError(f"{what}: expected an RSS feed (<rss><channel>), got <{root.tag}>")
    return channel.findall("item")


def child_text(element: Element, tag: str) -> str:
    """Return the stripped text of `element`'s first `tag` child, or "" when absent."""
    child = element.find(tag)
    return (child.text or "").strip() if child is not None else ""


def parse_feed_xml(payload: bytes, what: str) -> Element:
    """Parse a feed's XML safely, telling an HTML page (error page, login wall) apart."""
    if looks_like_html(payload[:1024].decode("utf-8", "replace")):
        raise ParseError(f"{what}: got an HTML page, not a feed; check the source URL")
    try:
        return parse_xml(payload)
    except ParseError as exc:
        raise ParseError(f"{what}: {exc}") from None
