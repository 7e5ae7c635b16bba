"""The domain logic every surface shares: the export record, curation, tenures, search."""
