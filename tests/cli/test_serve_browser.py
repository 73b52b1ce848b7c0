"""`tui-reader serve` in a real browser: headless Chromium (Debian's `chromium`) driven by
Playwright. The page draws the reader with xterm.js on a canvas; the tests read the terminal's
buffer (the xterm.js `Terminal` the page makes, caught as it is stored) and type into it.

One server for the module, on the sample articles plus two crafted notes, with `$BROWSER` and
a `[pipe]` command set to programs that would leave a file behind if the server ever started
them, and `inline_images` on. Reading in the browser marks the article read in the same store
the CLI reads; links open in the browser (the page gets Textual's `open_url`), never on the
server; pipe commands are off; and the page fetches nothing but its own server's files (an
article's image host least of all: images stay placeholders).

With TUI_READER_SCREENSHOTS=1 the reading test saves screenshots/serve-chromium.png.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from serve_support import (
    ARTICLE_LINK,
    IMAGE_HOST,
    MORE_LINK,
    PAGE_HOOK,
    REPO,
    Served,
    make_library,
    run_cli,
    serving,
    user_environment,
)

SAMPLES = REPO / "tests" / "samples"
# Debian's chromium (what .ci/run installs), or the browser TUI_READER_CHROMIUM names
CHROMIUM = os.environ.get("TUI_READER_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
WAIT_MS = 60_000  # generous: two cores shared with other test runs
VIEWPORT = {"width": 1280, "height": 760}


def _playwright() -> Any:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the browser tests need playwright: pip install 'tui-reader[test]'")
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"the browser tests need Chromium at {CHROMIUM}: apt-get install chromium")
    return sync_playwright


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("serve-browser")


@pytest.fixture(scope="module")
def library(home: Path) -> Path:
    folder = home / "library"
    shutil.copytree(SAMPLES, folder)
    return make_library(folder)


@pytest.fixture(scope="module")
def started(home: Path) -> Path:
    """The file a browser started on the server would leave behind."""
    return home / "server-browser-started"


@pytest.fixture(scope="module")
def env(home: Path, started: Path) -> dict[str, str]:
    program = home / "server-browser"
    program.write_text(f'#!/bin/sh\necho "$@" >> "{started}"\n')
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    # A graphical session and a $BROWSER: a reader that opened links on the server would run it.
    env = user_environment(home / "user", BROWSER=str(program), DISPLAY=":99")
    # A pipe command that would leave the same file behind; inline images asked for (a served
    # reader has no terminal to ask whether it can draw them).
    touch = [sys.executable, "-c", f"open({str(started)!r}, 'a').write('pipe')"]
    config = Path(env["XDG_CONFIG_HOME"]) / "tui-reader" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(f"inline_images = true\n\n[pipe]\ntouch = {json.dumps(touch)}\n")
    return env


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_playwright = _playwright()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def served(browser: Any, library: Path, env: dict[str, str]) -> Iterator[Served]:
    with serving(library, env) as running:
        yield running


@pytest.fixture
def page(browser: Any, served: Served) -> Iterator[Any]:
    """A fresh tab on the reader (each connection runs its own reader), recording every
    request it makes."""
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(PAGE_HOOK)
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    tab = context.new_page()
    tab.requests = requests
    tab.errors = []  # the console's errors: a refused load (the page's own policy) says so there
    tab.on("console", lambda message: message.type == "error" and tab.errors.append(message.text))
    tab.goto(served.address)
    wait_for_screen(tab, "Notes (")
    tab.evaluate("() => window.__terms[0].focus()")
    yield tab
    context.close()


def screen(page: Any) -> str:
    return str(page.evaluate("() => window.__screen()"))


def wait_for_screen(page: Any, *texts: str) -> None:
    try:
        page.wait_for_function(
            "(texts) => texts.every((text) => window.__screen().includes(text))",
            arg=list(texts), timeout=WAIT_MS,
        )  # fmt: skip
    except Exception as error:  # say what the page showed
        raise AssertionError(f"{texts} never shown; the page showed:\n{screen(page)}") from error


def press(page: Any, *keys: str) -> None:
    for key in keys:
        page.keyboard.press(key)


def opened(page: Any) -> list[list[str]]:
    return list(page.evaluate("() => window.__opened"))


def assert_only_own_requests(page: Any, served: Served) -> None:
    own = f"http://127.0.0.1:{served.port}/"
    assert page.requests and all(url.startswith(own) for url in page.requests), page.requests
    assert IMAGE_HOST not in page.content()
    assert page.errors == []


def to_notes(page: Any) -> None:
    """The tree's cursor from All unread, past Today and Last 7 days, onto Notes: its list."""
    press(page, "j", "j", "j")
    wait_for_screen(page, "Notes", "2 articles")


