"""No sequence from an article file ever reaches the terminal.

Crafted articles carry each kind of escape (raw bytes, YAML escapes, HTML entities, in metadata,
body text, attributes and link text) and are printed through `tui-reader show`, both piped and
with a forced terminal. In the forced-terminal output the only escape sequences allowed are rich's
own SGR styling (`ESC [ … m`); anything else (OSC titles, OSC 8 links, OSC 52 clipboard writes,
cursor movement, screen clears, 8-bit CSI) means the file drove the terminal.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tui_reader.cli import main

# Every form of "clear screen, set title, write clipboard, forge a link" we could think of.
PAYLOADS = [
    "\x1b[2J\x1b[H",  # clear screen, cursor home
    "\x1b]0;pwned-title\x07",  # window title (BEL-terminated)
    "\x1b]2;pwned-title\x1b\\",  # window title (ST-terminated)
    "\x1b]52;c;cHduZWQ=\x07",  # clipboard write
    "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\",  # hyperlink
    "\x9b2J",  # 8-bit CSI
    "\x9d0;pwned-title\x9c",  # 8-bit OSC
    "\x1bP+q\x1b\\",  # DCS
    "\x1b7\x1b8\x1bc",  # save/restore cursor, full reset
    "\u202eevil\u202c\u2066x\u2069",  # bidi overrides and isolates
    "\x01\x07\x08\x0b\x0c\r\x7f",  # other C0 controls and DEL (a NUL makes a file binary)
]
ENTITY_PAYLOADS = [
    "&#27;[2J",
    "&#x1b;]0;pwned-title&#7;",
    "&#155;2J",
    "&#x9d;0;pwned-title&#x9c;",
    "&#27;]52;c;cHduZWQ=&#7;",
    "&#8238;evil",
    "&#0;&#1;&#127;",
]

_SGR = re.compile(r"\x1b\[[0-9;]*m")
_FORBIDDEN = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def yaml_escape(text: str) -> str:
    """`text` as a YAML double-quoted scalar, so real control characters reach the parser."""
    return '"' + "".join(_yaml_char(char) for char in text) + '"'


def _yaml_char(char: str) -> str:
    if char in '\\"':
        return "\\" + char
    if char.isprintable():
        return char
    return f"\\x{ord(char):02x}" if ord(char) < 256 else f"\\u{ord(char):04x}"


def crafted_article(folder: Path, payload: str, entity: str) -> Path:
    body = f"""
<p>before {payload} after {entity} end</p>
<p><a href="https://ok.example/{entity}">link {payload} text</a></p>
<img src="x.png" alt="alt {payload} {entity}">
<pre>code {payload} {entity}</pre>
<table><tr><td>cell {payload}</td><td>{entity}</td></tr></table>
<ul><li>item {payload}</li></ul>
"""
    text = (
        "---\n"
        f"title: {yaml_escape('title ' + payload + ' [bold red]markup[/]')}\n"
        f"author: {yaml_escape('author ' + payload)}\n"
        f"categories:\n - {yaml_escape('cat ' + payload)}\n - {yaml_escape(entity)}\n"
        f"link: {yaml_escape('https://example.com/' + payload)}\n"
        "date: 2022-01-01 10:00:00\n"
        "---\n" + body
    )
    path = folder / "crafted.md"
    path.write_text(text, encoding="utf-8")
    return path


def assert_terminal_safe(output: str, entity: str = "") -> None:
    stripped = _SGR.sub("", output)
    assert _FORBIDDEN.search(stripped) is None, repr(_FORBIDDEN.search(stripped))
    if "pwned" not in entity:
        # Whole raw sequences are removed, parameters included. (The HTML parser itself drops a
        # control character reference such as `&#x1b;`, leaving `]0;pwned-title` as harmless
        # text, as a browser shows it.)
        assert "pwned" not in stripped


def run_show(path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    assert main(["show", str(path), "--width", "60", "--links", *extra]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("entity", ENTITY_PAYLOADS)
def test_show_piped_is_plain_and_safe(
    payload: str, entity: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = run_show(crafted_article(tmp_path, payload, entity), capsys)
    assert "\x1b" not in output  # piped: no styling at all
    assert_terminal_safe(output, entity)
    assert "before" in output and "• item" in output  # the article itself is still shown
    assert "[bold red]markup[/]" in output  # brackets are text, never markup


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("entity", ENTITY_PAYLOADS[:3])
def test_show_on_a_terminal_only_styles(
    payload: str,
    entity: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")  # rich: behave as on a terminal
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    output = run_show(crafted_article(tmp_path, payload, entity), capsys)
    assert _SGR.search(output), "expected styled output on a forced terminal"
    assert_terminal_safe(output, entity)
    assert "[bold red]markup[/]" in _SGR.sub("", output)


def test_raw_escape_bytes_in_front_matter_are_removed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Raw control bytes make the YAML invalid; the recovered title is still clean."""
    path = tmp_path / "raw.md"
    path.write_bytes(
        b"---\ntitle: 'raw \x1b]0;pwned-title\x07 title'\nauthor: a\x9b2Jb\n---\n<p>body</p>\n"
    )
    output = run_show(path, capsys)
    assert_terminal_safe(output)
    assert "raw" in output and "body" in output
