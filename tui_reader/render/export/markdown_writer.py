"""The sanitised tree (`document.py`) as CommonMark, and the Markdown digest.

Text is escaped so that nothing in an article reads as Markdown: every character that starts
emphasis, code, a link, an image, raw HTML, an entity or a table cell is backslash-escaped, and
so is whatever would start a block at the beginning of a line (`#`, `>`, `-`, `+`, `=`, `1.`).
Code keeps its text in a fence or backtick run longer than any inside it. Links are written only
for the addresses the tree kept (http, https, mailto), with `<`, `>`, spaces and parentheses
percent-encoded. Tables and struck-out text use the two GitHub extensions the reader's own
Markdown renderer reads (pipe tables, `~~`); everything else is plain CommonMark, with no raw HTML.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TextIO
from urllib.parse import quote

from tui_reader.render.export.document import BLOCKS, Element
from tui_reader.render.export.entry import Entry

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#!])")
_LINE_START = re.compile(r"^([-+=>]|\d{1,9}(?=[.)]))", re.M)
_SPACES = re.compile(r"\s+")
_BACKTICKS = re.compile(r"`+")
_URL_SAFE = "/:?#[]@!$&'*+,;=%~-._"


def escape_text(text: str) -> str:
    """Text as Markdown that shows exactly it (white space collapsed, as in HTML)."""
    return _SPECIAL.sub(r"\\\1", _SPACES.sub(" ", text))


def _escape_line_starts(text: str) -> str:
    # `1.` becomes `1\.`, `- x` becomes `\- x`: never a list, quote, or heading underline.
    return _LINE_START.sub(lambda m: m[0] + "\\" if m[0][0].isdigit() else "\\" + m[0], text)


def url_text(url: str) -> str:
    """An address as a Markdown link destination: nothing in it can end or break the link."""
    return quote(url, safe=_URL_SAFE)


def _fence(text: str, least: int) -> str:
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    return "`" * max(least, longest + 1)


class _Writer:
    def __init__(self, *, images: bool, shift: int) -> None:
        self.images = images
        self.shift = shift
        self.in_link = False
        self.in_cell = False

    # ---- blocks: each a list of lines, blocks separated by a blank line

    def blocks(self, children: list[Element | str]) -> list[str]:
        lines: list[str] = []
        run: list[Element | str] = []

        def add(block: list[str]) -> None:
            if block:
                if lines:
                    lines.append("")
                lines.extend(block)

        for child in children:
            if isinstance(child, Element) and child.tag in BLOCKS:
                add(self.paragraph(run))
                run = []
                add(self.block(child))
            else:
                run.append(child)
        add(self.paragraph(run))
        return lines

    def block(self, element: Element) -> list[str]:
        tag = element.tag
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            text = self.inline(element.children, breaks=False).strip()
            level = min(6, int(tag[1]) + self.shift)
            return [f"{'#' * level} {text}"] if text else []
        if tag in ("ul", "ol"):
            return self.items(element)
        if tag == "blockquote":
            return [f"> {line}" if line else ">" for line in self.blocks(element.children)]
        if tag == "pre":
            return self.code_block(element)
        if tag == "hr":
            return ["---"]
        if tag == "table":
            return self.table(element)
        if tag == "dt":
            text = self.inline(element.children, breaks=False).strip()
            return [f"**{text}**"] if text else []
        return self.blocks(element.children)  # p, div, li, dd, figure … and table parts alone

    def paragraph(self, run: list[Element | str]) -> list[str]:
        """Inline content as lines joined by hard breaks; two breaks in a row (or more) end
        one paragraph and start the next."""
        lines: list[str] = []
        held: list[str] = []
        for line in [*self.inline(run, breaks=True).split("\n"), ""]:
            line = line.strip()
            if line:
                held.append(_escape_line_starts(line))
            elif held:
                if lines:
                    lines.append("")
                lines.append("\\\n".join(held))
                held = []
        return "\n".join(lines).split("\n") if lines else []

    def items(self, element: Element) -> list[str]:
        lines: list[str] = []
        number = int(element.attrs.get("start", "1"))
        items = [c for c in element.children if not (isinstance(c, str) and not c.strip())]
        for item in items:
            children = item.children if isinstance(item, Element) and item.tag == "li" else [item]
            block = self.blocks(children) or [""]
            marker = f"{number}. " if element.tag == "ol" else "- "
            number += 1
            pad = " " * len(marker)
            lines.append((marker + block[0]).rstrip())
            lines.extend(pad + line if line else "" for line in block[1:])
        return lines

    def code_block(self, element: Element) -> list[str]:
        text = _text(element).strip("\n")
        if not text.strip():
            return []
        fence = _fence(text, 3)
        return [fence, *text.split("\n"), fence]

    def table(self, element: Element) -> list[str]:
        rows: list[list[str]] = []
        extra: list[str] = []
        self.in_cell = True
        try:
            for row in _rows(element):
                cells = [self.inline(cell.children, breaks=False).strip() for cell in row]
                rows.append([cell or " " for cell in cells])
        finally:
            self.in_cell = False
        for caption in (c for c in element.children if isinstance(c, Element)):
            if caption.tag == "caption":
                extra = self.blocks(caption.children)
        if not rows:
            return extra
        width = max(len(row) for row in rows)
        rows = [row + [" "] * (width - len(row)) for row in rows]
        table = [f"| {' | '.join(rows[0])} |", "|" + " --- |" * width]
        table += [f"| {' | '.join(row)} |" for row in rows[1:]]
        return [*extra, "", *table] if extra else table

    # ---- inline text

    def inline(self, children: list[Element | str], *, breaks: bool) -> str:
        return "".join(self.span(child, breaks=breaks) for child in children)

    def span(self, node: Element | str, *, breaks: bool) -> str:
        if isinstance(node, str):
            return escape_text(node)
        tag = node.tag
        if tag == "br":
            return "\n" if breaks else " "
        if tag == "img":
            return self.image(node)
        if tag == "code":
            code = _SPACES.sub(" ", _text(node))
            return escape_text(code) if self.in_cell else _code_span(code)
        if tag == "a":
            return self.link(node)
        inner = self.inline(node.children, breaks=breaks)
        if tag == "strong":
            return _wrap(inner, "**")
        if tag in ("em",):
            return _wrap(inner, "*")
        if tag == "del":
            return _wrap(inner, "~~")
        if tag == "q":
            return f"“{inner}”"
        if tag == "rt":
            return f"({inner})"
        if tag == "rp":
            return ""
        if tag in BLOCKS:  # a block inside inline text (a table cell's paragraphs)
            return f" {inner} "
        return inner

    def link(self, node: Element) -> str:
        href = node.attrs.get("href", "")
        self.in_link = bool(href)
        try:
            inner = self.inline(node.children, breaks=False)
        finally:
            self.in_link = False
        if not href or not inner.strip():
            return inner
        return f"[{inner.strip()}]({url_text(href)})"

    def image(self, node: Element) -> str:
        src, alt = node.attrs.get("src", ""), escape_text(node.attrs.get("alt", "image"))
        if self.images and src:
            return f"![{alt}]({url_text(src)})"
        if self.in_link:  # links do not nest: the label only
            return f"\\[image: {alt}\\]"
        return f"[\\[image: {alt}\\]]({url_text(src)})" if src else f"\\[image: {alt}\\]"


def _wrap(inner: str, mark: str) -> str:
    """Emphasis around the text, white space kept outside it (`** a**` would not be bold).
    Text that begins or ends with punctuation (`注意：`) is left plain: CommonMark would not
    read the marks as emphasis next to a letter, and stray `**` are worse than no bold."""
    text = inner.strip()
    if not text or _punctuation(text[0]) or _punctuation(text[-1]):
        return inner
    lead = inner[: len(inner) - len(inner.lstrip())]
    trail = inner[len(inner.rstrip()) :]
    return f"{lead}{mark}{text}{mark}{trail}"


def _punctuation(char: str) -> bool:
    return unicodedata.category(char)[0] in "PS"


def _code_span(text: str) -> str:
    if not text.strip():
        return escape_text(text)
    fence = _fence(text, 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _text(element: Element) -> str:
    from tui_reader.render.export.document import plain_text

    return plain_text(element)


def _rows(table: Element) -> list[list[Element]]:
    rows: list[list[Element]] = []
    for node in table.children:  # rows of the table itself, and of its head, body and foot
        if isinstance(node, Element) and node.tag in ("thead", "tbody", "tfoot"):
            rows.extend(_cells(part) for part in node.children if _is(part, "tr"))
        elif _is(node, "tr"):
            rows.append(_cells(node))
    return [row for row in rows if row]


def _is(node: Element | str, tag: str) -> bool:
    return isinstance(node, Element) and node.tag == tag


def _cells(row: Element | str) -> list[Element]:
    assert isinstance(row, Element)
    return [c for c in row.children if isinstance(c, Element) and c.tag in ("td", "th")]


def element_markdown(element: Element, *, images: bool, shift: int = 0) -> str:
    """The children of `element` as Markdown blocks, headings `shift` levels lower."""
    return "\n".join(_Writer(images=images, shift=shift).blocks(element.children))


class MarkdownDigest:
    """A Markdown document: the title, a numbered list of contents, then the articles."""

    def __init__(self, out: TextIO, *, images: bool) -> None:
        self.out = out
        self.images = images

    def begin(self, title: str, lang: str, entries: list[Entry]) -> None:
        write = self.out.write
        write(f"# {escape_text(title)}\n\n")
        for entry in entries:
            details = escape_text(" · ".join(entry.details()))
            line = f"{entry.number}. {escape_text(entry.title)}"
            write(f"{line} — {details}\n" if details else f"{line}\n")
        write("\n")

    def article(self, entry: Entry, body: Element, lang: str) -> None:
        write = self.out.write
        write(f"---\n\n## {entry.number}. {escape_text(entry.title)}\n\n")
        details = [escape_text(part) for part in entry.details()]
        if entry.link:
            details.append(f"[{escape_text(entry.link)}]({url_text(entry.link)})")
        if details:
            write(f"*{' · '.join(details)}*\n\n")
        text = element_markdown(body, images=self.images, shift=2)
        write(f"{text}\n\n" if text else "")

    def end(self) -> None:
        pass
