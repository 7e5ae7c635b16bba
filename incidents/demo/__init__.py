"""The demo data set: sourced facts (data.py) and the idempotent loader (load.py)."""
