"""The reader with its search index build switched off, as `bench_million.py --model-only`
launches it: its memory is then its library model's, not that of the first search index build
the reader starts after its scan when the search index is missing or behind (which grows the
process as it goes, so a figure taken then says how far the build got)."""

import sys

if __name__ == "__main__":
    from tui_reader.ui import app

    app.ReaderApp.index_for_search = lambda self, snapshot: None  # type: ignore[method-assign]
    from tui_reader.cli import main

    sys.exit(main())
