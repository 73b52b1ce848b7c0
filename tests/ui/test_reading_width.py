"""The article's lines stop growing at `[reading] max_width` columns, centred in a wider pane;
0 lets them fill it, and a pane narrower than the limit is filled."""

from __future__ import annotations

from pathlib import Path

import pytest
from ui_support import open_where, running, until

from tui_reader.core.config import DEFAULT_MAX_WIDTH, Config, load_config
from tui_reader.ui.widgets.reader.lines import ArticleLines
from tui_reader.ui.widgets.reader.reader import Reader


def _longest_line(body: ArticleLines) -> int:
    return max(
        (sum(segment.cell_length for segment in body.render_line(y)) for y in range(20)),
        default=0,
    )


async def _open_long_article(app, pilot):  # type: ignore[no-untyped-def]
    await open_where(pilot, lambda article: article.title == "A long English article")
    body = app.screen.query_one("#article-body", ArticleLines)
    await until(pilot, lambda: body.line_count > 3, "the body laid out")
    return app.screen.query_one(Reader), body


@pytest.mark.parametrize("width", [DEFAULT_MAX_WIDTH, 60])
async def test_lines_stop_at_the_limit_and_are_centred_with_the_sidebar_hidden(
    library: Path, width: int
) -> None:
    async with running(library, Config(max_width=width), size=(200, 50)) as (app, pilot):
        await pilot.press("backslash")  # the sidebar hidden: the pane is the whole width
        reader, body = await _open_long_article(app, pilot)
        await until(pilot, lambda: body.region.width == width, "the body at the limit")
        left = body.region.x - reader.region.x
        right = reader.region.right - body.region.right
        assert abs(left - right) <= 3  # centred (the scrollbar's column on the right)
        header = app.screen.query_one("#article-header")
        assert header.region.width == width and header.region.x == body.region.x
        assert width - 10 < _longest_line(body) <= width


async def test_zero_fills_the_pane(library: Path) -> None:
    async with running(library, Config(max_width=0), size=(200, 50)) as (app, pilot):
        await pilot.press("backslash")
        reader, body = await _open_long_article(app, pilot)
        assert body.region.width > 150
        assert body.region.width == reader.scrollable_content_region.width


async def test_a_pane_narrower_than_the_limit_is_filled(library: Path) -> None:
    async with running(library, Config(max_width=DEFAULT_MAX_WIDTH), size=(80, 24)) as (
        app,
        pilot,
    ):
        reader, body = await _open_long_article(app, pilot)
        assert body.region.width == reader.scrollable_content_region.width < DEFAULT_MAX_WIDTH


def test_reading_max_width_from_the_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[reading]\nmax_width = 100\n", encoding="utf-8")
    assert load_config(path).max_width == 100
    assert load_config(path).warnings == []
    assert load_config(tmp_path / "missing.toml").max_width == DEFAULT_MAX_WIDTH


@pytest.mark.parametrize(
    "text", ['[reading]\nmax_width = "wide"\n', "[reading]\nmax_width = -1\n", "reading = 3\n",
             "[reading]\nmax_widht = 90\n"],
)  # fmt: skip
def test_a_bad_reading_setting_is_reported_and_the_default_kept(tmp_path: Path, text: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    config = load_config(path)
    assert config.max_width == DEFAULT_MAX_WIDTH
    assert len(config.warnings) == 1 and "reading" in config.warnings[0]
