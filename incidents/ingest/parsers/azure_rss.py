"""Azure status RSS (`azure.status.microsoft/en-us/status/feed/`, .NET SyndicationFeed).

Only open, broad-impact issues are listed; an item vanishes when resolved and carries no
severity or lifecycle. Its guid is a slug of the title, reused by later incidents, so the
incident key is guid + pubDate (the incident's start). The description is rewritten in
place as the incident goes on. <category> mixes service names and region names.
"""

from __future__ import annotations

import datetime as dt
import re
from xml.etree.ElementTree import Element

from .base import ParsedImpact, ParsedIncident, ParsedUpdate, ParseError, Parser
from .common import child_text, html_to_text, parse_feed_xml, parse_rfc822, rss_items

WHAT = "Azure status RSS"
NON_REGIONAL = {"public non-regional", "non-regional", "global"}
# Azure's public region display names, as its feed's categories spell them.
REGION_NAMES = (
    "East US", "East US 2", "East US 3", "Central US", "North Central US", "South Central US",
    "West Central US", "West US", "West US 2", "West US 3", "Canada Central", "Canada East",
    "Brazil South", "Brazil Southeast", "Mexico Central", "Chile Central", "North Europe",
    "West Europe", "UK South", "UK West", "France Central", "France South",
    "Germany West Central", "Germany North", "Switzerland North", "Switzerland West",
    "Norway East", "Norway West", "Sweden Central", "Sweden South", "Poland Central",
    "Italy North", "Spain Central", "Austria East", "Belgium Central", "Denmark East",
    "Australia East", "Australia Southeast", "Australia Central", "Australia Central 2",
    "New Zealand North", "East Asia", "Southeast Asia", "Japan East", "Japan West",
    "Korea Central", "Korea South", "Central India", "South India", "West India",
    "Jio India West", "Jio India Central", "Indonesia Central", "Malaysia West",
    "Taiwan North", "UAE North", "UAE Central", "Qatar Central", "Israel Central",
    "Saudi Arabia East", "South Africa North", "South Africa West", "US Gov Virginia",
    "US Gov Arizona", "US Gov Texas", "US DoD East", "US DoD Central",
)  # fmt: skip
_REGION_IDS = {name.lower(): name.lower().replace(" ", "") for name in REGION_NAMES}
# Longest first, so "West US 2" is found before "West US".
_REGION_IN_TEXT = re.compile(
    r"\b(" + "|".join(re.escape(n) for n in sorted(REGION_NAMES, key=len, reverse=True)) + r")\b"
)
_SLUG = re.compile(r"[^a-z0-9]+")


class AzureRssParser(Parser):
    kind = "azure-rss"
    label = "Azure status RSS"

    def parse(self, payload: bytes) -> list[ParsedIncident]:
        return [_incident(item) for item in rss_items(parse_feed_xml(payload, WHAT), WHAT)]


def _incident(item: Element) -> ParsedIncident:
    title = child_text(item, "title")
    if not title:
        raise ParseError(f"{WHAT}: an item has no <title>")
    date = child_text(item, "pubDate")
    if not date:
        raise ParseError(f"{WHAT}: item {title!r} has no <pubDate>")
    started_at = parse_rfc822(date)
    key = f"{child_text(item, 'guid') or _slug(title)}@{_stamp(started_at)}"
    body = child_text(item, "description")
    regions, products = _categories(item)
    return ParsedIncident(
        external_id=key,
        title=title,
        started_at=started_at,
        status="investigating",
        impact="major",
        url=child_text(item, "link"),
        regions=regions or _regions_in_text(f"{title}\n{html_to_text(body)}"),
        products=products,
        # One update whose body Azure rewrites in place: same id, so an edit is an edit.
        updates=(ParsedUpdate(posted_at=started_at, body=body, external_id=key),),
    )


def _stamp(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def _slug(title: str) -> str:
    return _SLUG.sub("-", title.lower()).strip("-")


def _categories(item: Element) -> tuple[tuple[str, ...], tuple[ParsedImpact, ...]]:
    """Split <category> values into region ids and product names."""
    regions: dict[str, None] = {}
    products: dict[str, None] = {}
    for category in item.findall("category"):
        name = (category.text or "").strip()
        if name.lower() in NON_REGIONAL:
            regions["global"] = None
        elif name.lower() in _REGION_IDS:
            regions[_REGION_IDS[name.lower()]] = None
        elif name:
            products[name] = None
    return tuple(regions), tuple(ParsedImpact(product=name) for name in products)


def _regions_in_text(text: str) -> tuple[str, ...]:
    found = {_REGION_IDS[match.lower()]: None for match in _REGION_IN_TEXT.findall(text)}
    return tuple(found)
