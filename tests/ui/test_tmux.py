"""The real app in tmux, with every byte it writes to the terminal recorded.

An article carrying every kind of escape (in title, author, categories, body, attributes, links)
is opened, its links screen shown and one address copied. The recorded output may hold only the
app's own sequences: SGR styling, cursor positioning, mode switches, Textual's pointer-shape OSC 22
and the OSC 52 clipboard write we asked for (holding the cleaned address). No title change, no
screen clear, no C1 or bidi character, and nothing from the article inside any escape sequence.
"""

from __future__ import annotations

import base64
import re
import shutil
import sys
import time
from pathlib import Path

import pytest
from ui_support import tmux, tmux_wait_for

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

PAYLOAD = (
    "\x1b[2J\x1b[H\x1b]0;pwned-title\x07\x1b]52;c;cHduZWQ=\x07"
    "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\\x9b2J\x9d0;pwned\x9c\u202eevil\x1bc"
)
ENTITIES = "&#27;[2J&#155;2J&#27;]0;pwned-title&#7;"
SESSION = "tui-reader-render-test"


def article_text() -> str:
    def yaml(text: str) -> str:
        escaped = "".join(
            "\\" + c if c in '\\"' else c if c.isprintable() else f"\\u{ord(c):04x}" for c in text
        )
        return f'"{escaped}"'

    return (
        f"---\ntitle: {yaml('Evil ' + PAYLOAD)}\nauthor: {yaml('author ' + PAYLOAD)}\n"
        f"categories:\n - {yaml('cat ' + PAYLOAD)}\ndate: 2022-01-01 10:00:00\n---\n"
        f"<p>before {PAYLOAD} {ENTITIES} after</p>\n"
        f'<p><a href="https://ok.example/{ENTITIES}">link {PAYLOAD}</a></p>\n'
        f'<img src="x.png" alt="alt {PAYLOAD}"><pre>code {PAYLOAD}</pre>\n'
    )


def wait_for(text: str, seconds: float = 20) -> bool:
    return tmux_wait_for(SESSION, text, seconds)


def test_app_never_passes_article_sequences_to_the_terminal(tmp_path: Path) -> None:
    library = tmp_path / "library"
    library.mkdir()
    (library / "evil.md").write_text(article_text(), encoding="utf-8")
    raw = tmp_path / "raw.bin"
    names = ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")
    env = " ".join(f"{name}={tmp_path / name.lower()}" for name in names)
    command = f"env {env} {sys.executable} -m tui_reader {library}"
    tmux("kill-session", "-t", SESSION)
    tmux("new-session", "-d", "-s", SESSION, "-x", "120", "-y", "40", "-c",
         str(Path(__file__).parents[2]), "sh")  # fmt: skip
    try:
        tmux("pipe-pane", "-o", "-t", SESSION, f"cat >> {raw}")
        tmux("send-keys", "-t", SESSION, command, "Enter")
        assert wait_for("1 article,"), "the app did not start"
        for _ in range(8):  # walk down the category tree until the article opens
            if "before" in tmux("capture-pane", "-p", "-t", SESSION):
                break
            tmux("send-keys", "-t", SESSION, "Enter")
            time.sleep(0.8)
            tmux("send-keys", "-t", SESSION, "j")
            time.sleep(0.4)
        assert wait_for("before"), "the article did not open"
        tmux("send-keys", "-t", SESSION, "L")
        assert wait_for("Links ("), "the links screen did not open"
        tmux("send-keys", "-t", SESSION, "c")  # the first link: the anchor
        assert wait_for("Copied link")
        tmux("send-keys", "-t", SESSION, "Escape")
        time.sleep(0.5)
        tmux("send-keys", "-t", SESSION, "q")
        time.sleep(1.5)
    finally:
        tmux("kill-session", "-t", SESSION)

    output = raw.read_bytes().decode("utf-8", "replace")
    assert "before" in output
    assert not re.search("[\x80-\x9f\u202a-\u202e\u2066-\u2069]", output)
    for body in re.findall(r"\x1b\](.*?)(?:\x07|\x1b\\)", output, re.S):
        if body.startswith("52;"):
            copied = base64.b64decode(body.split(";", 2)[2]).decode()
            assert copied.startswith("https://ok.example/") and "\x1b" not in copied
        else:
            assert body.startswith("22;"), repr(body)  # Textual's pointer shape, nothing else
    assert "\x1b[2J" not in output and "\x1bc" not in output
    assert not re.search(r"\x1b[P_^X]", output)  # no DCS, APC, PM or SOS strings
    assert not re.search(r"[\x1b\x9b\x9d][^\n]{0,8}pwned", output)
