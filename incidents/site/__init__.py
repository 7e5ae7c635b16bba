"""The readers' surface: public pages, feeds, charts and the page cache."""
