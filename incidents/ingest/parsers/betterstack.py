"""Parse Better Stack (formerly Better Uptime) public status pages' <page>/index.json.

The page is one JSON:API document: `data` is the status page (its `aggregate_state`), and
`included` holds `status_page_resource` (public_name, status), `status_report` (title,
report_type manual|automatic|maintenance, starts_at, ends_at, aggregate_state operational|
maintenance|downtime|degraded, affected_resources of {status_page_resource_id, status}) and
`status_update` (message, published_at, status_report_id) items. Based on Better Stack's docs:
"JSON API status" (betterstack.com/docs/uptime/status-pages/subscribing-to-status-updates/
subscribing-to-api) and the status page report and resource response parameters
(betterstack.com/docs/uptime/api/status-page-reports-api-response-params), and on public
clients that read index.json (one also sees report_type "calculated").
"""

from __future__ import annotations

import datetime as dt

from .base import ParsedImpact, ParsedIncident, ParsedUpdate, ParseError, Parser
from .common import json_field, json_kind, load_json, parse_iso

# A resource's or report's state, as an impact level.
IMPACTS = {"degraded": "minor", "downtime": "major", "maintenance": "maintenance"}
# Reports of this type are written by the page itself from monitors, not by people.
REPORT_TYPES = {"manual", "automatic", "maintenance", "calculated"}
# ends_at stays null on many resolved reports: aggregate_state is what says it is over.
OVER = {"resolved", "operational"}


class BetterStackParser(Parser):
    kind = "betterstack"
    label = "Better Stack status page (index.json)"

    def parse(self, payload: bytes) -> list[ParsedIncident]:
        data = load_json(payload, "Better Stack index.json")
        if not isinstance(data, dict) or not isinstance(data.get("data"), dict):
            raise ParseError(
                "Better Stack index.json: expected a JSON:API object with 'data'"
                f" (<page>/index.json), got {json_kind(data)}"
            )
        included = json_field(data, "included", list, "Better Stack index.json", required=False)
        items = [_item(raw) for raw in included or []]
        names = {i: a.get("public_name") for t, i, a in items if t == "status_page_resource"}
        updates: dict[str, list[ParsedUpdate]] = {}
        for kind, item_id, attributes in items:
            if kind == "status_update":
                report_id, update = _update(item_id, attributes)
                updates.setdefault(report_id, []).append(update)
        page_url = _page_url(data["data"])
        return [
            _report(item_id, attributes, names, updates.get(item_id, []), page_url)
            for kind, item_id, attributes in items
            if kind == "status_report"
        ]


def _item(raw: object) -> tuple[str, str, dict]:
    if not isinstance(raw, dict):
        raise ParseError(f"Better Stack included item: expected an object, got {json_kind(raw)}")
    kind = json_field(raw, "type", str, "Better Stack included item")
    item_id = str(json_field(raw, "id", (str, int), f"Better Stack {kind}"))
    attributes = json_field(raw, "attributes", dict, f"Better Stack {kind} {item_id}")
    return kind, item_id, attributes


def _page_url(page: dict) -> str:
    attributes = page.get("attributes")
    if not isinstance(attributes, dict):
        return ""
    domain = attributes.get("custom_domain")
    return f"https://{domain}" if isinstance(domain, str) and domain else ""


def _time(attributes: dict, key: str, where: str) -> dt.datetime | None:
    value = json_field(attributes, key, str, where, required=False)
    return parse_iso(value) if value else None


def _update(item_id: str, attributes: dict) -> tuple[str, ParsedUpdate]:
    where = f"Better Stack status update {item_id}"
    report_id = str(json_field(attributes, "status_report_id", (str, int), where))
    posted_at = _time(attributes, "published_at", where) or _time(attributes, "created_at", where)
    if posted_at is None:
        raise ParseError(f"{where}: no 'published_at' time")
    body = json_field(attributes, "message", str, where, required=False) or ""
    return report_id, ParsedUpdate(posted_at=posted_at, body=body, external_id=item_id)


def _report(
    item_id: str,
    attributes: dict,
    names: dict[str, object],
    updates: list[ParsedUpdate],
    page_url: str,
) -> ParsedIncident:
    where = f"Better Stack status report {item_id}"
    report_type = json_field(attributes, "report_type", str, where, required=False) or "manual"
    if report_type not in REPORT_TYPES:
        raise ParseError(f"{where}: unknown report_type {report_type!r}")
    started_at = _time(attributes, "starts_at", where)
    if started_at is None:
        raise ParseError(f"{where}: no 'starts_at' time")
    # The docs spell states capitalised ("Operational"), pages send them in lower case.
    state = (json_field(attributes, "aggregate_state", str, where, required=False) or "").lower()
    updates.sort(key=lambda update: update.posted_at)
    ended_at = _time(attributes, "ends_at", where)
    if state in OVER and ended_at is None and updates:
        ended_at = updates[-1].posted_at
    over = state in OVER or (ended_at is not None and report_type != "maintenance")
    return ParsedIncident(
        external_id=item_id,
        title=json_field(attributes, "title", str, where).strip(),
        started_at=started_at,
        ended_at=ended_at if over else None,
        status="resolved"
        if over
        else "identified"
        if report_type == "maintenance"
        else "investigating",
        impact="maintenance" if report_type == "maintenance" else _impact(attributes, state, where),
        url=f"{page_url}/incident/{item_id}" if page_url else "",
        products=_products(attributes, names, where),
        updates=tuple(updates),
    )


def _impact(attributes: dict, state: str, where: str) -> str:
    if state in IMPACTS:
        return IMPACTS[state]
    statuses = [a.get("status") for a in _affected(attributes, where)]
    worst = [IMPACTS.get(s.lower(), "") for s in statuses if isinstance(s, str)]
    return "major" if "major" in worst or not any(worst) else "minor"


def _affected(attributes: dict, where: str) -> list[dict]:
    affected = json_field(attributes, "affected_resources", list, where, required=False) or []
    for resource in affected:
        if not isinstance(resource, dict):
            raise ParseError(f"{where}: an affected resource is {json_kind(resource)}")
    return affected


def _products(attributes: dict, names: dict[str, object], where: str) -> tuple[ParsedImpact, ...]:
    products = []
    for resource in _affected(attributes, where):
        resource_id = str(resource.get("status_page_resource_id", ""))
        name = names.get(resource_id)
        if isinstance(name, str) and name.strip():
            status = resource.get("status")
            impact = IMPACTS.get(status.lower(), "") if isinstance(status, str) else ""
            products.append(ParsedImpact(product=name.strip(), impact=impact))
    return tuple(products)
