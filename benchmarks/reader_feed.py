"""The peer's side of the reader benchmark: a library's articles as ONE RSS 2.0 feed for newsboat.

`write_feed` runs in a subprocess of the benchmark (it imports tui_reader and reads every body):
it writes `feed.xml` (titles, links, dates and HTML bodies as descriptions, newest first), a
`urls` file pointing newsboat at it with `file://`, a private `config`, and `phrases.json`, which
maps each title to a phrase from the start of its body so the benchmark knows what text to wait
for once an article is opened. Everything goes in one folder the benchmark owns.
"""

from __future__ import annotations

import json
import sys
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

from reader_screen import body_phrase

FEED_TITLE = "tui-reader benchmark"

# newsboat's own settings for the run: newest first like the reader's tree, no reload at start
# (the cache is warmed beforehand with `newsboat -x reload`), nothing trimmed; list rows are
# "index title" so the benchmark can read which article is under the cursor, and opening the
# feed puts the cursor on the first row (not on the first unread one).
CONFIG = """\
article-sort-order date-desc
articlelist-format "%4i %t"
goto-first-unread no
auto-reload no
max-items 0
show-read-feeds yes
show-read-articles yes
confirm-exit no
"""


def write_feed(root: Path, out: Path, count: int) -> dict[str, object]:
    """Write the first `count` articles of `root` (newest first) as one feed into `out`."""
    from tui_reader.core.library.library import Library

    library = Library(root)
    articles = library.cached().articles[:count]
    out.mkdir(parents=True, exist_ok=True)
    phrases: dict[str, list[str]] = {}
    with (out / "feed.xml").open("w", encoding="utf-8") as feed:
        feed.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>\n')
        feed.write(f"<title>{FEED_TITLE}</title><link>file://{escape(str(root))}</link>\n")
        feed.write(f"<description>{len(articles)} articles of {escape(root.name)}</description>\n")
        for article in articles:
            body = library.body(article)
            link = article.link or f"file://{root / article.path}"
            feed.write("<item>")
            feed.write(f"<title>{escape(article.title)}</title><link>{escape(link)}</link>")
            feed.write(f'<guid isPermaLink="false">{escape(article.id)}</guid>')
            if article.date is not None:
                feed.write(f"<pubDate>{format_datetime(article.date)}</pubDate>")
            feed.write(f"<description>{escape(body)}</description></item>\n")
            phrase = body_phrase(body)
            if phrase:
                phrases.setdefault(article.title, []).append(phrase)
        feed.write("</channel></rss>\n")
    (out / "urls").write_text(f"file://{(out / 'feed.xml').resolve()}\n", encoding="utf-8")
    (out / "config").write_text(CONFIG, encoding="utf-8")
    (out / "phrases.json").write_text(json.dumps(phrases, ensure_ascii=False), encoding="utf-8")
    return {"items": len(articles), "bytes": (out / "feed.xml").stat().st_size}


if __name__ == "__main__":
    print(json.dumps(write_feed(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]))))
