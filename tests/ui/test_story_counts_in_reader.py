"""The sidebar's category counts in the reader count stories once the search index knows them:
新媒体 holding the same two stories from three sources counts them twice, not six times; each
source counts its own copies; a copy read alone (`mark_copies_read` off) leaves the parent's
count until the story's last unread copy below it is read; copies arriving or deleted while the
reader runs count as the index's next stories say."""

from __future__ import annotations

import re
import shutil
from collections import defaultdict
from pathlib import Path

import pytest
from rich.style import Style
from ui_support import running, settle, until

from tui_reader.core.config import Config
from tui_reader.ui.widgets.sidebar.labels import category_label

PAIRS = Path(__file__).resolve().parent.parent / "stories" / "pairs"
SAMPLES = Path(__file__).resolve().parent.parent / "samples"
STORIES = {
    "grace": PAIRS / "copy-cnbeta-blockquotes",
    "mail": PAIRS / "copy-cnbeta-email-protection",
}
SOURCES = ("cnBeta", "IT之家", "快科技")
UNRELATED = ("aljazeera-figures.md", "leetcode-english-iframes.md", "jinse-title-with-newline.md")


def _as_source(text: str, source: str) -> str:
    """The article filed under 新媒体 / `source` / 最新, by `source`."""
    text = re.sub(r"(categories: *\n - 新媒体\n - )[^\n]+\n", rf"\g<1>{source}\n", text, count=1)
    return re.sub(r"\nauthor: [^\n]+\n", f"\nauthor: {source}\n", text, count=1)


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """Two stories, each from three sources under 新媒体, and three articles without copies
    (two of them under 新媒体 too)."""
    root = tmp_path / "library"
    (root / "news").mkdir(parents=True)
    for name, pair in STORIES.items():
        original, repost = (pair / "a.md").read_text("utf-8"), (pair / "b.md").read_text("utf-8")
        for source, text in zip(SOURCES, (original, repost, repost), strict=True):
            (root / "news" / f"{name}-{source}.md").write_text(_as_source(text, source), "utf-8")
    for sample in UNRELATED:
        shutil.copyfile(SAMPLES / sample, root / sample)
    return root


def _counts(app, *path: str) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """A category's counts as its row in the tree shows them: (unread, total) (the row drawn,
    for a category the tree shows)."""
    sidebar = app.main_screen.sidebar
    node = sidebar.category_nodes.get(path)
    if node is not None:
        text = sidebar.render_label(node, sidebar.rich_style, sidebar.rich_style).plain
    else:
        text = category_label(app.main_screen.model.find(path), defaultdict(Style)).plain
    unread, total = re.search(r"\((\d+)/(\d+)\)$", text.rstrip()).groups()  # type: ignore[union-attr]
    return int(unread), int(total)


def _ids(app) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {Path(a.path).stem: a.id for a in app.main_screen.model.articles.values()}


async def _stories(pilot, app, copies: int) -> None:  # type: ignore[no-untyped-def]
    def known() -> int:
        return sum(len(group) for group in app.main_screen.stories.groups)

    await until(pilot, lambda: known() == copies, "stories")
    await settle(pilot)


async def test_a_parent_counts_each_story_once(library: Path) -> None:
    async with running(library) as (app, pilot):
        await _stories(pilot, app, 6)
        assert ("新媒体",) in app.main_screen.sidebar.category_nodes  # a row drawn
        assert _counts(app, "新媒体") == (4, 4)  # 2 stories, 2 articles of other sources
        for source in SOURCES:
            assert _counts(app, "新媒体", source) == (2, 2)
        model = app.main_screen.model
        assert len(model.find(("新媒体", "cnBeta", "最新")).articles) == 2  # each copy listed


async def test_reading_a_copy_with_mark_copies_read(library: Path) -> None:
    async with running(library) as (app, pilot):
        await _stories(pilot, app, 6)
        app.main_screen.set_read([_ids(app)["grace-IT之家"]], True)
        await settle(pilot)
        assert _counts(app, "新媒体") == (3, 4)
        assert [_counts(app, "新媒体", s) for s in SOURCES] == [(1, 2)] * 3


async def test_reading_one_copy_alone(library: Path) -> None:
    async with running(library, Config(mark_copies_read=False)) as (app, pilot):
        await _stories(pilot, app, 6)
        ids = _ids(app)
        app.main_screen.set_read([ids["grace-cnBeta"]], True)
        await settle(pilot)
        assert _counts(app, "新媒体", "cnBeta") == (1, 2)
        assert _counts(app, "新媒体") == (4, 4)  # its copies below are unread
        app.main_screen.set_read([ids["grace-IT之家"], ids["grace-快科技"]], True)
        await settle(pilot)
        assert _counts(app, "新媒体") == (3, 4)


async def test_a_copy_arriving_and_leaving(library: Path) -> None:
    async with running(library) as (app, pilot):
        await _stories(pilot, app, 6)
        text = _as_source((STORIES["grace"] / "b.md").read_text("utf-8"), "新浪科技")
        (library / "news" / "grace-sina.md").write_text(text, "utf-8")
        app.main_screen._watch_library()
        await _stories(pilot, app, 7)
        assert _counts(app, "新媒体", "新浪科技") == (1, 1)
        assert _counts(app, "新媒体") == (4, 4)  # the same stories
        (library / "news" / "mail-快科技.md").unlink()
        (library / "news" / "mail-IT之家.md").unlink()
        app.main_screen._watch_library()
        await _stories(pilot, app, 4)  # mail's cnBeta copy has none left
        assert _counts(app, "新媒体") == (4, 4)
        assert _counts(app, "新媒体", "快科技") == (1, 1)
