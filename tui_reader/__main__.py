"""Allow `python -m tui_reader`."""

from tui_reader.cli import main

# Guarded: the scanner's worker processes re-import the main module when they start.
if __name__ == "__main__":
    raise SystemExit(main())
