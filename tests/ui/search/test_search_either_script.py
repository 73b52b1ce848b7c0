"""The search bar finds Chinese in either script, and the article opened from its results has
the matches highlighted as written."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList
from ui_support import SIZE, article, make_app, settle, type_search, until, write

from tui_reader.core.library.library import Library

ARTICLES = {
    "traditional": ("多羅羅 劇場版 公開", "<p>臺灣的經典動畫，劇場版明年上映。</p>"),
    "simplified": ("某剧场版定档", "<p>经典作品重映。</p>"),
    "other": ("剧本与场地", "<p>剧本写好了。</p>"),
}


async def test_the_search_bar_finds_and_highlights_either_script(tmp_path: Path) -> None:
    folder = tmp_path / "library"
    for number, (name, (title, body)) in enumerate(ARTICLES.items()):
        when = f"2024-01-{number + 1:02d} 09:00:00 +0000"
        write(folder / f"{name}.md", article(title, when, " - 动画", body))
    ids = {a.title: a.id for a in Library(folder).scan(workers=1).articles}
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await until(pilot, lambda: app.main_screen.state is not None, "the state opened")
        screen = await type_search(pilot, "剧场版")
        results = screen.query_one(OptionList)
        shown = {results.get_option_at_index(i).id for i in range(results.option_count)}
        wanted = {ids[ARTICLES["traditional"][0]], ids[ARTICLES["simplified"][0]]}
        assert shown == wanted
        assert "2 " in str(screen.query_one("#search-status").render())
        results.highlighted = [results.get_option_at_index(i).id for i in range(2)].index(
            ids[ARTICLES["traditional"][0]]
        )
        results.focus()
        await pilot.press("enter")
        await settle(pilot)
        main = app.main_screen
        assert main.reader.article.id == ids[ARTICLES["traditional"][0]]
        pattern = main.reader.find.marks.search
        assert pattern is not None
        plain = main.reader.rendered.plain_text
        assert pattern.findall(plain) == ["劇場版"] * plain.count("劇場版") != []
        assert pattern.findall(main.reader.article.title) == ["劇場版"]
