"""The reader benchmark's screen tests and targets (benchmarks/reader_*.py), without tmux.

What the benchmark waits for must match what the programs show: a body phrase still found when
the terminal wrapped it, never found in the sidebar, and newsboat's article view matched to
the article it names. The targets must fail when the figures miss them.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from bench_reader import _article_shown, _status_idle  # noqa: E402
from reader_report import report  # noqa: E402
from reader_screen import body_phrase, right_of, squash  # noqa: E402

SAMPLES = Path(__file__).parent / "samples"


def test_phrase_from_first_text_paragraph() -> None:
    html = "<p><img src='x.jpg'></p><p>Hello, the quick brown fox jumps</p><p>later</p>"
    # the image paragraph has no text; punctuation ends the phrase's run of letters
    assert body_phrase(html) == "thequickbrow"
    assert (
        body_phrase("<p>短</p><p>我们今天记者表示报道公司市场政府</p>")
        == "我们今天记者表示报道公司"
    )
    assert body_phrase("<div>no paragraphs</div>") is None


def test_phrase_from_a_real_sample_is_in_its_text() -> None:
    sample = next(p for p in sorted(SAMPLES.rglob("*.md")) if "<p>" in p.read_text("utf-8"))
    phrase = body_phrase(sample.read_text("utf-8"))
    assert phrase is not None and len(phrase) >= 8


def test_wrapped_phrase_is_found_right_of_the_sidebar_only() -> None:
    screen = "▼ 二次元 (3/3)        ▕  我们今天记者表示\n│ ├ ● 报道公司市场政府 ▕  报道公司 市场\n"
    pane = squash(right_of(screen, "▕"))
    assert "我们今天记者表示报道公司" in pane
    assert "二次元" not in pane
    assert "报道公司市场政府" not in pane  # the sidebar's title, not the body


def test_newsboat_article_view_matched_by_its_title() -> None:
    phrases = {squash("Late Car Has Software"): ["Bythelocalfilm"]}
    view = "newsboat 2.21.0 - Article\nTitle: Late Car Has Software\n\nBy the local\nfilm news\n"
    assert _article_shown(view, phrases)
    assert not _article_shown(view.replace("Late Car", "Other"), phrases)
    assert not _article_shown("   1 Late Car Has Software\n", phrases)  # the list, not the view


def test_status_idle_needs_the_summary_without_activity() -> None:
    assert _status_idle("tree\n lib · 10 articles, 10 unread\n footer\n")
    assert not _status_idle("tree\n lib · 10 articles, 10 unread · listing files…\n footer\n")
    assert not _status_idle("tree\n Opening /lib …\n footer\n")


def _results(
    reader_launch: float, reader_open: float, size: int, first_frames: int = 3
) -> dict[str, Any]:
    """Three rounds: the empty app paints in 0.3 s, newsboat opens an article in 0.1 s."""
    return {
        "machine": {"cpus": 2, "python": "3.11", "newsboat": "newsboat", "tmux": "tmux",
                    "load_before": (1.0,), "load_after": (1.0,), "commit": "abc"},
        "seconds": 10.0,
        "sizes": [{
            "size": size, "articles": size, "feed": {"items": size}, "layout": "river",
            "floor": {"launch": [0.3] * 3, "launch_cpu": [0.2] * 3, "memory": [30.0] * 3},
            "reader": {"launch": [reader_launch] * 3, "open": [reader_open] * 3,
                       "launch_cpu": [0.5] * 3, "open_cpu": [0.1] * 3, "memory": [60.0] * 3,
                       "memory_peak": [70.0] * 3,
                       "tree_in_first_frame": [True] * first_frames + [False] * (3 - first_frames)},
            "newsboat": {"launch": [0.25] * 3, "open": [0.1] * 3, "feed": [0.3] * 3,
                         "launch_cpu": [0.1] * 3, "open_cpu": [0.0] * 3, "memory": [20.0] * 3,
                         "memory_peak": [25.0] * 3},
        }],
    }  # fmt: skip


def test_targets_pass_and_fail_on_the_figures() -> None:
    text, ok = report(_results(0.36, 0.09, 100_000))  # 1.2x the empty app
    assert ok and "MISSED" not in text and "stretch goal" not in text
    text, ok = report(_results(0.32, 0.09, 10_000))
    assert ok and "stretch goal 1.1×: met" in text
    text, ok = report(_results(0.39, 0.09, 10_000))  # 1.3x the empty app
    assert not ok and "MISSED: 10,000: tree in 390 ms" in text
    text, ok = report(_results(0.36, 0.09, 10_000, first_frames=2))
    assert not ok and "MISSED: 10,000: the tree in the first frame in 2 of 3" in text
    text, ok = report(_results(0.36, 0.2, 10_000))
    assert not ok and "MISSED: 10,000: article's text" in text
    text, ok = report(_results(1.2, 0.09, 100_000))
    assert not ok and "MISSED: 100,000: usable" in text
