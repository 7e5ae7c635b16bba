"""Domain logic every surface shares."""
