"""Every real sample file is listed with the title, category path and date its front matter gives.

The expected values were written by reading each file's front matter by hand (YAML's folding of
multi-line quoted titles applied), not copied from the parser's output.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tui_reader.core.library.library import Library, Snapshot
from tui_reader.core.library.model import Article

SAMPLES = Path(__file__).parent.parent / "samples"


def utc(year: int, month: int, day: int, hour: int, minute: int, second: int) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


# file -> (title, category path, date in UTC or None for `Invalid Date`, author)
EXPECTED: dict[str, tuple[str, tuple[str, ...], datetime | None, str]] = {
    "000_0594c77cbcb85587.txt": (
        "美俄会谈在日内瓦落幕与北约警告莫斯科不要入侵乌克兰",
        ("新媒体", "Aljazeera 半岛网", "新闻"),
        utc(2022, 1, 11, 2, 11, 30),
        "Aljazeera 半岛网",
    ),
    "acfun-old-layout-image-only.md": (
        "第1话 - 4点44分的仪式",
        ("二次元", "AcFun", "番剧"),
        utc(2018, 10, 1, 11, 50, 50),
        "AcFun",
    ),
    "aljazeera-figures.md": (
        "99岁的基辛格：我们如何避免世界大战？",
        ("新媒体", "Aljazeera 半岛网", "新闻"),
        utc(2022, 6, 15, 2, 38, 1),
        "Aljazeera 半岛网",
    ),
    "animen-broken-category.md": (
        "《劇場版 幼女戦記》全新主視覺圖釋出，廣播劇節目也即將復活！",
        ("二次元", "Animen 动漫平台", "news"),  # ` -  - news` folds into the one path
        utc(2018, 12, 14, 19, 16, 0),
        "Animen 动漫平台",
    ),
    "bangumi-double-quoted-title.md": (
        "BIRDIE WING -Golf Girls' Story-｜小鳥之翼",
        ("二次元", "Bangumi", "放送列表"),
        utc(2022, 5, 10, 15, 0, 0),
        "Bangumi",
    ),
    "cnbeta-blockquotes.md": (
        "Hot Chips 34：摆脱x86束缚 英伟达详解Grace服务器CPU设计",
        ("新媒体", "cnBeta", "最新"),
        utc(2022, 8, 25, 2, 44, 15),
        "cnBeta",
    ),
    "cnbeta-email-protection.md": (
        "微软又进行了一次DirectX Linux内核驱动的移植尝试",
        ("新媒体", "cnBeta", "最新"),
        utc(2022, 3, 2, 12, 31, 49),
        "cnBeta",
    ),
    "eventernote-naive-date-plain-text.md": (
        "Animelo Summer Live 2021 -COLORS- 2日目",
        ("二次元", "Eventernote", "声优活动及演唱会"),
        utc(2021, 11, 26, 7, 21, 47),  # no zone: taken as UTC
        "Eventernote",
    ),
    "gameres-body-in-table.md": (
        "iOS隐私保护时代，CEO关心的5个问题",
        ("游戏", "GameRes 游资网", "热点推荐"),
        utc(2021, 8, 18, 0, 0, 0),
        "GameRes 游资网",
    ),
    "jianshu-invalid-date-xml-in-pre.md": (
        "尝鲜刚发布的 SpringFox 3.0.0，以前造的轮子可以不用了...",
        ("社交媒体", "简书", "首页"),
        None,
        "简书",
    ),
    "jinse-title-with-newline.md": (
        "【慢雾：DEUS Finance 二次被黑简析】据慢雾区情报，DEUS Finance DAO在4月28日遭受闪电贷攻击，"
        "慢雾安全团队以简讯的形式将攻击原理分享如下_ 1.攻击者在攻击...",
        ("新媒体", "金色财经", "快讯"),
        None,
        "金色财经",
    ),
    "juejin-long-style-tables.md": (
        "iOS摸鱼周报 第十二期",
        ("编程", "掘金", "热门"),
        utc(2021, 5, 23, 18, 30, 33),
        "掘金",
    ),
    "leetcode-english-iframes.md": (
        "1480. Running Sum of 1d Array",
        ("编程", "LeetCode", "文章"),
        utc(2021, 3, 31, 0, 0, 0),
        "LeetCode",
    ),
    "mastodon-emoji-title.md": (
        '@003_miss_ " 😡 "',  # the quoted line breaks fold to spaces
        ("社交媒体", "Mastodon", "实例公共时间线（本站）"),
        utc(2021, 6, 1, 9, 2, 58),
        "Mastodon",
    ),
    "mind42-title-dash.md": (
        "-",
        ("学习", "Mind42", "分类"),
        utc(2022, 9, 17, 15, 10, 37),
        "Mind42",
    ),
    "mydrivers-unbalanced-html.md": (
        "跑分低了6%：微软免费杀软Defender被曝影响Intel处理器性能",
        ("新媒体", "快科技（原驱动之家）", "最新新闻"),
        utc(2022, 6, 28, 15, 9, 4),
        "快科技（原驱动之家）",
    ),
}


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    library = tmp_path_factory.mktemp("samples-library")
    for sample in SAMPLES.iterdir():
        shutil.copy2(sample, library / sample.name)
    index = tmp_path_factory.mktemp("samples-index") / "index.sqlite3"
    return Library(library, index_path=index).scan(workers=1)


def test_the_expected_table_covers_every_sample() -> None:
    assert sorted(EXPECTED) == sorted(p.name for p in SAMPLES.iterdir())


def test_every_sample_is_listed_without_problems(snapshot: Snapshot) -> None:
    assert sorted(a.path for a in snapshot.articles) == sorted(EXPECTED)
    assert snapshot.problems == []


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_metadata(snapshot: Snapshot, name: str) -> None:
    title, category, date, author = EXPECTED[name]
    article = snapshot.by_path[name]
    assert article.title == title
    assert article.categories == (category,)
    assert article.author == author
    if date is None:
        assert article.date_from_file
        assert article.date == datetime.fromtimestamp(article.mtime_ns / 1e9, tz=UTC)
    else:
        assert not article.date_from_file
        assert article.date == date
        assert article.date.tzinfo is not None


def test_head_image_comes_from_headimg_or_thumbnail(snapshot: Snapshot) -> None:
    # acfun has no `headimg`, only `thumbnail`
    acfun = snapshot.by_path["acfun-old-layout-image-only.md"]
    assert acfun.image == "https://tx-free-imgs.acfun.cn/content/2018_09_30/1538318935.png"
    seed = snapshot.by_path["000_0594c77cbcb85587.txt"]
    assert seed.image.startswith("https://chinese.aljazeera.net/wp-content/uploads/2022/01/")


def test_samples_are_sorted_newest_first(snapshot: Snapshot) -> None:
    dated: list[Article] = [a for a in snapshot.articles if not a.date_from_file]
    assert dated[0].path == "mind42-title-dash.md"  # 2022-09-17 is the newest front-matter date
    assert dated[-1].path == "acfun-old-layout-image-only.md"  # 2018-10-01, the oldest
    stamps = [a.timestamp for a in snapshot.articles]
    assert stamps == sorted(stamps, reverse=True)


def test_sample_ids_are_unique_and_body_loads(snapshot: Snapshot) -> None:
    assert len({a.id for a in snapshot.articles}) == len(snapshot.articles)
    library = Library(SAMPLES)
    body = library.body(snapshot.by_path["leetcode-english-iframes.md"])
    assert body.lstrip().startswith("<div>")
    assert "title:" not in body
