"""Reading folded stories: a story's copies are one search result saying where else it is,
which opens the preferred source's copy, and one row of a saved search; reading one marks all
(`[stories] mark_copies_read`); `C` lists the copies to read another; `.` skips copies of a story
already read; the status line counts unread stories."""

from __future__ import annotations

import shutil
from collections import defaultdict
from pathlib import Path

import pytest
from rich.style import Style
from textual.widgets import OptionList
from ui_support import found_ids, record_notes, running, saved_and_open, settle, type_search, until

from tui_reader.core.config import Config
from tui_reader.ui.model.tree_data import FoundNode
from tui_reader.ui.screens.copies import CopiesScreen
from tui_reader.ui.widgets.sidebar.labels import article_label
from tui_reader.ui.widgets.status import StatusLine

PAIRS = Path(__file__).resolve().parent.parent / "stories" / "pairs"
SAMPLES = Path(__file__).resolve().parent.parent / "samples"
GRACE = PAIRS / "copy-cnbeta-blockquotes"
_STYLES = defaultdict(Style)


def _as_source(text: str, source: str, title: str | None = None) -> str:
    text = text.replace(" - cnBeta\n", f" - {source}\n").replace(
        "author: cnBeta", f"author: {source}"
    )
    if title is not None:
        head, _, rest = text.partition("title: '")
        text = head + f"title: '{title}" + rest[rest.index("'") :]
    return text


@pytest.fixture
def stories_library(tmp_path: Path) -> Path:
    """One story from three sources (cnBeta first, then IT之家 and 快科技), another in two
    copies, and articles without copies."""
    root = tmp_path / "library"
    (root / "news").mkdir(parents=True)
    original, repost = (GRACE / "a.md").read_text("utf-8"), (GRACE / "b.md").read_text("utf-8")
    (root / "news" / "grace-cnbeta.md").write_text(original, "utf-8")
    (root / "news" / "grace-ithome.md").write_text(_as_source(repost, "IT之家"), "utf-8")
    third = _as_source(repost, "快科技", "英伟达 Grace CPU 设计详解")
    (root / "news" / "grace-kkj.md").write_text(third, "utf-8")
    other = PAIRS / "copy-mydrivers-unbalanced-html"
    shutil.copyfile(other / "a.md", root / "news" / "other-a.md")
    shutil.copyfile(other / "b.md", root / "news" / "other-b.md")
    for sample in (
        "aljazeera-figures.md",
        "leetcode-english-iframes.md",
        "jinse-title-with-newline.md",
    ):
        shutil.copyfile(SAMPLES / sample, root / sample)
    return root


def _ids(app) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {Path(a.path).stem: a.id for a in app.main_screen.model.articles.values()}


async def _stories_loaded(pilot, app) -> None:  # type: ignore[no-untyped-def]
    await until(pilot, lambda: len(app.main_screen.stories.groups) == 2, "stories loaded")
    await settle(pilot)


async def test_a_story_is_one_result_and_reading_it_reads_all(stories_library: Path) -> None:
    config = Config(story_prefer=["IT之家"])
    async with running(stories_library, config) as (app, pilot):
        await _stories_loaded(pilot, app)
        ids = _ids(app)
        grace = {ids["grace-cnbeta"], ids["grace-ithome"], ids["grace-kkj"]}
        status = app.main_screen.query_one(StatusLine)
        assert "8 articles, 5 unread stories" in status.text  # 3 + 2 copies, 3 alone
        screen = await type_search(pilot, "Grace")
        options = screen.query_one(OptionList)
        rows = [options.get_option_at_index(i) for i in range(options.option_count)]
        assert [row.id for row in rows] == [ids["grace-ithome"]]  # one row, the preferred copy
        prompt = str(rows[0].prompt)
        assert "also in " in prompt and "快科技" in prompt
        await pilot.press("enter")
        await settle(pilot)
        main = app.main_screen
        assert main.reader.article is not None and main.reader.article.id == ids["grace-ithome"]
        await until(pilot, lambda: all(main.model.is_read(i) for i in grace), "copies read")
        assert not main.model.is_read(ids["other-a"])
        assert "4 unread stories" in status.text
        # C lists the copies; choosing one reads it
        await pilot.press("C")
        await settle(pilot)
        copies = app.screen
        assert isinstance(copies, CopiesScreen)
        listed = copies.query_one(OptionList)
        assert listed.option_count == 3
        assert listed.get_option_at_index(0).id == ids["grace-cnbeta"]  # earliest first
        assert listed.highlighted_option is not None
        assert listed.highlighted_option.id == ids["grace-ithome"]  # the open one
        await pilot.press("home", "enter")
        await settle(pilot)
        assert main.reader.article is not None and main.reader.article.id == ids["grace-cnbeta"]


