"""The find bar's count past the marked matches: only the first `MAX_MATCHES` are highlighted
and stepped through, but the count says how many there are in all (it said the cap, as if there
were no more), with a thousands separator."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.text import Text
from ui_support import article, running, settle, write

from tui_reader.ui.widgets.reader import highlight
from tui_reader.ui.widgets.reader.find_bar import count_label
from tui_reader.ui.widgets.reader.highlight import Marks, find_pattern, mark

CAP = 1_000  # the cap, made small so the article stays small (the real one is 10,000)
FOUND = 1_204


def test_every_match_is_counted_and_only_the_first_ones_marked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(highlight, "MAX_MATCHES", CAP)
    blocks = [Text("ipsum " * 500), Text("lorem"), Text("ipsum " * (FOUND - 500))]
    marked = mark(blocks, Marks(find=find_pattern("ipsum")))
    assert (marked.find_count, marked.find_total) == (CAP, FOUND)


@pytest.mark.parametrize(
    ("text", "current", "total", "found", "label"),
    [
        ("", 0, 0, 0, ""),
        ("zz", 0, 0, 0, "no matches"),
        ("ipsum", 0, 1, 1, "1 match"),
        ("ipsum", 0, 7_032, 7_032, "7,032 matches"),
        ("ipsum", 12, 7_032, None, "12/7,032"),
        ("ipsum", 0, 10_000, 52_000, "52,000 matches, 10,000 marked"),
        ("ipsum", 3, 10_000, 52_000, "3/10,000+"),
    ],
)
def test_the_count_label(
    text: str, current: int, total: int, found: int | None, label: str
) -> None:
    assert count_label(text, current, total, found) == label


async def test_the_find_bar_says_how_many_matches_there_are_past_the_marked_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(highlight, "MAX_MATCHES", CAP)
    body = "\n".join(f"<p>{'ipsum ' * 43}</p>" for _ in range(28))  # 1,204 matches
    write(tmp_path / "ipsum.md", article("Ipsum", "2024-03-01 09:00:00 +0000", " - Lorem", body))
    async with running(tmp_path) as (app, pilot):
        screen = app.main_screen
        screen.open_article(next(iter(screen.model.articles.values())), None)
        await settle(pilot)
        await pilot.press("f", *"ipsum")
        await pilot.pause()
        label = screen.reader.query_one("#find-count")
        assert str(label.render()) == "1,204 matches, 1,000 marked"
        await pilot.press("enter")
        await pilot.pause()
        assert str(label.render()) == "1/1,000+"