def open_quokka(page: Any) -> None:
    to_notes(page)
    press(page, "Enter", "Enter")  # into the list, and its first article, the newest
    wait_for_screen(page, "短尾矮袋鼠很可爱", "Notes (1/2)")


def read_marks(env: dict[str, str], library: Path) -> dict[str, bool]:
    result = run_cli(env, "list", str(library), "--json")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    return {record["path"]: record["read"] for record in records}


def test_read_in_the_browser_and_the_marks_are_the_clis(
    page: Any, served: Served, env: dict[str, str], library: Path
) -> None:
    assert "Notes (2/2)" in screen(page)
    open_quokka(page)  # opening marks it read
    text = screen(page)
    assert "Quokkas smile at their 袋鼠 cousins" in text and "[image: a quokka]" in text
    if os.environ.get("TUI_READER_SCREENSHOTS") == "1":
        page.wait_for_function("() => !window.__screen().includes('indexing')", timeout=WAIT_MS)
        page.screenshot(path=str(REPO / "screenshots" / "serve-chromium.png"))
    press(page, "h", "j", "r")  # back to the list: the second note, marked read by hand
    wait_for_screen(page, "Notes (0/2)")
    marks = read_marks(env, library)
    assert marks["notes/quokka.md"] is True and marks["notes/second.md"] is True
    assert not any(read for path, read in marks.items() if not path.startswith("notes/"))
    # and the other way round: a mark made on the command line reaches the open tab (a running
    # reader takes in other processes' marks at each look at the library, every few seconds)
    result = run_cli(env, "mark", "unread", "notes/second.md", "--library", str(library))
    assert result.returncode == 0, result.stderr
    wait_for_screen(page, "Notes (1/2)")
    assert_only_own_requests(page, served)


def test_links_open_in_the_browser_never_on_the_server(
    page: Any, served: Served, started: Path
) -> None:
    open_quokka(page)
    press(page, "o")  # the article's own page
    # The page gets open_url before the screen that says so (one websocket, in order).
    wait_for_screen(page, "Opening the original page")
    assert opened(page) == [[ARTICLE_LINK, "_blank"]]
    press(page, "L")  # the links list; link 3 is "more" (1 the page, 2 the image)
    wait_for_screen(page, "Links (3)", MORE_LINK)
    press(page, "3", "Enter")
    wait_for_screen(page, "Opening link 3")
    assert opened(page)[1:] == [[MORE_LINK, "_blank"]]
    assert not started.exists(), started.read_text()
    assert_only_own_requests(page, served)


def test_pipe_commands_are_off(page: Any, served: Served, started: Path) -> None:
    open_quokka(page)
    press(page, "|")
    wait_for_screen(page, "Pipe commands are off")
    assert not started.exists(), started.read_text()


def test_an_export_is_downloaded_by_the_browser(
    page: Any, served: Served, env: dict[str, str]
) -> None:
    to_notes(page)
    press(page, "E")  # the list shown: the category Notes
    wait_for_screen(page, "Notes.html")
    press(page, "Enter")
    page.wait_for_function("() => window.__opened.length > 0", timeout=WAIT_MS)
    wait_for_screen(page, "Exported 2 articles")
    [(address, target)] = opened(page)
    assert address.startswith(f"http://127.0.0.1:{served.port}/download/") and target == "_blank"
    digest = page.evaluate("(url) => fetch(url).then((response) => response.text())", address)
    assert "Quokka facts 短尾矮袋鼠" in digest and "Second note" in digest
    assert "<script" not in digest
    press(page, "j", "E")  # a category with a Chinese name: the file's name as the browser reads it
    wait_for_screen(page, "二次元.html")
    press(page, "Enter")
    page.wait_for_function("() => window.__opened.length > 1", timeout=WAIT_MS)
    disposition = page.evaluate(
        "(url) => fetch(url).then((response) => response.headers.get('content-disposition'))",
        opened(page)[1][0],
    )
    assert disposition.startswith("attachment;")
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == "二次元.html"
    home = Path(env["HOME"])
    exported = [path for path in home.rglob("*") if path.suffix == ".html"]
    assert exported == []  # nothing written on the server


def test_the_page_names_no_other_host(page: Any, served: Served) -> None:
    open_quokka(page)
    html = page.content()
    hosts = {urlsplit(url).netloc for url in page.requests}
    assert hosts == {f"127.0.0.1:{served.port}"}
    for foreign in (IMAGE_HOST, "example.org", "googleapis", "gstatic"):
        assert foreign not in html, foreign