async def test_next_unread_skips_copies_of_a_story_read(stories_library: Path) -> None:
    config = Config(mark_copies_read=False)
    async with running(stories_library, config) as (app, pilot):
        await _stories_loaded(pilot, app)
        ids = _ids(app)
        main = app.main_screen
        first = main.model.articles[ids["grace-cnbeta"]]
        main.open_article(first, main.model.find(first.categories[0]))
        await settle(pilot)
        main.reader.focus()
        assert main.model.is_read(first.id)
        assert not main.model.is_read(ids["grace-ithome"])  # marking one left the others
        notes = record_notes(app)
        opened = []
        for _ in range(12):
            await pilot.press("full_stop")
            await settle(pilot)
            if notes and notes[-1].startswith("No unread"):
                break
            assert main.reader.article is not None
            opened.append(main.reader.article.id)
        assert notes and notes[-1].startswith("No unread")
        assert ids["grace-ithome"] not in opened and ids["grace-kkj"] not in opened
        # one copy of the other story was read by `.`: the other copy was skipped
        assert len({ids["other-a"], ids["other-b"]} & set(opened)) == 1


async def test_copies_key_says_when_there_are_none(stories_library: Path) -> None:
    async with running(stories_library) as (app, pilot):
        await _stories_loaded(pilot, app)
        main = app.main_screen
        alone = main.model.articles[_ids(app)["aljazeera-figures"]]
        main.open_article(alone, main.model.find(alone.categories[0]))
        await settle(pilot)
        main.reader.focus()
        notes = record_notes(app)
        await pilot.press("C")
        await settle(pilot)
        assert not isinstance(app.screen, CopiesScreen)
        assert notes == ["This article has no copies from other sources."]


async def test_a_saved_search_lists_a_story_once(stories_library: Path) -> None:
    config = Config(story_prefer=["快科技"])
    async with running(stories_library, config) as (app, pilot):
        await _stories_loaded(pilot, app)
        ids = _ids(app)
        (node,) = await saved_and_open(pilot, "Grace")
        assert found_ids(node) == [ids["grace-kkj"]]  # the preferred source's copy
        (node,) = await saved_and_open(pilot, "is:copy")
        listed = found_ids(node)
        assert len(listed) == 2  # two stories, each once
        assert ids["grace-kkj"] in listed


async def test_a_saved_search_row_says_where_else_its_story_is(stories_library: Path) -> None:
    """A story's row in a saved search says "also in …" as its search result does (the same
    words), cut before its title is when the sidebar is narrow; a row without copies does not."""
    config = Config(story_prefer=["快科技"])
    async with running(stories_library, config) as (app, pilot):
        await _stories_loaded(pilot, app)
        ids = _ids(app)
        screen = await type_search(pilot, "Grace")
        options = screen.query_one(OptionList)
        (row,) = [options.get_option_at_index(i) for i in range(options.option_count)]
        said = str(row.prompt).splitlines()[1].rpartition(" · also in ")[2]
        assert said == "cnBeta · IT之家"
        await pilot.press("escape")
        node, alone_node = await saved_and_open(pilot, "Grace", "Running Sum")
        sidebar = app.main_screen.sidebar
        grace_row, alone_row = node.children[0], alone_node.children[0]
        assert isinstance(alone_row.data, FoundNode)
        assert found_ids(node) == [ids["grace-kkj"]]
        full = sidebar.saved_searches.label(grace_row.data, _STYLES, None)
        assert full is not None and full.plain.endswith(" · also in cnBeta · IT之家")
        shown = sidebar.render_label(grace_row, sidebar.rich_style, sidebar.rich_style).plain
        assert "Grace" in shown and " · also" in shown  # the narrow sidebar cuts both
        alone = sidebar.saved_searches.label(alone_row.data, _STYLES, None)
        assert alone is not None and "also" not in alone.plain
    narrow = article_label(grace_row.data.article, False, False, _STYLES, 40, also=said)
    assert narrow.cell_len <= 40 and "Grace" in narrow.plain and "…" in narrow.plain
    tiny = article_label(grace_row.data.article, False, False, _STYLES, 24, also=said)
    assert tiny.cell_len <= 24 and "also" not in tiny.plain
