"""`U` on and off keeps open the categories that were open: a fully read category is
hidden while only unread articles are shown, and comes back open, not collapsed."""

from __future__ import annotations

from pathlib import Path

from ui_support import make_library, running, settle


async def test_open_fully_read_categories_stay_open_across_u(tmp_path: Path) -> None:
    async with running(make_library(tmp_path / "library")) as (app, pilot):
        main = app.main_screen
        english = [a.id for a in main.model.articles.values() if a.path.startswith("english/")]
        main.set_read(english, True)  # English and English/Notes fully read
        sidebar = main.sidebar
        for path in (("English",), ("English", "Notes")):
            sidebar.expand_node(sidebar.category_nodes[path])
        await pilot.pause()
        closed = next(p for p, n in sidebar.category_nodes.items() if not n.is_expanded)
        await pilot.press("U")
        await settle(pilot)
        assert ("English",) not in sidebar.category_nodes  # hidden: nothing unread in it
        await pilot.press("U")
        await settle(pilot)
        assert sidebar.category_nodes[("English",)].is_expanded
        assert sidebar.category_nodes[("English", "Notes")].is_expanded
        assert not sidebar.category_nodes[closed].is_expanded  # the others as they were

        sidebar.category_nodes[("English", "Notes")].collapse()  # closed by the user: stays so
        await pilot.press("U", "U")
        await settle(pilot)
        assert sidebar.category_nodes[("English",)].is_expanded
        assert not sidebar.category_nodes[("English", "Notes")].is_expanded
