"""A story's row in the search results shows the copy it opens (of the copies the search found:
the preferred source's, else the earliest), and the status line counts a story read once any
copy of it is read, as `.` skips it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.widgets import OptionList
from ui_support import running, settle, type_search, until

from tui_reader.core.config import Config, RuleEntry
from tui_reader.ui.screens.confirm import ConfirmScreen
from tui_reader.ui.widgets.status import StatusLine

GRACE = Path(__file__).resolve().parent.parent / "stories" / "pairs" / "copy-cnbeta-blockquotes"
SOURCES = [("cnBeta", "01:00"), ("IT之家", "03:30"), ("快科技", "05:00")]  # earliest first


def _as_copy(text: str, source: str, time: str, title: str) -> str:
    text = text.replace(" - cnBeta\n", f" - {source}\n").replace(
        "author: cnBeta", f"author: {source}"
    )
    text = re.sub(r"(?m)^title: .*$", f"title: '{title}'", text)
    return re.sub(r"(?m)^date: .*$", f"date: Mon, 05 Dec 2022 {time}:00 GMT", text)


@pytest.fixture
def three_sources(tmp_path: Path) -> Path:
    """One story from three sources, each with its own title, cnBeta's the earliest and
    快科技's the latest, and one article on its own."""
    root = tmp_path / "library"
    original, repost = (GRACE / "a.md").read_text("utf-8"), (GRACE / "b.md").read_text("utf-8")
    for n, (source, time) in enumerate(SOURCES):
        folder = root / "新媒体" / source
        folder.mkdir(parents=True)
        text = _as_copy(original if n == 0 else repost, source, time, f"{source} 说 Grace CPU")
        (folder / "grace.md").write_text(text, "utf-8")
    (root / "新媒体" / "cnBeta" / "alone.md").write_text(
        "---\ntitle: 'Pixel 8 发布'\ncategories:\n - 新媒体\n - cnBeta\nauthor: cnBeta\n"
        "date: Sun, 04 Dec 2022 01:00:00 GMT\n---\n\n<p>谷歌发布了新手机，Grace 不在其中。</p>\n",
        "utf-8",
    )
    return root


def _ids(app) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {
        (a.categories[0][1] if Path(a.path).stem == "grace" else "alone"): a.id
        for a in app.main_screen.model.articles.values()
    }


async def _folded(pilot, app) -> None:  # type: ignore[no-untyped-def]
    await until(pilot, lambda: len(app.main_screen.stories.groups) == 1, "the story folded")
    await settle(pilot)


@pytest.mark.parametrize(
    ("query", "prefer", "shown"),
    [
        ("Grace CPU", [], "cnBeta"),  # the earliest, though the latest ranks first
        ("Grace CPU", ["快科技"], "快科技"),
        ("Grace CPU source:快科技", [], "快科技"),  # the copy the search found
        ("Grace CPU -source:cnBeta", [], "IT之家"),
    ],
)
async def test_a_story_row_shows_the_copy_it_opens(
    three_sources: Path, query: str, prefer: list[str], shown: str
) -> None:
    async with running(three_sources, Config(story_prefer=prefer)) as (app, pilot):
        await _folded(pilot, app)
        ids = _ids(app)
        screen = await type_search(pilot, query)
        options = screen.query_one(OptionList)
        rows = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        story_rows = [row for row in rows if "Grace CPU" in row.splitlines()[0]]
        assert len(story_rows) == 1, rows
        title, details = story_rows[0].splitlines()[:2]
        assert title == f"{shown} 说 Grace CPU"
        assert f"新媒体 / {shown}" in details
        assert shown not in details.partition("also in")[2]
        others = [source for source, _ in SOURCES if source != shown]
        assert all(source in details.partition("also in")[2] for source in others)
        options.highlighted = rows.index(story_rows[0])
        await pilot.press("enter")
        await settle(pilot)
        opened = app.main_screen.reader.article
        assert opened is not None and opened.id == ids[shown]


async def test_a_story_read_from_one_copy_is_not_counted_unread(three_sources: Path) -> None:
    async with running(three_sources, Config(mark_copies_read=False)) as (app, pilot):
        await _folded(pilot, app)
        ids = _ids(app)
        main = app.main_screen
        status = main.query_one(StatusLine)
        assert "4 articles, 2 unread stories" in status.text
        first = main.model.articles[ids["IT之家"]]
        main.open_article(first, main.model.find(first.categories[0]))
        await settle(pilot)
        assert not main.model.is_read(ids["cnBeta"])  # the other copies stay unread
        assert "1 unread story" in status.text  # as `.`, which skips them, sees it
        main.reader.focus()
        await pilot.press("full_stop")
        await settle(pilot)
        assert main.reader.article is not None and main.reader.article.id == ids["alone"]
        assert "0 unread stories" in status.text


async def test_a_copy_a_rule_hides_is_not_named_where_else_the_story_is(
    three_sources: Path,
) -> None:
    config = Config(rules=[RuleEntry("author:IT之家", "hide")])
    async with running(three_sources, config) as (app, pilot):
        await _folded(pilot, app)
        await until(pilot, lambda: app.rule_state.evaluated, "the rules evaluated")
        await settle(pilot)
        screen = await type_search(pilot, "Grace CPU")
        options = screen.query_one(OptionList)
        details = str(options.get_option_at_index(0).prompt).splitlines()[1]
        assert "新媒体 / cnBeta" in details and "also in 快科技" in details
        assert "IT之家" not in details
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("H")  # the hidden articles shown: the copy is named again
        await settle(pilot)
        screen = await type_search(pilot, "Grace CPU")
        options = screen.query_one(OptionList)
        details = str(options.get_option_at_index(0).prompt).splitlines()[1]
        assert "IT之家" in details and "快科技" in details


async def test_A_on_search_results_marks_the_copies_of_what_it_found(three_sources: Path) -> None:
    async with running(three_sources) as (app, pilot):
        await _folded(pilot, app)
        ids = _ids(app)
        main = app.main_screen
        await type_search(pilot, "Grace CPU source:快科技")
        await pilot.press("down")  # to the results
        await pilot.press("A")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the confirmation")
        question = app.screen.question
        assert (
            "1 unread article of" in question and "and 2 unread copies of their stories" in question
        )
        await pilot.press("enter")
        await settle(pilot)
        copies = [ids[source] for source, _ in SOURCES]
        assert all(main.model.is_read(i) for i in copies)
        assert not main.model.is_read(ids["alone"])
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("u")  # the whole action, copies included
        await settle(pilot)
        assert not any(main.model.is_read(i) for i in copies)


async def test_A_leaves_the_copies_with_mark_copies_read_off(three_sources: Path) -> None:
    async with running(three_sources, Config(mark_copies_read=False)) as (app, pilot):
        await _folded(pilot, app)
        ids = _ids(app)
        main = app.main_screen
        await type_search(pilot, "Grace CPU source:快科技")
        await pilot.press("down")
        await pilot.press("A")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the confirmation")
        assert "copies" not in app.screen.question
        await pilot.press("enter")
        await settle(pilot)
        assert [main.model.is_read(ids[source]) for source, _ in SOURCES] == [False, False, True]
