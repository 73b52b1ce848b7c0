"""Digests of articles as Markdown, HTML or EPUB files (`digest.write_digest`)."""
