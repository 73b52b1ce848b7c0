"""`tui-reader show`: by file path or by id/path in a library, plain when piped, at a width."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rich.cells import cell_len

from tui_reader.cli import main
from tui_reader.core.library.library import Library

SAMPLES = Path(__file__).parent.parent / "samples"
SAMPLE = SAMPLES / "aljazeera-figures.md"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["show", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_show_a_file_piped_is_plain_text(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, str(SAMPLE))
    assert status == 0
    assert out.startswith("99岁的基辛格：我们如何避免世界大战？\n")
    assert "超强的战略思考能力" in out and "[image: 1-163.png]" in out
    assert "\x1b" not in out and "<p>" not in out


@pytest.mark.parametrize("width", [20, 45, 100])
def test_width_is_respected(capsys: pytest.CaptureFixture[str], width: int) -> None:
    status, out, _ = run(
        capsys, str(SAMPLES / "juejin-long-style-tables.md"), "--width", str(width)
    )
    assert status == 0
    assert max(cell_len(line) for line in out.splitlines()) <= width


def test_links_listing(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, str(SAMPLES / "mydrivers-unbalanced-html.md"), "--links")
    assert status == 0
    listing = out.split("\nLinks\n", 1)[1].splitlines()
    assert listing[0].startswith("[1] https://img1.mydrivers.com/") and "(image)" in listing[0]
    assert any(line.startswith("[6] javascript:;") and "not opened" in line for line in listing)


def test_relative_path(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(SAMPLES)
    status, out, _ = run(capsys, "cnbeta-blockquotes.md")
    assert status == 0 and "Grace CPU" in out


@pytest.fixture
def library(tmp_path: Path) -> Path:
    root = tmp_path / "library"
    (root / "news").mkdir(parents=True)
    shutil.copy(SAMPLE, root / "news" / SAMPLE.name)
    shutil.copy(SAMPLES / "cnbeta-blockquotes.md", root / "cnbeta.md")
    return root


def test_show_by_id_and_by_library_path(capsys: pytest.CaptureFixture[str], library: Path) -> None:
    snapshot = Library(library).scan()
    article = snapshot.by_path["news/aljazeera-figures.md"]
    status, by_id, _ = run(capsys, article.id, str(library))
    assert status == 0 and "超强的战略思考能力" in by_id
    status, by_path, _ = run(capsys, "news/aljazeera-figures.md", str(library))
    assert status == 0 and by_path == by_id


def test_unknown_article_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], library: Path
) -> None:
    status, out, err = run(capsys, "no-such-article", str(library))
    assert status == 2 and out == ""
    assert "no article 'no-such-article'" in err


def test_a_file_that_is_not_an_article(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    empty = tmp_path / "empty.md"
    empty.write_text("")
    status, _, err = run(capsys, str(empty))
    assert status == 2 and "empty file" in err


def test_bad_width_is_rejected(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["show", str(SAMPLE), "--width", "3"])
    assert exit_info.value.code == 2
    assert "width" in capsys.readouterr().err
