"""The article list widget in a small app of its own: keys, mouse, the cursor of each list, marks
repainted, day headers skipped, and a 10k-row list drawing only the rows on screen."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.color import Color

from tui_reader.core.library.model import Article
from tui_reader.ui.model.river import DayHeader, Rows
from tui_reader.ui.widgets.article_list import ArticleList, NoLook
from tui_reader.ui.widgets.article_list import row as row_module

SIZE = (100, 30)  # the list fills the screen: its header, then 29 rows
NOW = datetime.now(UTC)


def articles(count: int, *, hours: float = 1, prefix: str = "Story") -> list[Article]:
    return [
        Article(
            id=f"{prefix}-{n}",
            path=f"src/{prefix}-{n}.md",
            title=f"{prefix} number {n}",
            categories=(("新媒体", f"source {n % 3}", "最新"),),
            date=NOW - timedelta(hours=hours * n),
            size=4000,
        )
        for n in range(count)
    ]


class ReadSet(NoLook):
    def __init__(self) -> None:
        self.read: set[str] = set()

    def is_read(self, article_id: str) -> bool:
        return article_id in self.read


class ListApp(App[None]):
    def __init__(self, rows: Rows, key: str = "unread") -> None:
        super().__init__()
        self.first = rows
        self.key = key
        self.look = ReadSet()
        self.opened: list[tuple[str, str]] = []
        self.highlighted: list[str | None] = []

    def compose(self) -> ComposeResult:
        yield ArticleList(self.look)

    def on_mount(self) -> None:
        listed = self.query_one(ArticleList)
        listed.show(self.first, self.key, title="All unread")
        listed.focus()

    def on_article_list_opened(self, message: ArticleList.Opened) -> None:
        self.opened.append((message.article.id, message.key))

    def on_article_list_highlighted(self, message: ArticleList.Highlighted) -> None:
        self.highlighted.append(message.article.id if message.article else None)


def the_list(app: App[None]) -> ArticleList:
    return app.query_one(ArticleList)


def screen_text(listed: ArticleList, y: int) -> str:
    return listed.render_line(y).text


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The titles of the rows drawn, in order, each time one is."""
    calls: list[str] = []
    original = row_module.row_segments

    def counting(article: Article, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(article.title)
        return original(article, *args, **kwargs)

    monkeypatch.setattr(row_module, "row_segments", counting)
    return calls


async def test_a_10k_list_draws_only_the_rows_on_screen(drawn: list[str]) -> None:
    rows = Rows(articles(10_000))
    app = ListApp(rows)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        listed = the_list(app)
        height = listed.scrollable_content_region.height
        assert screen_text(listed, 0).startswith(" All unread")
        assert "10,000 articles" in screen_text(listed, 0)
        assert "Story number 0 " in screen_text(listed, 1)
        assert 0 < len(set(drawn)) <= height - 1
        drawn.clear()
        await pilot.press("G")
        await pilot.pause()
        assert listed.cursor == 9999
        assert listed.current is rows.articles[-1]
        assert "Story number 9999 " in screen_text(listed, height - 1)
        assert 0 < len(set(drawn)) <= height - 1  # the last screen only, not the 10k between
        drawn.clear()
        await pilot.press("g")
        await pilot.pause()
        assert listed.cursor == 0 and listed.scroll_y == 0
        assert len(set(drawn)) <= height - 1


async def test_j_k_page_keys_and_the_header_line() -> None:
    app = ListApp(Rows(articles(10_000)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        listed = the_list(app)
        page = listed.page_height
        assert page == SIZE[1] - 1  # the header line is not a row
        await pilot.press("j", "j", "down", "k")
        assert listed.cursor == 2
        assert app.highlighted[-4:] == ["Story-1", "Story-2", "Story-3", "Story-2"]
        await pilot.press("pagedown")
        assert listed.cursor == 2 + page
        assert listed.scroll_y == page  # the cursor keeps its place on screen
        await pilot.press("pagedown", "pagedown")
        assert listed.cursor == 2 + 3 * page
        await pilot.press("pageup")
        assert listed.cursor == 2 + 2 * page
        await pilot.pause()
        cursor_y = listed.cursor - round(listed.scroll_y) + 1
        assert f"Story number {listed.cursor} " in screen_text(listed, cursor_y)
        await pilot.press("end", "pagedown", "j")
        assert listed.cursor == 9999
        await pilot.press("home", "pageup", "k", "up")
        assert listed.cursor == 0
        await pilot.press("up")  # nothing above the first row
        assert listed.cursor == 0


async def test_enter_opens_the_article_under_the_cursor() -> None:
    app = ListApp(Rows(articles(100)), key="category:新媒体/cnBeta")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j", "enter")
        await pilot.pause()
        assert app.opened == [("Story-2", "category:新媒体/cnBeta")]


async def test_click_moves_the_cursor_and_a_second_click_opens() -> None:
    app = ListApp(Rows(articles(10_000)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        listed = the_list(app)
        await pilot.click(ArticleList, offset=(20, 5))  # the header is line 0 on screen
        assert listed.cursor == 4
        assert app.opened == []
        await pilot.click(ArticleList, offset=(20, 5))
        await pilot.pause()
        assert app.opened == [("Story-4", "unread")]
        await pilot.click(ArticleList, offset=(20, 0))  # the header: nothing happens
        assert listed.cursor == 4
        await pilot.press("pagedown")
        await pilot.click(ArticleList, offset=(20, 3))
        assert listed.cursor == listed.page_height + 2


async def test_the_mouse_wheel_scrolls() -> None:
    app = ListApp(Rows(articles(10_000)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        listed = the_list(app)
        for _ in range(5):
            listed.post_message(events.MouseScrollDown(listed, 10, 5, 0, 1, 0, False, False, False))
        await pilot.pause()
        assert listed.scroll_y > 0
        top = round(listed.scroll_y)
        assert f"Story number {top} " in screen_text(listed, 1)


async def test_the_cursor_of_each_list_is_remembered() -> None:
    first, second = Rows(articles(10_000)), Rows(articles(500, prefix="Other"))
    app = ListApp(first, key="unread")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        listed = the_list(app)
        await pilot.press("pagedown", "pagedown", "j", "j")
        where, scrolled = listed.cursor, listed.scroll_y
        listed.show(second, "category:Other", title="Other")
        await pilot.pause()
        assert listed.cursor == 0 and listed.current is second.articles[0]
        await pilot.press("j", "j", "j")
        listed.show(first, "unread", title="All unread")
        await pilot.pause()
        assert (listed.cursor, listed.scroll_y) == (where, scrolled)
        assert app.highlighted[-1] == f"Story-{where}"
        listed.show(second, "category:Other")
        assert listed.current is second.articles[3]
        # a list built again (new articles came in above) keeps the cursor on its article
        grown = Rows(articles(50, prefix="New") + first.articles)
        listed.show(grown, "unread")
        assert listed.current is first.articles[where]
        # a list seen for the first time starts on `keep`, if listed
        listed.show(Rows(articles(300, prefix="Third")), "search:x", keep="Third-200")
        assert listed.current is not None and listed.current.id == "Third-200"
        listed.show(Rows(articles(300, prefix="Fourth")), "search:y", keep="gone")
        assert listed.cursor == 0


async def test_a_list_left_at_its_top_shows_the_articles_that_came_in_above() -> None:
    first = Rows(articles(200))
    app = ListApp(first, key="unread")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        listed = the_list(app)
        grown = Rows(articles(60, prefix="New") + first.articles)
        listed.show(grown, "unread", keep=first.articles[0].id)  # a rescan found newer articles
        await pilot.pause()
        assert listed.current is grown.articles[0] and listed.scroll_y == 0
        assert "New number 0 " in screen_text(listed, 1)
        with_days = Rows(grown.articles, days=True, now=NOW)  # a day header above the first
        listed.show(with_days, "unread")
        newer = Rows(articles(5, hours=-1, prefix="Newer") + grown.articles, days=True, now=NOW)
        listed.show(newer, "unread")
        await pilot.pause()
        assert listed.current is newer.articles[0] and listed.current.id == "Newer-4"
        assert listed.cursor == 1 and listed.scroll_y == 0  # under the day's header
        # moved off the top, the cursor stays on its article
        await pilot.press("j", "j")
        where = listed.current
        listed.show(Rows(articles(3, hours=-2, prefix="Newest") + newer.articles), "unread")
        await pilot.pause()
        assert listed.current is where


async def test_select_moves_to_an_article_if_listed() -> None:
    app = ListApp(Rows(articles(10_000)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        listed = the_list(app)
        assert listed.select("Story-7000")
        assert listed.cursor == 7000
        assert not listed.select("missing")
        assert listed.cursor == 7000
        await pilot.pause()
        cursor_y = 7000 - round(listed.scroll_y) + 1
        assert "Story number 7000 " in screen_text(listed, cursor_y)


def title_segment(listed: ArticleList, y: int, title: str):  # type: ignore[no-untyped-def]
    return next(seg for seg in listed.render_line(y) if title in seg.text)


async def test_a_row_read_is_dimmed_after_repaint() -> None:
    app = ListApp(Rows(articles(10_000)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        listed = the_list(app)
        unread = title_segment(listed, 3, "Story number 2 ")
        assert unread.style.bold
        assert "●" in screen_text(listed, 3)
        app.look.read.add("Story-2")
        listed.repaint_rows(["Story-2"])
        await pilot.pause()
        read = title_segment(listed, 3, "Story number 2 ")
        assert not read.style.bold
        assert read.style.color != unread.style.color  # $text-muted
        assert "●" not in screen_text(listed, 3)
        assert title_segment(listed, 4, "Story number 3 ").style.bold


async def test_day_headers_are_skipped_by_the_cursor() -> None:
    rows = Rows(articles(40, hours=7), days=True)  # about 3 a day, 12 days
    app = ListApp(rows)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        listed = the_list(app)
        assert isinstance(rows[0], DayHeader) and rows[0].label == "Today"
        assert listed.cursor == 1  # on the first article, under "Today"
        assert "Today" in screen_text(listed, 1)
        visited = [listed.cursor]
        for _ in range(len(rows.articles) - 1):
            await pilot.press("j")
            visited.append(listed.cursor)
        assert [rows[line] for line in visited] == rows.articles
        await pilot.press("g")
        assert listed.cursor == 1 and listed.scroll_y == 0
        await pilot.press("G", "k")
        assert isinstance(rows[listed.cursor], Article)
        await pilot.click(ArticleList, offset=(20, 1))  # a day header: the cursor stays
        assert isinstance(rows[listed.cursor], Article)
        listed.cursor = 0
        assert listed.cursor == 1


async def test_an_empty_list() -> None:
    app = ListApp(Rows([]))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        listed = the_list(app)
        assert listed.current is None
        assert "0 articles" in screen_text(listed, 0)
        assert "No articles" in screen_text(listed, 1)
        await pilot.press("j", "G", "pagedown", "enter")
        await pilot.pause()
        assert app.opened == [] and listed.current is None
        assert app.highlighted == [None]


@pytest.mark.parametrize("theme", ["textual-light", "solarized-light", "textual-dark", "nord"])
async def test_muted_colours_contrast_with_the_background(theme: str) -> None:
    app = ListApp(Rows(articles(10)))
    app.look.read.add("Story-1")
    async with app.run_test(size=SIZE) as pilot:
        app.theme = theme
        await pilot.pause()
        listed = the_list(app)
        listed.repaint_rows()
        _, background = listed.background_colors
        # off the cursor: the title of a read row and the date of an unread one, both muted
        muted = (title_segment(listed, 2, "Story number 1 "), title_segment(listed, 3, ":"))
        for segment in muted:
            colour = Color.from_rich_color(segment.style.color)
            contrast = abs(colour.brightness - background.brightness)
            assert contrast > 0.2, (theme, segment)


async def test_a_burst_of_moves_is_handled_as_its_last() -> None:
    """With a key held down, moves come faster than a slow handler takes them: a Highlighted
    still waiting is replaced by the next, so the handler sees where the cursor is now."""
    app = ListApp(Rows(articles(1000)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        listed = the_list(app)
        app.highlighted.clear()
        for _ in range(50):  # all posted before the app takes any (the test does not yield)
            listed.action_cursor_down()
        await pilot.pause()
        assert app.highlighted[-1] == "Story-50"
        assert len(app.highlighted) < 5, app.highlighted


async def test_a_new_look_draws_the_rows_again() -> None:
    app = ListApp(Rows(articles(100)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        listed = the_list(app)
        assert title_segment(listed, 2, "Story number 1 ").style.bold
        everything_read = ReadSet()
        everything_read.read.update(f"Story-{n}" for n in range(100))
        listed.look = everything_read
        await pilot.pause()
        assert not title_segment(listed, 2, "Story number 1 ").style.bold
        assert "●" not in screen_text(listed, 2)


async def test_the_cursor_stays_on_screen_when_the_terminal_shrinks() -> None:
    app = ListApp(Rows(articles(1000)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        listed = the_list(app)
        await pilot.press(*["j"] * 25)
        await pilot.resize_terminal(100, 10)
        await pilot.pause()
        top = round(listed.scroll_y)
        assert top <= listed.cursor <= top + listed.page_height - 1
        cursor_y = listed.cursor - top + 1
        assert "Story number 25 " in screen_text(listed, cursor_y)


class LaterApp(App[None]):
    """An app given a list that was filled before it ran."""

    def __init__(self, listed: ArticleList) -> None:
        super().__init__()
        self.listed = listed

    def compose(self) -> ComposeResult:
        yield self.listed


async def test_a_list_filled_before_it_is_mounted() -> None:
    listed = ArticleList()
    listed.show(Rows(articles(1000)), "unread", title="All unread")
    listed.select("Story-600")
    listed.action_page_down()
    listed.repaint_rows()
    assert listed.cursor == 601  # a page is at least a line while nothing is laid out
    async with LaterApp(listed).run_test(size=SIZE) as pilot:
        await pilot.pause()
        top = round(listed.scroll_y)
        assert top <= 601 <= top + listed.page_height - 1  # the first layout shows the cursor
        assert "Story number 601 " in screen_text(listed, 601 - top + 1)
