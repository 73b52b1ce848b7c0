"""The reading pane: the article's lines, marks, find, inline images."""
