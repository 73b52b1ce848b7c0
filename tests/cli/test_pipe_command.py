"""`tui-reader pipe NAME ARTICLE`: the article on the command's stdin in the configured form,
its output printed (cleaned), cached per article and command, and a meaningful exit status."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from tui_reader.cli import main
from tui_reader.core.library.library import Library
from tui_reader.core.served import SERVED_ENV
from tui_reader.render.article import render_article

SAMPLES = Path(__file__).parent.parent / "samples"
SAMPLE = SAMPLES / "aljazeera-figures.md"
# Echoes stdin and counts its runs in the file named by its argument.
COUNTING = (
    "import sys\n"
    "with open(sys.argv[1], 'a') as runs: runs.write('x')\n"
    "sys.stdout.write(sys.stdin.read())\n"
)


def configure(text: str) -> None:
    folder = Path(os.environ["XDG_CONFIG_HOME"]) / "tui-reader"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.toml").write_text(text, encoding="utf-8")


def toml_list(*argv: str) -> str:
    return json.dumps(argv)  # a JSON array of strings is a TOML one


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["pipe", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def library(tmp_path: Path) -> Path:
    root = tmp_path / "library"
    (root / "news").mkdir(parents=True)
    shutil.copy(SAMPLE, root / "news" / SAMPLE.name)
    return root


def test_cat_prints_the_article_as_plain_text(capsys: pytest.CaptureFixture[str]) -> None:
    configure("[pipe]\ncat = ['cat']\n")
    status, out, err = run(capsys, "cat", str(SAMPLE))
    assert (status, err) == (0, "")
    library = Library(SAMPLE.parent)
    article = next(a for a in library.scan().articles if a.path == SAMPLE.name)
    assert out == render_article(article, library.body(article)).plain_text
    assert out.startswith("99岁的基辛格：我们如何避免世界大战？\n") and "超强的战略思考能力" in out


def test_markdown_and_html_input(capsys: pytest.CaptureFixture[str], library: Path) -> None:
    configure(
        "[pipe.md]\ncommand = ['cat']\ninput = 'markdown'\n"
        "[pipe.html]\ncommand = ['cat']\ninput = 'html'\n"
    )
    status, markdown, _ = run(capsys, "md", "news/aljazeera-figures.md", str(library))
    assert status == 0
    assert markdown.startswith("# 99岁的基辛格：我们如何避免世界大战？\n\n")
    assert "超强的战略思考能力" in markdown and "<p>" not in markdown
    rendered = MarkdownIt("commonmark").render(markdown)  # CommonMark, as export writes it
    assert rendered.startswith("<h1>99岁的基辛格：我们如何避免世界大战？</h1>\n")
    assert rendered.count("<p>") > 5 and "超强的战略思考能力" in rendered
    status, html, _ = run(capsys, "html", "news/aljazeera-figures.md", "--library", str(library))
    assert status == 0
    assert html.startswith("<h1>99岁的基辛格：我们如何避免世界大战？</h1>\n")
    assert "<p>" in html and "超强的战略思考能力" in html


def test_the_output_is_cached_per_article_and_command(
    capsys: pytest.CaptureFixture[str], library: Path, tmp_path: Path
) -> None:
    runs = tmp_path / "runs"
    configure(
        f"[pipe]\ncount = {toml_list(sys.executable, '-c', COUNTING, str(runs))}\n"
        f"other = {toml_list(sys.executable, '-c', COUNTING, str(runs))}\n"
    )
    article = "news/aljazeera-figures.md"
    first = run(capsys, "count", article, str(library))
    again = run(capsys, "count", article, str(library))
    assert first == again and first[0] == 0
    assert runs.read_text() == "x"
    run(capsys, "other", article, str(library))  # another command: its own output
    assert runs.read_text() == "xx"
    run(capsys, "count", article, str(library), "--rerun")
    assert runs.read_text() == "xxx"
    path = library / article
    path.write_text(path.read_text(encoding="utf-8") + "\n<p>一段新的文字。</p>\n", "utf-8")
    status, out, _ = run(capsys, "count", article, str(library))  # the article changed
    assert status == 0 and "一段新的文字" in out and runs.read_text() == "xxxx"


def test_a_failing_command(capsys: pytest.CaptureFixture[str]) -> None:
    configure(f"[pipe]\nfail = {toml_list('sh', '-c', 'echo oops >&2; exit 3')}\n")
    status, out, err = run(capsys, "fail", str(SAMPLE))
    assert (status, out) == (1, "")
    assert err == "tui-reader: fail failed (exit status 3): oops\n"


def test_a_slow_command_times_out(capsys: pytest.CaptureFixture[str]) -> None:
    configure("[pipe.slow]\ncommand = ['sleep', '30']\ntimeout = 0.5\n")
    status, out, err = run(capsys, "slow", str(SAMPLE))
    assert (status, out) == (124, "")
    assert err == "tui-reader: slow: no result after 0.5 s; stopped\n"


def test_a_missing_command(capsys: pytest.CaptureFixture[str]) -> None:
    configure("[pipe]\ntranslate = ['no-such-translator', '-b']\n")
    status, out, err = run(capsys, "translate", str(SAMPLE))
    assert (status, out) == (127, "")
    assert err == "tui-reader: translate: command not found: no-such-translator\n"


def test_pipes_are_off_where_a_served_reader_runs(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(SERVED_ENV, "1")
    marker = tmp_path / "ran"
    configure(f"[pipe]\ntouch = {toml_list('touch', str(marker))}\n")
    status, out, err = run(capsys, "touch", str(SAMPLE))
    assert (status, out) == (126, "") and not marker.exists()
    assert err == "tui-reader: touch: pipe commands are off in a served reader\n"


def test_hostile_output_is_cleaned(capsys: pytest.CaptureFixture[str]) -> None:
    code = "print('\\x1b]52;c;aGk=\\x07safe\\x1b[2J \\x1b]8;;http://x\\x1b\\\\text')"
    configure(f"[pipe]\nhostile = {toml_list(sys.executable, '-c', code)}\n")
    status, out, _ = run(capsys, "hostile", str(SAMPLE))
    assert (status, out) == (0, "safe text\n")


def test_binary_output_is_reported_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    code = "import sys; sys.stdout.buffer.write(bytes(range(256)) * 4)"
    configure(f"[pipe]\nspeak = {toml_list(sys.executable, '-c', code)}\n")
    status, out, err = run(capsys, "speak", str(SAMPLE))
    assert (status, out) == (0, "")
    assert err == "tui-reader: speak: 1,024 bytes of binary output, not shown\n"


def test_an_unknown_name_lists_the_configured_ones(capsys: pytest.CaptureFixture[str]) -> None:
    configure("[pipe]\ntranslate = ['cat']\nsummarise = ['cat']\n")
    status, out, err = run(capsys, "speak", str(SAMPLE))
    assert (status, out) == (2, "")
    assert err == (
        "tui-reader: no pipe command 'speak' in config.toml; configured: summarise, translate\n"
    )


def test_no_pipe_table(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "speak", str(SAMPLE))
    assert status == 2 and "there is no [pipe] in config.toml" in err


def test_config_errors_are_reported_and_the_good_entries_work(
    capsys: pytest.CaptureFixture[str],
) -> None:
    configure("[pipe]\nbad = 'trans -b :zh'\ncat = ['cat']\n")
    status, out, err = run(capsys, "cat", str(SAMPLE))
    assert status == 0 and "超强的战略思考能力" in out
    assert "[pipe] bad ignored: must be a list of arguments" in err
    status, _, err = run(capsys, "bad", str(SAMPLE))
    assert status == 2 and "configured: cat" in err


def test_an_unknown_article(capsys: pytest.CaptureFixture[str], library: Path) -> None:
    configure("[pipe]\ncat = ['cat']\n")
    status, out, err = run(capsys, "cat", "no-such-article", str(library))
    assert (status, out) == (2, "")
    assert "no article 'no-such-article'" in err
