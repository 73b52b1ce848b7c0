"""Work done in threads (loading the library, the search index), with messages."""
