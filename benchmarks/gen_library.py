"""Generate a synthetic article library in the real archive format, for benchmarks and tests.

    python benchmarks/gen_library.py OUT_DIR --count N [--seed S] [--copies F]

Each file is a Hexo post as RSS archivers write it (see tests/samples): a blank line, `---`, front
matter with a quoted title, a 3-level `categories` list (now and then a list of lists), author,
`date` in the mixed forms real archives hold (RFC 2822, ISO 8601 with and without zone,
`YYYY-MM-DD HH:MM:SS`, bare dates, epoch seconds, and `Invalid Date`), headimg/thumbnail, sometimes
tags and a link; then an HTML body of 1-6 KB, about 80% Chinese and 20% English. Files lie in
nested folders `<source>/<yyyy>/<mm>/`.

Search benchmarks need words that occur at known rates, so the filler vocabulary never contains
the characters of the topic words in `TOPIC_RATES`: a topic word appears in exactly the articles
that were chosen for it. The exact counts are written to `.manifest.json` in OUT_DIR (a hidden
file, so the scanner ignores it).

`--copies F` adds, for a share F of the articles, a copy as another source reposts it (story
folding, core.search.stories): another source's folder, a new title, a paragraph dropped, the
site's footer, dated an hour or two later; the number of copies goes in the manifest. The
articles themselves are the same with or without copies.

The output depends only on (count, seed, copies). 10k files take about 3 s on the 2-core development
machine when idle, 100k about 30 s (over a minute while other work loads it).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

# Fraction of articles (of each language) that mention each topic word at least once.
TOPIC_RATES: dict[str, float] = {"北约": 0.01, "制裁": 0.03, "芯片": 0.10, "人工智能": 0.02}
ENGLISH_TOPIC_RATES: dict[str, float] = {"NATO": 0.01, "sanctions": 0.03, "semiconductor": 0.10}
ENGLISH_SHARE = 0.2
MANIFEST = ".manifest.json"
PARALLEL_FROM = 5000  # below this, starting a second process costs more than it saves


def _without_topic_chars(words: list[str]) -> tuple[str, ...]:
    """Drop filler words sharing a character with a topic word, so topic words never form by
    accident (across a word boundary either)."""
    topic_chars = set("".join(TOPIC_RATES))
    return tuple(word for word in words if not topic_chars & set(word))


# Common words for filler text; those sharing a character with a topic word are dropped below.
_ZH_FILLER = (
    "我们 他们 今天 记者 表示 报道 公司 市场 政府 国家 经济 发展 问题 工作 时间 社会 世界 "
    "消息 用户 产品 技术 数据 研究 发布 宣布 计划 项目 合作 投资 增长 价格 销售 服务 网络 "
    "手机 电脑 平台 系统 软件 游戏 电影 音乐 学生 学校 医院 城市 地区 人员 专家 官员 部门 "
    "会议 活动 安全 环境 能源 汽车 交通 银行 金融 股票 企业 行业 政策 法律 提供 需要 已经 "
    "可能 目前 其中 同时 认为 指出 希望 继续 开始 进行 影响 重要 主要 相关 方面 情况 结果 "
    "过去 未来 今年 去年 上月 本周 周一 周二 周三 周四 周五 周末 上午 下午 晚上 全球 国际 "
    "美国 中国 日本 欧洲 英国 德国 法国 俄罗斯 乌克兰 印度 韩国 香港 台湾 上海 深圳 广州 "
    "科技 创新 升级 版本 功能 测试 消费者 用户体验 屏幕 电池 相机 处理器 内存 存储 显卡 "
    "更新 推出 支持 提升 降低 增加 减少 成本 收入 利润 报告 调查 显示 超过 达到 约为 "
    "比赛 球队 球员 冠军 观众 作品 动画 漫画 角色 演员 导演 上映 票房 节目 直播 视频 "
    "疫苗 病毒 患者 医生 治疗 健康 天气 气温 降雨 地震 火灾 事故 救援 警方 法院 判决 "
    "选举 总统 总理 外交 部长 议会 军队 和平 谈判 协议 声明 回应 批评 支持者 反对 抗议"
).split()
_ZH_GLUE_ALL = "的 了 在 是 和 也 将 对 与 为 从 被 把 有 就 都 而 及 等".split()
_ZH_WORDS = _without_topic_chars(_ZH_FILLER)
_ZH_GLUE = _without_topic_chars(_ZH_GLUE_ALL)
_EN_WORDS = (  # no English topic word among them
    "the a of to and in for on with is was are that this it from by as at be has have will "
    "said company market government people year new first last week report data users app "
    "system software update release version price growth sales service network phone device "
    "city country world team players game film music school research study experts officials "
    "policy law security energy car bank stock industry support plan project launch feature "
    "today yesterday monday friday global local early late more less most many several "
    "increase decrease announce confirm expect include continue open close build test run"
).split()
_SOURCES = (
    ("新媒体", "cnBeta", "最新", "cnbeta"),
    ("新媒体", "Aljazeera 半岛电视台", "新闻", "aljazeera"),
    ("新媒体", "快科技（原驱动之家）", "最新新闻", "mydrivers"),
    ("新媒体", "金色财经", "快讯", "jinse"),
    ("二次元", "AcFun", "番剧", "acfun"),
    ("二次元", "Bangumi", "放送列表", "bangumi"),
    ("二次元", "Animen 動漫平台", "news", "animen"),
    ("游戏", "GameRes 游资网", "热点推荐", "gameres"),
    ("编程", "掘金", "热门", "juejin"),
    ("社交媒体", "简书", "首页", "jianshu"),
    ("社交媒体", "Mastodon", "实例公共时间线（本站）", "mastodon"),
)
_EN_SOURCES = (
    ("编程", "LeetCode", "文章", "leetcode"),
    ("新媒体", "Hacker News", "Top", "hackernews"),
    ("新媒体", "The Verge", "Tech", "verge"),
)
_CHINA = timezone(timedelta(hours=8))
_START = datetime(2018, 1, 1, tzinfo=UTC)
_SPAN_SECONDS = int((datetime(2023, 12, 31, tzinfo=UTC) - _START).total_seconds())


@dataclass(slots=True)
class _Pools:
    """Pre-built sentences: assembling bodies from them is what makes 100k files fast."""

    zh: list[str]
    en: list[str]


def _build_pools(rng: random.Random) -> _Pools:
    zh = []
    for _ in range(3000):
        words = [
            rng.choice(_ZH_GLUE) if rng.random() < 0.25 else rng.choice(_ZH_WORDS)
            for _ in range(rng.randint(6, 20))
        ]
        cut = rng.randint(2, len(words) - 2)
        zh.append("".join(words[:cut]) + "，" + "".join(words[cut:]) + "。")
    en = []
    for _ in range(1500):
        words = [rng.choice(_EN_WORDS) for _ in range(rng.randint(6, 18))]
        en.append(" ".join(words).capitalize() + ". ")
    return _Pools(zh, en)


def _quote(text: str) -> str:
    """YAML single-quoted scalar, as the archiver writes titles."""
    return "'" + text.replace("'", "''") + "'"


def _date_field(rng: random.Random, when: datetime) -> str:
    roll = rng.random()
    if roll < 0.70:
        return format_datetime(when, usegmt=True)  # Tue, 11 Jan 2022 02:11:30 GMT
    if roll < 0.80:
        return when.strftime("%Y-%m-%d %H:%M:%S")  # YAML makes this a naive datetime
    if roll < 0.86:
        return when.isoformat().replace("+00:00", "Z")
    if roll < 0.90:
        return when.astimezone(_CHINA).isoformat()  # ISO with a +08:00 zone
    if roll < 0.93:
        return when.strftime("%Y-%m-%dT%H:%M:%S")  # ISO without zone
    if roll < 0.95:
        return when.strftime("%Y-%m-%d")  # a YAML date
    if roll < 0.97:
        return str(int(when.timestamp()))  # epoch seconds
    return "Invalid Date"


def _categories(rng: random.Random, source: tuple[str, str, str, str]) -> str:
    indent = "    " if rng.random() < 0.1 else " "
    paths = [source[:3]]
    if rng.random() < 0.05:  # a list of lists: the article is in two categories
        other = rng.choice(_SOURCES)
        paths.append(other[:3])
        lines = [f"{indent}- [{', '.join(_quote(n) for n in path)}]" for path in paths]
    else:
        lines = [f"{indent}- {name}" for name in source[:3]]
    return "categories: \n" + "\n".join(lines) + "\n"


def _title(rng: random.Random, english: bool) -> str:
    if english:
        words = rng.sample(_EN_WORDS, rng.randint(4, 10))
        title = " ".join(words).title()
    else:
        title = "".join(rng.choice(_ZH_WORDS) for _ in range(rng.randint(4, 12)))
    if rng.random() < 0.05:  # apostrophes must survive YAML quoting
        title += ": it's here" if english else "：" + rng.choice(_ZH_WORDS) + "'s"
    return title


def _body(rng: random.Random, pools: _Pools, english: bool, topics: list[str]) -> str:
    target = rng.randint(1000, 6000)
    pool = pools.en if english else pools.zh
    paragraphs: list[str] = []
    size = 0
    while size < target:
        sentences = rng.choices(pool, k=rng.randint(2, 6))
        paragraph = "<p>" + "".join(sentences) + "</p>"
        paragraphs.append(paragraph)
        size += len(paragraph.encode("utf-8"))
    for word in topics:  # each topic word once or twice, inside a sentence
        for _ in range(rng.randint(1, 2)):
            where = rng.randrange(len(paragraphs))
            mention = f"About {word}: " if english else f"{word}"
            paragraphs[where] = paragraphs[where].replace("<p>", "<p>" + mention, 1)
    if rng.random() < 0.3:
        paragraphs.insert(rng.randrange(len(paragraphs)), "<h3>" + rng.choice(pool)[:20] + "</h3>")
    return "<div>   \n" + "\n".join(paragraphs) + "  \n</div>\n            "


def _article(i: int, seed: int, pools: _Pools) -> tuple[str, str, list[str]]:
    """Return (relative path, file text, topic words used) for article number `i`."""
    rng = random.Random(seed * 1_000_003 + i)
    english = rng.random() < ENGLISH_SHARE
    rates = ENGLISH_TOPIC_RATES if english else TOPIC_RATES
    topics = [word for word, rate in rates.items() if rng.random() < rate]
    source = rng.choice(_EN_SOURCES if english else _SOURCES)
    when = _START + timedelta(seconds=rng.randrange(_SPAN_SECONDS))
    image = f"https://img.example.com/{source[3]}/{when:%Y%m%d}/{rng.getrandbits(48):012x}.jpg"
    lines = ["", "---", f"title: {_quote(_title(rng, english))}"]
    front = "\n".join(lines) + "\n" + _categories(rng, source)
    if rng.random() < 0.9:
        front += f"headimg: {_quote(image)}\n"
    front += f"author: {source[1]}\ncomments: false\ndate: {_date_field(rng, when)}\n"
    front += f"thumbnail: {_quote(image)}\n"
    if rng.random() < 0.3:
        tags = rng.sample(_EN_WORDS if english else _ZH_WORDS, rng.randint(1, 4))
        front += "tags:\n" + "".join(f" - {tag}\n" for tag in tags)
    if rng.random() < 0.4:
        front += f"link: https://{source[3]}.example.com/article/{seed}-{i}\n"
    front += "---\n\n"
    suffix = ".txt" if rng.random() < 0.1 else ".md"
    rel = f"{source[3]}/{when:%Y}/{when:%m}/{i:06d}_{rng.getrandbits(64):016x}{suffix}"
    return rel, front + _body(rng, pools, english, topics), topics


def _copy(i: int, seed: int, rel: str, text: str) -> tuple[str, str] | None:
    """A repost of article `i` (relative path, file text), or None when `i` has none."""
    rng = random.Random((seed * 1_000_003 + i) ^ 0x5EED_C0B1)
    front, _, body = text.partition("---\n\n")
    paragraphs = body.split("\n")
    if len(paragraphs) > 4:
        del paragraphs[rng.randrange(1, len(paragraphs) - 2)]
    footer = "<p>本文转载自合作媒体，仅代表作者观点，转载请注明出处。</p>"
    body = "\n".join(paragraphs).replace("  \n</div>", footer + "  \n</div>", 1)
    front = front.replace("title: '", "title: '转载：", 1)
    source = rng.choice(_SOURCES)
    folder = f"{source[3]}/{rel.split('/', 1)[1].rsplit('/', 1)[0]}"
    name = f"{i:06d}_copy_{rng.getrandbits(32):08x}.md"
    return f"{folder}/{name}", front + "---\n\n" + body


def generate(
    root: Path, count: int, seed: int = 0, workers: int | None = None, copies: float = 0.0
) -> None:
    """Write `count` articles under `root` (created if needed); same (count, seed), same files
    whatever the number of worker processes (each article has its own random stream)."""
    root.mkdir(parents=True, exist_ok=True)
    workers = workers or min(2, os.cpu_count() or 1)
    if workers > 1 and count >= PARALLEL_FROM and "fork" in mp.get_all_start_methods():
        bounds = [count * k // workers for k in range(workers + 1)]
        # fork: the children need nothing imported again, even when this module was loaded by
        # path (as the tests do) rather than by name.
        with ProcessPoolExecutor(workers, mp_context=mp.get_context("fork")) as pool:
            parts = pool.map(
                _write_range, [root] * workers, [seed] * workers, bounds, bounds[1:],
                [copies] * workers,
            )  # fmt: skip
            counts = list(parts)
    else:
        counts = [_write_range(root, seed, 0, count, copies)]
    topic_counts = {w: sum(part[w] for part in counts) for w in counts[0] if w != _COPIES}
    manifest: dict[str, object] = {"count": count, "seed": seed, "articles_with_word": topic_counts}
    if copies:
        manifest["copies"] = sum(part[_COPIES] for part in counts)
    (root / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")


_COPIES = "copies written"  # the key of the copy count among a range's counts


def _write_range(
    root: Path, seed: int, start: int, stop: int, copies: float = 0.0
) -> dict[str, int]:
    """Write articles number `start` to `stop - 1` (and their copies); return how many mention
    each topic word, and how many copies were written."""
    pools = _build_pools(random.Random(seed))
    topic_counts: dict[str, int] = dict.fromkeys([*TOPIC_RATES, *ENGLISH_TOPIC_RATES], 0)
    topic_counts[_COPIES] = 0
    made: set[Path] = set()
    for i in range(start, stop):
        rel, text, topics = _article(i, seed, pools)
        files = [(rel, text)]
        if copies and random.Random(seed * 7_919 + i).random() < copies:
            repost = _copy(i, seed, rel, text)
            if repost is not None:
                files.append(repost)
                topic_counts[_COPIES] += 1
        for name, content in files:
            path = root / name
            if path.parent not in made:
                path.parent.mkdir(parents=True, exist_ok=True)
                made.add(path.parent)
            path.write_bytes(content.encode("utf-8"))
        for word in topics:
            topic_counts[word] += 1
    return topic_counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate a synthetic article library.")
    parser.add_argument("out_dir", type=Path, help="folder to write the library into")
    parser.add_argument("--count", type=int, required=True, help="number of articles")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--workers", type=int, help="processes to write with (default: 2)")
    parser.add_argument(
        "--copies", type=float, default=0.0, help="share of articles reposted by another source"
    )
    args = parser.parse_args(argv)
    start = time.perf_counter()
    generate(args.out_dir, args.count, args.seed, args.workers, args.copies)
    elapsed = time.perf_counter() - start
    print(f"wrote {args.count} articles to {args.out_dir} in {elapsed:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
