"""Screens of the reader: the main screen, search (and saving a search), links, help, problems,
empty and confirm screens."""
