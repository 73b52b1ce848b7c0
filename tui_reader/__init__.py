"""tui-reader: a keyboard-first terminal reader for local archives of news articles."""

__version__ = "0.1.0"
