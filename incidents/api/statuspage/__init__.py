"""Atlassian Statuspage v2 compatible read endpoints, per provider, product and region."""
