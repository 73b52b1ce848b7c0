"""The sidebar: the category tree, saved searches, how entries read."""
