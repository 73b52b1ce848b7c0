"""What the key footer uses of Textual's `Footer` that Textual keeps private, in one place.

Textual (8.x) exports `Footer` but not `FooterKey`, the widget it draws each key with, and keeps
the reactive that holds a new footer empty until the screen's first bindings signal private.
`ReaderFooter` (ui.widgets.footer) needs both: it hides the keys that do not fit (so it looks for
the `FooterKey`s among its children), and it shows the keys in the screen's first frame rather
than a frame later (so it marks the bindings as ready itself). Nothing else imports
`textual.widgets._footer`: tests/ui/test_footer_internals.py checks each name and behaviour relied
on here and fails when a Textual upgrade changes one, so the footer is mended here, not guessed at.
"""

from __future__ import annotations

from textual.widgets import Footer
from textual.widgets._footer import FooterKey

__all__ = ["FooterKey", "bindings_ready"]


def bindings_ready(footer: Footer) -> None:
    """Let `footer` compose its keys now (Textual's own footer waits for a bindings signal)."""
    footer.set_reactive(Footer._bindings_ready, True)
