"""The Problems view, driven with Pilot: no empty table when there are no problems, and the
highlighted file's whole reason shown wrapped below the table."""

from __future__ import annotations

from textual.app import App
from textual.widgets import DataTable, Static

from tui_reader.core.library.model import Problem
from tui_reader.ui.screens.problems import ProblemsScreen

LONG_REASON = " ".join(f"word{n}" for n in range(80)) + " THE-END"
PROBLEMS = [
    Problem("broken/long-reason.md", LONG_REASON, skipped=True),
    Problem("broken/short.md", "front matter is not YAML", skipped=False),
]


class ProblemsApp(App[None]):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__()
        self.problems = problems

    def on_mount(self) -> None:
        self.push_screen(ProblemsScreen(self.problems))


async def test_no_problems_no_table() -> None:
    app = ProblemsApp([])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert not app.screen.query(DataTable)
        title = str(app.screen.query_one("#problems-title", Static).render())
        assert title == "No problems: every file of the library was read."
        shown = app.screen.query_one("#problems-title", Static)
        assert shown.region.width >= len(title)  # on screen whole (it was a 2-cell box)
        for size in ((80, 24), (60, 20)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert shown.region.width > 0 and shown.region.height >= 1
        help_text = str(app.screen.query_one("#problems-help", Static).render())
        assert "press R" not in help_text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ProblemsScreen)


async def test_highlighted_reason_shown_whole() -> None:
    app = ProblemsApp(PROBLEMS)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        detail = app.screen.query_one("#problems-detail", Static)
        assert LONG_REASON in str(detail.render())
        assert detail.size.height >= len(LONG_REASON) // 100 + 1  # wrapped, not cut
        await pilot.press("down")
        await pilot.pause()
        shown = str(detail.render())
        assert "front matter is not YAML" in shown and "broken/short.md" in shown
        await pilot.press("up")
        await pilot.pause()
        assert "THE-END" in str(detail.render())


async def test_long_path_leaves_the_reasons_in_sight() -> None:
    deep = "library/" + "d/" * 200 + "deep.md"
    problems = [Problem(deep, "folder nested too deep", skipped=True), *PROBLEMS]
    app = ProblemsApp(problems)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        reason_column = table.ordered_columns[2]
        file_column = table.ordered_columns[0]
        assert file_column.get_render_width(table) <= 120 // 2 + 2
        before_reason = sum(c.get_render_width(table) for c in table.ordered_columns[:2])
        assert before_reason + len("folder nested too deep") < table.size.width  # reason in sight
        assert reason_column.label.plain == "Reason"
        first_row = [str(cell) for cell in table.get_row_at(0)]
        assert first_row[0].startswith("…") and first_row[0].endswith("/d/deep.md")
        assert first_row[2] == "folder nested too deep"
        detail = str(app.screen.query_one("#problems-detail", Static).render())
        assert deep in detail.replace("\n", "")  # the whole path below the table
