"""Full-text search: the query language, the FTS5 index, running queries."""
