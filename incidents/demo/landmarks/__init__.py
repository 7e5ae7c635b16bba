"""Landmark public-cloud outages of 2019-2024, added to the demo data set.

Each value was checked against a stored copy of its source; docs/record/landmarks.md keeps
the quotes and the addresses read. Every incident carries a confidence marker per value
("sourcing"): official text, one secondary source, or not verified. Times are written with
the offset the vendor used; the loader stores UTC. Rows have the shape of data.INCIDENTS.
"""

from . import aws, azure, catalog, edge, gcp, others

_MODULES = (aws, gcp, azure, edge, others)

ORGANIZATIONS = catalog.ORGANIZATIONS
PROVIDERS = catalog.PROVIDERS
REGIONS = catalog.REGIONS
PRODUCTS = catalog.PRODUCTS
CITATIONS = {key: row for module in _MODULES for key, row in module.CITATIONS.items()}
INCIDENTS = [row for module in _MODULES for row in module.INCIDENTS]
