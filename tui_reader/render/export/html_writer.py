"""The sanitised tree (`document.py`) written back as HTML or XHTML, and the HTML digest page.

Only the tree's own elements and attributes are written, every text and attribute value escaped,
so nothing of an article can add a script, an event handler, a style or a frame. Images are
loaded only when asked (`images=True`); otherwise each is a link to its address, labelled as the
reading pane labels it. The page also carries a Content-Security-Policy that forbids scripts and
every remote load but those images, should a browser ever be shown anything else.
"""

from __future__ import annotations

from html import escape
from typing import TextIO

from tui_reader.render.export.document import Element
from tui_reader.render.export.entry import Entry

VOID_TAGS = frozenset(("br", "hr", "img"))
_KEPT_ATTRIBUTES = frozenset(("href", "start", "colspan", "rowspan", "src", "alt"))

CSS = """\
:root { color-scheme: light dark; }
body { margin: 0 auto; max-width: 42em; padding: 1em 1.2em 4em; line-height: 1.7;
  font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC",
  "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", sans-serif;
  overflow-wrap: break-word; }
:lang(zh) { line-break: strict; }
h1 { font-size: 1.6em; } h2 { font-size: 1.35em; margin-top: 2.5em; }
nav ol { padding-left: 1.5em; } nav li { margin: .3em 0; }
.meta { color: #777; font-size: .9em; margin-top: -.5em; }
article { border-top: 1px solid #8884; }
blockquote { margin: 1em 0; padding-left: 1em; border-left: .25em solid #8886; }
pre { overflow-x: auto; padding: .6em; background: #8881; }
code { font-family: ui-monospace, "Noto Sans Mono CJK SC", monospace; }
img { max-width: 100%; height: auto; }
table { border-collapse: collapse; } td, th { border: 1px solid #8886; padding: .2em .5em; }
"""


def element_html(element: Element, *, images: bool, xhtml: bool = False, shift: int = 0) -> str:
    """The children of `element` as (X)HTML: headings `shift` levels lower (at most h6)."""
    writer = _Writer(images=images, xhtml=xhtml, shift=shift)
    for child in element.children:
        writer.write(child)
    return "".join(writer.out)


class _Writer:
    def __init__(self, *, images: bool, xhtml: bool, shift: int) -> None:
        self.images = images
        self.xhtml = xhtml
        self.shift = shift
        self.in_link = False
        self.out: list[str] = []

    def write(self, node: Element | str) -> None:
        out = self.out
        if isinstance(node, str):
            out.append(escape(node, quote=False))
            return
        tag = node.tag
        if tag == "img":
            self.image(node)
            return
        link = tag == "a" and bool(node.attrs.get("href"))
        if tag == "a" and not link:
            tag = ""  # a link to nowhere safe: its text only
        if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            tag = f"h{min(6, int(tag[1]) + self.shift)}"
        if tag in VOID_TAGS:
            out.append(f"<{tag} />" if self.xhtml else f"<{tag}>")
            return
        if tag:
            out.append(f"<{tag}{_attributes(node.attrs)}>")
        self.in_link, outer = self.in_link or link, self.in_link
        for child in node.children:
            self.write(child)
        self.in_link = outer
        if tag:
            out.append(f"</{tag}>")

    def image(self, node: Element) -> None:
        src, alt = node.attrs.get("src", ""), node.attrs.get("alt", "image")
        if self.images and src:
            end = " />" if self.xhtml else ">"
            self.out.append(f'<img src="{escape(src)}" alt="{escape(alt)}" loading="lazy"{end}')
        elif src and not self.in_link:  # links do not nest
            self.out.append(f'<a class="image" href="{escape(src)}">[image: {escape(alt)}]</a>')
        else:
            self.out.append(f"[image: {escape(alt)}]")


def _attributes(attrs: dict[str, str]) -> str:
    return "".join(
        f' {name}="{escape(value, quote=True)}"'
        for name, value in attrs.items()
        if name in _KEPT_ATTRIBUTES
    )


def meta_html(entry: Entry) -> str:
    """Source · date · author, and the link to the original, as one line under the title."""
    parts = [escape(part, quote=False) for part in entry.details()]
    if entry.link:
        parts.append(f'<a href="{escape(entry.link)}">{escape(entry.link, quote=False)}</a>')
    return f'<p class="meta">{" · ".join(parts)}</p>'


class HtmlDigest:
    """One self-contained HTML page: contents first, then each article as it is given."""

    def __init__(self, out: TextIO, *, images: bool) -> None:
        self.out = out
        self.images = images

    def begin(self, title: str, lang: str, entries: list[Entry]) -> None:
        images = "img-src http: https:" if self.images else "img-src 'none'"
        policy = f"default-src 'none'; style-src 'unsafe-inline'; {images}"
        write = self.out.write
        write(f'<!DOCTYPE html>\n<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n')
        write(f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n')
        write('<meta name="referrer" content="no-referrer">\n')
        write('<meta name="viewport" content="width=device-width, initial-scale=1">\n')
        write(f"<title>{escape(title, quote=False)}</title>\n<style>\n{CSS}</style>\n</head>\n")
        write(f"<body>\n<h1>{escape(title, quote=False)}</h1>\n")
        write('<nav aria-label="Contents">\n<ol>\n')
        for entry in entries:
            details = escape(" · ".join(entry.details()), quote=False)
            write(f'<li><a href="#{entry.anchor}">{escape(entry.title, quote=False)}</a>')
            write(f' <span class="meta">{details}</span></li>\n' if details else "</li>\n")
        write("</ol>\n</nav>\n")

    def article(self, entry: Entry, body: Element, lang: str) -> None:
        write = self.out.write
        write(f'<article id="{entry.anchor}" lang="{escape(lang)}">\n')
        write(f"<h2>{escape(entry.title, quote=False)}</h2>\n{meta_html(entry)}\n")
        write(element_html(body, images=self.images, shift=2))
        write("\n</article>\n")

    def end(self) -> None:
        self.out.write("</body>\n</html>\n")
