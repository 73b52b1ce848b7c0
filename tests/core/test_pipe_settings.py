"""The `[pipe]` table of config.toml: a list for the common case, a table for options, and a
warning (never a stop) for each entry that cannot be used."""

from __future__ import annotations

from pathlib import Path

from tui_reader.core.config import load_config
from tui_reader.core.pipe.api import PipeCommand


def loaded(tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)


def test_a_list_and_a_table(tmp_path: Path) -> None:
    config = loaded(
        tmp_path,
        'theme = "nord"\n'
        "[pipe]\n"
        'translate = ["trans", "-b", ":zh"]\n'
        "[pipe.summarise]\n"
        'command = ["llm", "-s", "Summarise"]\n'
        'input = "markdown"\n'
        "timeout = 120\n"
        "[pipe.speak]\n"
        'command = ["espeak-ng"]\n'
        'output = "none"\n'
        "timeout = 0.5\n",
    )
    assert config.warnings == []
    assert config.theme == "nord"
    assert config.pipe == {
        "translate": PipeCommand("translate", ("trans", "-b", ":zh")),
        "summarise": PipeCommand("summarise", ("llm", "-s", "Summarise"), "markdown", 120.0),
        "speak": PipeCommand("speak", ("espeak-ng",), "text", 0.5, "none"),
    }


def test_broken_entries_are_left_out_with_a_warning_each(tmp_path: Path) -> None:
    config = loaded(
        tmp_path,
        "[pipe]\n"
        'good = ["cat"]\n'
        'shell = "trans -b :zh | less"\n'
        "empty = []\n"
        'numbers = ["tool", 3]\n'
        'blank = ["  "]\n'
        '"bad name!" = ["cat"]\n'
        'nocommand = { input = "html" }\n'
        'options = { command = ["cat"], input = "pdf", timeout = -1, output = "x", colour = 1 }\n'
        'slow = { command = ["cat"], timeout = true }\n',
    )
    assert sorted(config.pipe) == ["good", "options", "slow"]
    assert config.pipe["options"] == PipeCommand("options", ("cat",))
    assert config.pipe["slow"].timeout == 60.0
    said = "\n".join(config.warnings)
    for expected in (
        '[pipe] shell ignored: must be a list of arguments such as ["trans", "-b", ":zh"], '
        "not a string (commands are run without a shell)",
        "[pipe] empty ignored: must be a list of arguments",
        "[pipe] numbers ignored: every argument must be a string",
        "[pipe] blank ignored: the program name is empty",
        "[pipe] name 'bad name!' ignored",
        "[pipe] nocommand ignored: command must be a list of arguments",
        "[pipe] options: unknown key 'colour' ignored; input must be one of text, markdown, "
        "html; using text; output must be one of text, none; using text; timeout must be",
        "[pipe] slow: timeout must be a number of seconds",
    ):
        assert expected in said
    assert len(config.warnings) == 8


def test_pipe_not_a_table(tmp_path: Path) -> None:
    config = loaded(tmp_path, 'pipe = "cat"\nmark_read = "manual"\n')
    assert config.pipe == {}
    assert config.mark_read == "manual"
    where = tmp_path / "config.toml"
    assert config.warnings == [f"{where}: pipe must be a table ([pipe]); ignored"]


def test_a_hostile_name_is_written_out_in_the_warning(tmp_path: Path) -> None:
    config = loaded(tmp_path, '[pipe]\n"x\\u001b]0;t\\u0007" = ["cat"]\n')
    assert config.pipe == {}
    assert "\x1b" not in config.warnings[0] and "\\x1b" in config.warnings[0]
