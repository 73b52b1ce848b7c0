"""The library: its folder walked, its files parsed, their metadata indexed."""
