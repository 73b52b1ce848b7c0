"""An SVG snapshot of the article list alone at 120 columns: marks, dates, sources, day headers,
tags, "also in", reading times and a hostile title, with the cursor on a bookmarked row.

Regenerate after an intended change with
`pytest tests/ui/river/test_article_list_snapshot.py --snapshot-update` and look at the report.
Dates are fixed and shown in UTC (the river conftest), so the picture is the same everywhere."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from textual.app import App, ComposeResult

from tui_reader.core.library.model import Article
from tui_reader.ui.model.river import Rows
from tui_reader.ui.widgets.article_list import ArticleList, NoLook

NOW = datetime(2022, 6, 16, 18, 0, tzinfo=UTC)
TITLES = [
    "美俄会谈在日内瓦落幕，与北约的分歧依旧",
    "Chip export rules tighten again as the semiconductor talks stall in Geneva for a third week",
    "苹果发布新款 MacBook Pro",
    "\x1b]0;owned\x07A title that tried to set the window title\u202e",
    "短讯",
]
SOURCES = ["cnBeta", "IT之家", "Aljazeera 半岛网", "快科技"]


class Look(NoLook):
    def is_read(self, article_id: str) -> bool:
        return int(article_id) % 3 == 0

    def is_bookmarked(self, article_id: str) -> bool:
        return article_id in ("2", "7")

    def is_highlighted(self, article_id: str) -> bool:
        return article_id == "5"

    def tags_of(self, article_id: str) -> tuple[str, ...]:
        return ("later", "芯片") if article_id == "1" else ()

    def also_in(self, article_id: str) -> str:
        return "also in IT之家 · 快科技 (+2)" if article_id == "4" else ""


class ListApp(App[None]):
    def compose(self) -> ComposeResult:
        yield ArticleList(Look())

    def on_mount(self) -> None:
        articles = [
            Article(
                id=str(n), path=f"{n}.md", title=TITLES[n % len(TITLES)],
                categories=(("新媒体", SOURCES[n % len(SOURCES)], "最新"),),
                date=NOW - timedelta(hours=7 * n), size=1500 * (n % 7 + 1),
            )
            for n in range(30)
        ]  # fmt: skip
        listed = self.query_one(ArticleList)
        listed.show(Rows(articles, days=True, now=NOW), "unread", title="All unread")
        listed.focus()


def test_article_list_at_120_columns(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("j", "j")
        await pilot.pause()

    assert snap_compare(ListApp(), terminal_size=(120, 20), run_before=run_before)
