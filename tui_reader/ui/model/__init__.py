"""Plain Python behind the UI: the category tree, reading order, saved searches."""
