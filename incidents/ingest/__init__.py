"""Everything that brings data in: the fetch seam, parsers, the upsert, tasks, importers."""
