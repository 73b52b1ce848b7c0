"""Write the labelled story pairs of tests/stories/pairs/ from the real sample articles.

    python scripts/make_story_pairs.py [OUT_DIR]

Each pair is a folder holding `a.md` and `b.md`; its name says the label: `copy-…` (one story:
the second file is the first reposted, as aggregators do) or `distinct-…` (two stories that look
alike). The source texts are real: tests/samples and the bundled sample library.

Copies are made by the edits reposting sites make: a new title, the reposting site's own header
and footer boilerplate, a paragraph dropped, `<br>` line breaks instead of `<p>` paragraphs, the
traditional-script edition of a simplified article (OpenCC), an extra "related articles" list, an
excerpt (the first three fifths, then "read on").

Hard non-copies share what copies share, without being one story: a daily column on two days
(same header, footer and layout, other items), two episodes of one show (same cast and staff,
another synopsis), two Windows 11 bugs reported by one source the same week (same template,
same related links, the same stock phrases), and pages of one manual (same product, same words).

The output depends on nothing but the samples; run it again after adding a sample.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "tests" / "samples"
BUNDLED = ROOT / "tui_reader" / "sample_library"
OUT = ROOT / "tests" / "stories" / "pairs"

# real articles with a few paragraphs of text (the others are an image, a list of links, a line)
SOURCES = [
    SAMPLES / "000_0594c77cbcb85587.txt",
    SAMPLES / "aljazeera-figures.md",
    SAMPLES / "cnbeta-blockquotes.md",
    SAMPLES / "cnbeta-email-protection.md",
    SAMPLES / "gameres-body-in-table.md",
    SAMPLES / "jianshu-invalid-date-xml-in-pre.md",
    SAMPLES / "jinse-title-with-newline.md",
    SAMPLES / "juejin-long-style-tables.md",
    SAMPLES / "leetcode-english-iframes.md",
    SAMPLES / "mydrivers-unbalanced-html.md",
    SAMPLES / "animen-broken-category.md",
    *sorted((BUNDLED / "zhinan").glob("*.md")),
    *sorted((BUNDLED / "guide").glob("*.md")),
    *sorted((BUNDLED / "about").glob("*.md")),
]

_FRONT = re.compile(r"\A\s*---\n(.*?)\n---\n(.*)\Z", re.S)
_TITLE = re.compile(r"^title:\s*(.*)$", re.M)
_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.S | re.I)
_TAGS = re.compile(r"<[^>]+>")

SITES = [
    (
        "IT之家",
        "IT之家 {n} 月 {d} 日消息，",
        "广告声明：文内含有的对外跳转链接（包括不限于超链接、二维码、口令等形式），"
        "用于传递更多信息，节省甄选时间，结果仅供参考，IT之家所有文章均包含本声明。",
    ),
    ("快科技", "快科技{n}月{d}日消息，", "本文收录于快科技专题，转载请注明出处。责任编辑：落木"),
    ("cnBeta", "", "访问：京东商城 | 阅读全文请访问 cnBeta.COM，感谢您的阅读，欢迎转发分享。"),
    (
        "新浪科技",
        "新浪科技讯 {n}月{d}日晚间消息，",
        "新浪声明：此消息系转载自新浪合作媒体，新浪网登载此文出于传递更多信息之目的。",
    ),
]
RELATED = (
    '<div class="article-relation"><p><strong>相关文章:</strong></p>'
    '<p><a href="https://www.cnbeta.com/articles/tech/1275649.htm">NVIDIA推出用于HPC和AI场景的'
    "Grace和Grace Hopper超算芯片</a></p>"
    '<p><a href="https://www.cnbeta.com/articles/tech/1308339.htm">NVIDIA Grace处理器详情公布：'
    "功耗500W、性能不及Zen2</a></p>"
    '<p><a href="https://www.cnbeta.com/articles/tech/1301122.htm">微软发布Windows 11 22H2'
    "累积更新 修复多项已知问题</a></p></div>"
)


def front_matter(title: str, source: str, date: str) -> str:
    title = title.replace("'", "''")
    return (
        f"\n---\ntitle: '{title}'\ncategories: \n - 新媒体\n - {source}\n - 最新\n"
        f"author: {source}\ncomments: false\ndate: {date}\n---\n\n"
    )


def read(path: Path) -> tuple[str, str]:
    """(title, body) of a sample file."""
    match = _FRONT.match(path.read_text(encoding="utf-8"))
    assert match, path
    title = _TITLE.search(match[1])
    value = title[1].strip() if title else path.stem
    return value.strip("'\"").replace("''", "'"), match[2]


def paragraphs(body: str) -> list[str]:
    found = _PARAGRAPH.findall(body)
    if len(found) >= 2:
        return found
    return [p for p in re.split(r"\n\s*\n|<br\s*/?>", body) if _TAGS.sub("", p).strip()]


def is_chinese(text: str) -> bool:
    return len(re.findall(r"[\u4e00-\u9fff]", text)) > len(text) // 10


def retitle(title: str, chinese: bool, variant: int) -> str:
    if chinese:
        forms = ["消息称：{t}", "{t}（附详情）", "{t} 官方回应", "刚刚，{t}"]
    else:
        forms = ["Report: {t}", "{t} (updated)", "{t} — what we know", "Breaking: {t}"]
    return forms[variant % len(forms)].format(t=title)


def repost(title: str, body: str, variant: int) -> tuple[str, str, str]:
    """A copy of an article as another site reposts it: (title, source, body)."""
    chinese = is_chinese(body)
    site, header, footer = SITES[variant % len(SITES)]
    found = list(_PARAGRAPH.finditer(body))
    text = body
    if variant % 3 != 1 and len(found) >= 3:  # one paragraph dropped
        middle = found[len(found) // 2]
        text = text[: middle.start()] + text[middle.end() :]
    if variant % 7 == 5 and len(found) >= 4:  # an excerpt: the first paragraphs, then a link
        text = text[: found[len(found) * 3 // 5].start()] + "<p>……阅读全文</p>"
    if variant % 3 == 1:  # line breaks instead of paragraphs
        text = re.sub(r"</p\s*>", "<br><br>", re.sub(r"<p\b[^>]*>", "", text))
    lead = header.format(n=12, d=3 + variant % 20) if chinese else ""
    text = f"<div>{lead}{text}</div>"
    if chinese:
        text += f"<p>{footer}</p>"
    else:
        text += "<p>This article first appeared on our partner site. All rights reserved.</p>"
    if variant % 4 == 3:
        text += RELATED
    if variant % 5 == 2 and chinese:  # the traditional-script edition
        import opencc  # noqa: PLC0415 - only for this script

        converter = opencc.OpenCC("s2t")
        title, text = converter.convert(title), converter.convert(text)
    return retitle(title, chinese, variant), site, text


def column(day: int, items: list[str]) -> tuple[str, str]:
    """A daily news column: the same header, layout and footer every day, other items."""
    body = (
        f"<p>IT之家早报 12 月 {day} 日，周{'一二三四五六日'[day % 7]}，欢迎阅读今日科技早报。"
        "以下是今天值得关注的科技新闻，每天早上八点准时更新。</p>"
        + "".join(f"<h3>{n}. </h3><p>{item}</p>" for n, item in enumerate(items, 1))
        + "<p>以上就是今天的早报内容，感谢阅读。你可以在 IT之家 App 中订阅早报栏目，"
        "第一时间获取每日科技资讯。</p>"
    )
    return f"IT之家早报：12 月 {day} 日", body


SHOWS = [
    ("BIRDIE WING -Golf Girls' Story-", "日本Bandai Namco Pictures原创动画，导演：稻垣隆行，"
     "系列构成：黑田洋介，角色设计：木村智，音乐：加藤达也。出演：田所梓、石见舞菜香、内田真礼、"
     "茅野爱衣。每周五深夜播出，哔哩哔哩（港澳台）、动画疯、Ani-One Asia 同步上线。"),
    ("幼女战记 第二季", "改编自カルロ・ゼン原作、篠月しのぶ插画的同名轻小说，监督：上村泰，"
     "系列构成：猪原健太，动画制作：NUT。出演：悠木碧、早见沙织、三木眞一郎。"
     "每周三晚间更新，全12集。"),
    ("孤独摇滚！", "改编自はまじあき的同名四格漫画，监督：斋藤圭一郎，系列构成：吉田惠里香，"
     "动画制作：CloverWorks。出演：青山吉能、铃代纱弓、水野朔、长谷川育美。"
     "每周六深夜播出，全12集。"),
]  # fmt: skip


def episode(show: int, number: int, synopsis: str) -> tuple[str, str]:
    name, staff = SHOWS[show]
    body = (
        f"<p>《{name}》第{number}集「{synopsis[:12]}」</p><p>{staff}</p>"
        f"<h3>第{number}集 剧情简介</h3><p>{synopsis}</p>"
        "<ul><li><a href='https://bangumi.tv/'>番组计划</a></li>"
        "<li><a href='https://www.bilibili.com/'>哔哩哔哩</a></li></ul>"
    )
    return f"{name} 第{number}集", body


# Four Windows 11 bugs as one source reports them in one week: the same stock phrases.
BUGS = [
    "微软已确认，Windows 11 22H2 的 12 月累积更新 KB5021255 会导致部分设备上的文件资源管理器"
    "在打开包含大量图片的文件夹时反复崩溃，用户在事件查看器中会看到 explorer.exe 的错误记录。"
    "受影响的主要是使用第三方缩略图扩展的设备。微软表示正在调查这一问题，并将在后续更新中提供"
    "修复，在此之前建议受影响的用户暂时卸载相关扩展，或者在文件夹选项中关闭缩略图显示。",
    "微软已确认，Windows 11 22H2 的 12 月累积更新 KB5021255 会让部分使用英特尔 Wi-Fi 6E 网卡的"
    "设备在从睡眠状态唤醒后无法连接到 6GHz 频段的网络，只能重新启动电脑才能恢复。微软表示正在"
    "与英特尔合作调查这一问题，并将在后续更新中提供修复，在此之前建议受影响的用户更新网卡驱动，"
    "或者在设备管理器中暂时关闭网卡的节能选项。",
    "微软已确认，Windows 11 22H2 的累积更新会导致部分设备上的开始菜单和任务栏搜索框无法输入"
    "中文，使用微软拼音输入法的用户在切换输入模式后，候选窗口不再出现。微软表示正在调查这一问题，"
    "已经通过已知问题回滚功能为家庭版和专业版用户自动撤销了相关改动，企业用户则需要手动部署组策略。",
    "微软已确认，Windows 11 22H2 的 12 月累积更新会导致部分 AMD 锐龙处理器的设备在运行某些"
    "游戏时出现明显的帧率下降，问题与新的调度策略有关。微软表示正在与 AMD 合作调查这一问题，"
    "并将在后续更新中提供修复，在此之前建议受影响的用户在电源选项中切换到高性能模式。",
]


def cnbeta_wrap(text: str) -> str:
    return f"<div><p>{text}</p><p>（via Windows Latest）</p>{RELATED}</div>"


SHORT_COLUMN_HEAD = "早报栏目每天早上为你整理科技圈的重要新闻，欢迎订阅。以下是今天的内容。"
SHORT_COLUMN_FOOT = "本栏目由编辑部整理，转载请注明出处。欢迎在评论区留言讨论。"


def short_column(day: int, items: list[str]) -> tuple[str, str]:
    """A daily column whose fixed header and footer are longer than its day's two items."""
    body = "".join(f"<p>{n}. {item}。</p>" for n, item in enumerate(items, 1))
    head, foot = f"<p>{SHORT_COLUMN_HEAD}</p>", f"<p>{SHORT_COLUMN_FOOT}</p>"
    return f"科技早报：10月{day}日", head + body + foot


