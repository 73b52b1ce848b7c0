"""Rendering the real sample articles: golden outputs, and nothing lost or leaked.

The golden files in tests/golden_render/ are the plain-text rendering at 80 columns, reviewed by
eye. After an intended change, regenerate them with `TUI_READER_UPDATE_GOLDEN=1 python -m pytest
tests/render/test_render_samples.py` and review the diff.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

import pytest
from rich.console import Console, Group
from rich.text import Text

from tui_reader.core.library.parse import parse_file, read_body
from tui_reader.core.sanitize import clean_text
from tui_reader.render.article import RenderedArticle, render_article
from tui_reader.render.blocks import Prefixed, Preformatted
from tui_reader.render.tags import KNOWN

SAMPLES = Path(__file__).parent.parent / "samples"
GOLDEN = Path(__file__).parent.parent / "golden_render"
SAMPLE_FILES = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".md", ".txt"))

_HIDDEN = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->", re.S | re.I)
# Cloudflare hides e-mail addresses behind a placeholder that the renderer decodes.
_CF_EMAIL = re.compile(r'<span class="__cf_email__"[^>]*>.*?</span>', re.S)
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_ENTITY = re.compile(r"&(?:[a-zA-Z][a-zA-Z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});")
_HTML_TAG = re.compile(rf"</?(?:{'|'.join(sorted(KNOWN))})\b[^>]*>", re.I)


def render(path: Path) -> RenderedArticle:
    result = parse_file(path, path.parent)
    assert result.article is not None
    return render_article(result.article, read_body(path))


def to_plain(rendered: RenderedArticle, width: int = 80) -> str:
    console = Console(width=width, file=open(os.devnull, "w"), record=True)  # noqa: SIM115
    console.print(Group(*rendered.body))
    return console.export_text()


def visible_runs(body: str) -> list[str]:
    """Every run of text between tags, as a browser would show it (independent of the renderer:
    regular expressions, not the HTML parser)."""
    body = _CF_EMAIL.sub("<span>", _HIDDEN.sub("", body))
    runs = (" ".join(html.unescape(run).split()) for run in _TAG.split(body))
    return [clean_text(run) for run in runs if run.strip()]


def squeeze(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_sample_matches_golden(path: Path) -> None:
    rendered = render(path)
    listing = "\n".join(f"[{link.number}] {link.kind} {link.url}" for link in rendered.links)
    output = to_plain(rendered) + "---\n" + listing + "\n"
    golden = GOLDEN / f"{path.name}.txt"
    if os.environ.get("TUI_READER_UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(output, encoding="utf-8")
    assert output == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_every_visible_run_is_shown(path: Path) -> None:
    body = read_body(path)
    rendered = render(path)
    shown = squeeze(rendered.plain_text)
    missing = [run for run in visible_runs(body) if squeeze(run) not in shown]
    assert missing == []


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
@pytest.mark.parametrize("width", [20, 80, 200])
def test_no_tag_entity_or_blank_run_leaks(path: Path, width: int) -> None:
    output = to_plain(render(path), width)
    assert _HTML_TAG.search(output) is None
    assert _ENTITY.search(output) is None
    assert "\n\n\n" not in output
    assert not re.search(r"\\[*_\[\]#`>]", output)  # no Markdown escapes


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
@pytest.mark.parametrize("width", [7, 13, 40])
def test_text_survives_any_width(path: Path, width: int) -> None:
    """Wrapping at any width loses and breaks no character: every paragraph's characters are
    all still there, in order, once prefixes and line ends are removed."""
    checked = 0
    for block in render(path).body:
        text = inner_text(block)
        if text is None:
            continue
        console = Console(width=width, file=open(os.devnull, "w"), record=True)  # noqa: SIM115
        console.print(block)
        remaining = iter(squeeze(console.export_text()))
        assert all(character in remaining for character in squeeze(text)), text
        checked += 1
    assert checked


def inner_text(block: object) -> str | None:
    """The text of a paragraph, pre or prefixed block; None for tables and rules."""
    while isinstance(block, Prefixed):
        block = block.renderable
    if isinstance(block, Preformatted):
        return block.text.plain
    return block.plain if isinstance(block, Text) else None


def test_cloudflare_email_is_decoded() -> None:
    rendered = render(SAMPLES / "cnbeta-email-protection.md")
    assert "cover.1646161341.git.iourit@linux.microsoft.com" in rendered.plain_text
    assert "[email protected]" not in rendered.plain_text


def test_code_sample_in_pre_is_shown_as_written() -> None:
    output = to_plain(render(SAMPLES / "jianshu-invalid-date-xml-in-pre.md"))
    assert "    <groupId>io.springfox</groupId>\n" in output


def test_layout_table_dissolves_and_data_tables_stay_tables() -> None:
    gameres = to_plain(render(SAMPLES / "gameres-body-in-table.md"))
    assert "│" not in gameres and "┌" not in gameres
    juejin = to_plain(render(SAMPLES / "juejin-long-style-tables.md"))
    assert "│ 内存地址 │ 0x4000 │" in juejin


def test_style_block_contents_never_show() -> None:
    body = read_body(SAMPLES / "juejin-long-style-tables.md")
    css = re.search(r"<style[^>]*>(.*?)</style>", body, re.S)
    assert css is not None
    output = squeeze(to_plain(render(SAMPLES / "juejin-long-style-tables.md")))
    declarations = re.findall(r"[a-z-]+:[^;{}]+;", html.unescape(css.group(1)))
    assert len(declarations) > 10
    assert not any(squeeze(declaration) in output for declaration in declarations)
