"""The tree's labels stay readable in light and dark themes (a partial style once turned the
muted colours white, invisible on a light background)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.color import Color
from ui_support import make_library, running

from tui_reader.core.config import Config
from tui_reader.ui.widgets.sidebar.sidebar import Sidebar


@pytest.mark.parametrize("theme", ["textual-light", "solarized-light", "textual-dark", "nord"])
async def test_sidebar_label_colours_contrast_with_the_background(
    tmp_path: Path, theme: str
) -> None:
    library = make_library(tmp_path / "library", samples=False)
    async with running(library, Config(theme=theme)) as (app, pilot):
        assert app.theme == theme
        sidebar = app.screen.query_one(Sidebar)
        _, background = sidebar.background_colors
        styles = sidebar.entry_labels.styles()
        # The muted and plain colours are derived from the background ("auto"); accent colours
        # (unread, bookmark) are the theme's own choice and are left to it.
        for name in ("date", "dim", "read", "special"):
            style = styles[name]
            colour = Color.from_rich_color(style.color)
            contrast = abs(colour.brightness - background.brightness)
            assert contrast > 0.2, (theme, name, style, background)
