"""Screens of the reader: the main screen and the help, problems, empty and confirm screens."""
