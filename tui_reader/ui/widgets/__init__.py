"""Widgets of the reader: the sidebar tree, the reading pane and the status line."""