def write_pair(out: Path, name: str, a: tuple[str, str, str], b: tuple[str, str, str]) -> None:
    folder = out / name
    folder.mkdir(parents=True)
    for file, (title, source, body), date in (
        ("a.md", a, "Mon, 05 Dec 2022 01:00:00 GMT"),
        ("b.md", b, "Mon, 05 Dec 2022 03:30:00 GMT"),
    ):
        (folder / file).write_text(front_matter(title, source, date) + body + "\n", "utf-8")


def main(out: Path) -> None:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    texts = [read(path) for path in SOURCES]
    for variant, (path, (title, body)) in enumerate(zip(SOURCES, texts, strict=True)):
        source = "cnBeta" if "cnbeta" in path.name else path.parent.name
        write_pair(out, f"copy-{path.stem}", (title, source, body), repost(title, body, variant))
    chinese = [p for t, b in texts if is_chinese(b) for p in paragraphs(b)[:2]]
    summaries = [_TAGS.sub("", p)[:160] for p in chinese if len(_TAGS.sub("", p)) > 60]
    for day in range(8):
        first = summaries[(day * 3) % len(summaries) :][:3]
        second = summaries[(day * 3 + 13) % len(summaries) :][:3]
        a, b = column(day + 1, first), column(day + 2, second)
        pair = ((a[0], "IT之家", a[1]), (b[0], "IT之家", b[1]))
        write_pair(out, f"distinct-column-{day}", *pair)
    for n in range(4):  # short columns: the same header and footer outweigh two one-line items
        items = [summaries[(n * 4 + k) % len(summaries)][:14] for k in range(4)]
        a, b = short_column(19 + n, items[:2]), short_column(20 + n, items[2:])
        pair = ((a[0], "快科技", a[1]), (b[0], "快科技", b[1]))
        write_pair(out, f"distinct-short-column-{n}", *pair)
    for n in range(6):
        show = n % len(SHOWS)
        a = episode(show, 6, summaries[(n * 5) % len(summaries)])
        b = episode(show, 12, summaries[(n * 5 + 7) % len(summaries)])
        write_pair(out, f"distinct-episode-{n}", (a[0], "Bangumi", a[1]), (b[0], "Bangumi", b[1]))
    pairs = [(i, j) for i in range(len(BUGS)) for j in range(i + 1, len(BUGS))]
    for i, j in pairs:
        a = ("Windows 11 累积更新再曝新问题", "cnBeta", cnbeta_wrap(BUGS[i]))
        b = ("微软确认 Windows 11 又一已知问题", "cnBeta", cnbeta_wrap(BUGS[j]))
        write_pair(out, f"distinct-windows-bugs-{i}{j}", a, b)
    manual = [(p, t) for p, t in zip(SOURCES, texts, strict=True) if p.parent.parent == BUNDLED]
    for n in range(len(manual) - 1):
        (pa, (ta, ba)), (pb, (tb, bb)) = manual[n], manual[n + 1]
        if pa.parent != pb.parent:
            continue
        pair = ((ta, "tui-reader", ba), (tb, "tui-reader", bb))
        write_pair(out, f"distinct-manual-{pa.stem}", *pair)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
