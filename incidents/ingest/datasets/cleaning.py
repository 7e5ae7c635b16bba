"""Repairs for the dirt public datasets carry: US dates, mojibake, lists in one cell, bad links."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

from .base import RowError

# Characters that UTF-8 read as cp1252 or latin-1 leaves behind: "â€™" for "’", "Ã©" for "é".
_MOJIBAKE = re.compile("[ÃÂâ][\x80-\xbf\u0152-\u2122]|â€")
_YEAR = re.compile(r"(?<!\d)(19[9]\d|20\d\d)(?!\d)")
# Hosts that never resolve (RFC 2606, RFC 6761): a link to one is dead by definition.
_DEAD_SUFFIXES = (".invalid", ".example", ".test", ".localhost", "localhost")


def parse_date(value: str) -> dt.datetime:
    """Return midnight UTC of a date written m/d/yyyy (the datasets' way) or yyyy-mm-dd."""
    text = (value or "").strip()
    if not text:
        raise RowError("no date")
    for pattern in ("%m/%d/%Y", "%Y-%m-%d", "%m/%d/%y"):
        try:
            day = dt.datetime.strptime(text, pattern)
        except ValueError:
            continue
        return day.replace(tzinfo=dt.UTC)
    raise RowError(f"date {text!r} is neither month/day/year nor year-month-day")


def repair_mojibake(text: str) -> tuple[str, bool]:
    """Undo UTF-8 decoded as cp1252 or latin-1, only where the round trip is clean."""
    if not text or not _MOJIBAKE.search(text):
        return text, False
    try:
        raw = bytes(_cp1252_byte(char) for char in text)
        fixed = raw.decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return text, False
    return (fixed, True) if fixed != text else (text, False)


def _cp1252_byte(char: str) -> int:
    try:
        return char.encode("cp1252")[0]
    except UnicodeEncodeError:
        # cp1252 leaves five bytes undefined; decoders that map them pass them through as C1.
        if ord(char) < 256:
            return ord(char)
        raise ValueError(char) from None


def split_cell(value: str | None, separators: str = ",;|") -> list[str]:
    """Return the non-empty items of a multi-valued cell, in order, without repeats."""
    items = re.split(f"[{re.escape(separators)}]", value or "")
    return list(dict.fromkeys(item.strip() for item in items if item.strip()))


def year_mismatch(when: dt.datetime, *texts: str) -> str:
    """Return a note when the text names years and none of them is the record's own."""
    years = {int(y) for text in texts for y in _YEAR.findall(text or "")}
    if years and when.year not in years:
        named = ", ".join(str(y) for y in sorted(years))
        return f"dated {when.year} but its text says {named}: the date kept, check it"
    return ""


def checked_link(url: str) -> tuple[str, str]:
    """Return (url or "", note): a link kept only when it is http(s) to a host that can exist."""
    text = (url or "").strip()
    if not text:
        return "", ""
    parts = urlsplit(text)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not host or "." not in host:
        return "", f"link {text[:200]!r} dropped: not an http(s) URL with a host"
    if host.endswith(_DEAD_SUFFIXES):
        return "", f"link {text[:200]!r} dropped: {host} cannot exist"
    return text, ""
