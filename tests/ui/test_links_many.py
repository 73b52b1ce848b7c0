"""An article with a hundred thousand links: the links screen lists the first ones at once.

Building the list of every link ran on the UI thread (130,000 links: 11 s). The screen lists the
first `MAX_LISTED`, says how many there are, and picks, opens and copies among those.
"""

from __future__ import annotations

from textual.app import App
from textual.widgets import Label, OptionList

from tui_reader.render.linkset import Link
from tui_reader.ui.screens.links import MAX_LISTED, LinksScreen

COUNT = 100_000
LINKS = [Link(n, f"link {n}", f"https://news.example/{n}", "link") for n in range(1, COUNT + 1)]


class ManyLinksApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.opened: list[str] = []

    def on_mount(self) -> None:
        self.push_screen(LinksScreen(LINKS, opener=self.fake_open))

    def fake_open(self, url: str) -> str | None:
        self.opened.append(url)
        return None


async def test_the_first_links_are_listed_and_the_title_says_how_many() -> None:
    app = ManyLinksApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.screen.query_one(OptionList).option_count == MAX_LISTED < COUNT
        title = str(app.screen.query_one("#links-title", Label).render())
        assert title == f"Links ({COUNT:,}: the first {MAX_LISTED:,} are listed)"
        await pilot.press(*str(MAX_LISTED), "enter")  # the last one listed
        await pilot.press(
            *str(COUNT), "enter"
        )  # not listed: the last number listed on the way stays
        await pilot.pause()
    assert app.opened == [f"https://news.example/{MAX_LISTED}"] * 2
