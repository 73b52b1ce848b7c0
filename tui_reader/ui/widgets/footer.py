"""The key footer, rebuilt only when the keys it shows change.

Textual's `Footer` rebuilds all its key widgets after every `bindings_updated` signal: focus
moving, an article opening and `refresh_bindings` each send one, and the start-up sends five in
a row. Each rebuild mounts and styles a dozen widgets (~10 ms on our machines), and they were
stacked between a key press and the frame that answers it. This footer rebuilds once for a burst
of signals, and not at all when the keys it would show are the same; so the main screen simply
calls `refresh_bindings` whenever what its keys can do may have changed (a cursor move, a focus
change, an article opening) and this footer decides whether anything is to be redrawn.

Keys that do not fit are hidden, from the first one that would run under the command palette's
key at the right end (Textual's footer lets them: the last one showed half its label). The keys
come in order of importance (`keys.SCREEN_BINDINGS`: q and ? first), so the last ones go.

What this needs of Textual's footer beyond its public API comes from `footer_internals`.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

from tui_reader.ui.widgets.footer_internals import FooterKey, bindings_ready

PALETTE_KEY = "-command-palette"  # the class of the command palette's key, at the right end


class ReaderFooter(Footer):
    """A `Footer` that coalesces binding updates and skips rebuilds that change nothing."""

    def __init__(self) -> None:
        super().__init__()
        self._rebuild_pending = False
        self._shown: object = None
        self.rebuilds = 0  # how many times the keys were rebuilt (tests count them)

    def compose(self) -> ComposeResult:
        # Textual's footer stays empty until the first bindings signal, a frame after the
        # screen's first: show the keys in that first frame (the rebuild follows if they change).
        bindings_ready(self)
        self._shown = self.shown_keys()
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                # A new key is compact until its binding to the footer's `compact` says it is
                # not, and each change of its class restyled it (twice per key at every
                # rebuild): it starts as the footer is, its class set before it is mounted. The
                # palette's key is bound to nothing: it stays compact, as Textual draws it.
                compact = True if widget.has_class(PALETTE_KEY) else self.compact
                widget.set_reactive(FooterKey.compact, compact)
                widget.set_class(compact, "-compact", update=False)
            yield widget

    def on_mount(self) -> None:
        self._fit_keys()

    def on_resize(self) -> None:
        self._fit_keys()

    def _fit_keys(self) -> None:
        """Show every key, then, once they are laid out, hide those that do not fit."""
        for key in self.query(FooterKey):
            key.display = True
        self.call_after_refresh(self._hide_overflow)

    def _hide_overflow(self) -> None:
        keys = list(self.query(FooterKey))
        palette = [key for key in keys if key.has_class(PALETTE_KEY)]
        limit = palette[0].region.x if palette else self.region.right
        overflow = False
        for key in keys:
            if key not in palette:
                overflow = overflow or key.region.right > limit
                key.display = not overflow

    def bindings_changed(self, screen: Screen) -> None:
        bindings_ready(self)
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        if not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild_if_changed)

    async def _rebuild_if_changed(self) -> None:
        self._rebuild_pending = False
        shown = self.shown_keys()
        if shown != self._shown:
            self._shown = shown
            self.rebuilds += 1
            await self.recompose()
            self._fit_keys()

    def shown_keys(self) -> object:
        """What `compose` would show: each shown binding's key, label, action and whether it is
        enabled, in order, with the command palette's key and the footer's own settings."""
        palette = self.app.COMMAND_PALETTE_BINDING
        bindings = tuple(
            (key, binding.key_display, binding.description, binding.action, binding.group,
             enabled, tooltip)
            for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
            if binding.show or key == palette
        )  # fmt: skip
        return (bindings, self.compact, self.show_command_palette, self.combine_groups)
