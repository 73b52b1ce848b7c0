"""The README's table of search filters, made from the search language's own table
(`tui_reader.core.search.query.FILTERS`): one row per filter, its examples and what it finds.

    python scripts/readme_filters.py [README]           write the rows into README.md's table
    python scripts/readme_filters.py --check [README]   exit 1 when the table holds other rows

The rows are those between the table's header (`| filter | meaning |`) and its row of the
language's other terms (`"quoted phrase"`…); tests/core/test_search_filters_table.py runs `--check`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tui_reader.core.search.query import FILTERS  # noqa: E402

HEADER = "| filter | meaning |\n|---|---|\n"
OTHER_TERMS = '| `"quoted phrase"`'


def filter_rows() -> str:
    return "".join(
        f"| {' '.join(f'`{example}`' for example in kind.examples)} | {kind.help} |\n"
        for kind in FILTERS
    )


def with_rows(readme: str) -> str:
    """`readme` with the filter rows of its table made afresh; ValueError when it has no such
    table."""
    start = readme.find(HEADER)
    end = readme.find(OTHER_TERMS, start)
    if start < 0 or end < 0:
        raise ValueError("no table of filters (its header, then a row of quoted phrases)")
    start += len(HEADER)
    return readme[:start] + filter_rows() + readme[end:]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "readme", nargs="?", type=Path, default=Path(__file__).resolve().parent.parent / "README.md"
    )
    parser.add_argument("--check", action="store_true", help="only check, write nothing")
    args = parser.parse_args()
    text = args.readme.read_text(encoding="utf-8")
    made = with_rows(text)
    if args.check:
        if made != text:
            print(
                f"{args.readme}: the table of filters differs from FILTERS; run "
                "python scripts/readme_filters.py",
                file=sys.stderr,
            )
            return 1
        return 0
    if made != text:
        args.readme.write_text(made, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
