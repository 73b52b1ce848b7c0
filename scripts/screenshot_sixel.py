"""A real screenshot of an inline image: tui-reader in xterm's Sixel mode, on a virtual X screen.

Textual's own SVG export cannot show images drawn with a graphics protocol, so this script runs
the reader in a real terminal that speaks Sixel (xterm as a VT340), opens an article whose picture
is served from a loopback HTTP server, and photographs the X screen:

    python scripts/screenshot_sixel.py            # writes screenshots/inline-image-sixel.png

Needs Debian's xvfb, xterm, xdotool, imagemagick (`import`) and fonts-wqy-microhei, and the
`images` extra (Pillow draws the test picture and trims the photograph). Every folder it uses
is temporary: the user's own data, config and cache directories are never touched.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "screenshots" / "inline-image-sixel.png"
DISPLAY = ":91"
TOOLS = ("Xvfb", "xterm", "xdotool", "import")


def main() -> int:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        print(f"missing: {', '.join(missing)} (apt-get install xvfb xterm xdotool imagemagick "
              "fonts-wqy-microhei)", file=sys.stderr)  # fmt: skip
        return 2
    with tempfile.TemporaryDirectory(prefix="tui-reader-sixel-") as temporary:
        work = Path(temporary)
        server, port = _serve(_picture(work / "www"))
        try:
            _library(work / "lib", port)
            _config(work / "xdg")
            return _photograph(work)
        finally:
            server.shutdown()


def _picture(folder: Path) -> Path:
    from PIL import Image, ImageDraw

    folder.mkdir(parents=True)
    image = Image.new("RGB", (480, 270), (30, 60, 120))
    draw = ImageDraw.Draw(image)
    for x in range(0, 480, 40):
        draw.rectangle((x, 0, x + 20, 270), fill=(200, 80 + x // 4, 40))
    draw.ellipse((160, 60, 320, 220), fill=(250, 230, 60))
    image.save(folder / "picture.png")
    return folder


def _serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, int]:
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def _library(folder: Path, port: int) -> None:
    category = folder / "新闻"
    category.mkdir(parents=True)
    paragraphs = [
        f"<p>第{n}段：北约峰会之后，欧洲市场的反应比预期平静。Paragraph {n}: markets took the "
        "summit calmly.</p>"
        for n in range(1, 5)
    ]
    figure = (
        f'<figure><img src="http://127.0.0.1:{port}/picture.png" alt="条纹与太阳">'
        "<figcaption>图：条纹与太阳 — a picture drawn inline with Sixel</figcaption></figure>"
    )
    body = "".join(paragraphs[:2]) + figure + "".join(paragraphs[2:])
    (category / "inline-image.md").write_text(
        "---\ntitle: 图片内联显示 Inline images\ncategories:\n- 新闻\n- 示例\nauthor: tui-reader\n"
        f"date: 2026-11-27 09:30:00\n---\n{body}\n",
        encoding="utf-8",
    )


def _config(xdg: Path) -> None:
    config = xdg / "config" / "tui-reader"
    config.mkdir(parents=True)
    (config / "config.toml").write_text("inline_images = true\n", encoding="utf-8")


def _photograph(work: Path) -> int:
    xdg = work / "xdg"
    env = dict(os.environ, DISPLAY=DISPLAY, TERM="xterm-256color")
    for kind in ("DATA", "CONFIG", "CACHE", "STATE"):
        env[f"XDG_{kind}_HOME"] = str(xdg / kind.lower())
    screen = subprocess.Popen(["Xvfb", DISPLAY, "-screen", "0", "1280x800x24"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    terminal = None
    try:
        time.sleep(1)
        terminal = subprocess.Popen(
            ["xterm", "-ti", "vt340", "-tn", "xterm-256color", "-xrm", "XTerm*decTerminalID: vt340",
             "-xrm", "XTerm*numColorRegisters: 256", "-xrm", "XTerm*allowSendEvents: true",
             "-fa", "WenQuanYi Micro Hei Mono", "-fs", "10", "-geometry", "110x34+0+0",
             "-e", sys.executable, "-m", "tui_reader", str(work / "lib")],
            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        time.sleep(6)  # interpreter, imports, first scan
        window = subprocess.run(["xdotool", "search", "--class", "xterm"], env=env,
                                capture_output=True, text=True).stdout.split()[0]  # fmt: skip
        for key in ("l", "j", "l", "j", "Return"):  # expand 新闻 and 示例, open the article
            subprocess.run(["xdotool", "key", "--window", window, key], env=env,
                           stderr=subprocess.DEVNULL)  # fmt: skip
            time.sleep(0.5)
        time.sleep(4)  # the picture is fetched and drawn in the background
        raw = work / "screen.png"
        subprocess.run(["import", "-window", "root", str(raw)], env=env, check=True)
        _trim(raw, OUTPUT)
        print(f"wrote {OUTPUT.relative_to(ROOT)}")
        return 0
    finally:
        if terminal is not None:
            terminal.terminate()
        screen.terminate()


def _trim(raw: Path, output: Path) -> None:
    """The terminal's window without the empty (black) rest of the virtual screen."""
    from PIL import Image

    with Image.open(raw) as screen:
        box = screen.convert("RGB").getbbox()
        output.parent.mkdir(exist_ok=True)
        (screen.crop(box) if box else screen).save(output)


if __name__ == "__main__":
    raise SystemExit(main())
