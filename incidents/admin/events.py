"""Admin screens (being written)."""
