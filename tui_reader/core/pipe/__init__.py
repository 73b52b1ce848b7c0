"""Piping an article to a tool the user configured (`[pipe]` in config.toml): the settings, the
runner and the cache of outputs. Plain Python: the reader and `tui-reader pipe` both use it."""
