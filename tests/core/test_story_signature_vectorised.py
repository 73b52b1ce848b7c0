"""The story signature computed with numpy (core.search.minhash) is bit for bit the one of its
definition: CRC-32 of each distinct 3-token shingle joined by U+001F, one-permutation MinHash with
rotation densification, 16-bit bins. `reference_*` below is that definition written plainly, one
shingle at a time (the code the index used before): signatures already stored stay valid."""

from __future__ import annotations

import zlib
from array import array
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from search_support import write_library

from tui_reader.core.library.library import Library
from tui_reader.core.library.parse import parse_bytes, read_body
from tui_reader.core.markdown_body import body_html
from tui_reader.core.search import documents, minhash, stories
from tui_reader.core.search.tokens import normalize, segments

PAIRS = Path(__file__).resolve().parent.parent / "stories" / "pairs"
SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def reference_shingles(normalized: str) -> set[int]:
    tokens: list[str] = []
    for cjk, part in segments(normalized):
        if cjk:
            tokens.extend(part)
        else:
            tokens.append(part)
    grams = set(map("\x1f".join, zip(tokens, tokens[1:], tokens[2:], strict=False)))
    return set(map(zlib.crc32, map(str.encode, grams)))


def reference_signature(hashes: set[int]) -> bytes | None:
    size, empty, mix = 128, 1 << 32, 0x9E3779B1
    value_mask = (1 << 25) - 1
    mins = [empty] * size
    for value in hashes:
        mixed = (value * mix) & 0xFFFFFFFF
        slot, low = mixed >> 25, mixed & value_mask
        if low < mins[slot]:
            mins[slot] = low
    if len(hashes) < 40:
        return None
    for slot in range(size):
        if mins[slot] == empty:
            distance = 1
            while mins[(slot + distance) % size] == empty:
                distance += 1
            source = mins[(slot + distance) % size]
            mins[slot] = (source + distance * (value_mask + 1)) & 0xFFFFFFFF | (1 << 31)
    return array("H", [((v * mix) & 0xFFFFFFFF) >> 16 for v in mins]).tobytes()


def _same(text: str) -> None:
    normalized = normalize(text)
    expected = reference_shingles(normalized)
    assert set(minhash.shingle_hashes(normalized).tolist()) == expected
    assert stories.shingles(text) == expected
    assert stories.normalized_signature(normalized) == reference_signature(expected)
    assert stories.signature(expected) == reference_signature(expected)


# CJK (with a character of extension B, 4 bytes in UTF-8), kana, hangul, Latin with accents,
# Greek, digits, full-width forms, punctuation and spaces; words long enough to pass the tables
ALPHABET = st.sampled_from(
    list("北约峰会中国芯片劇場版𠀀のカ한국") + list("abcxyzéßΣσ0９Ｇ") + [" ", "，", "\n", "-", "_"]
)
WORDS = st.sampled_from(["grace", "a" * 30, "b" * 70, "ü" * 40, "x" * 200, "長" * 5])
TEXTS = st.lists(st.one_of(ALPHABET, WORDS), max_size=400).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_any_text_has_the_signature_of_its_definition(text: str) -> None:
    _same(text)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.integers(0, 2**32 - 1), st.integers(0, 300)), max_size=300))
def test_any_set_of_hashes_has_the_signature_of_its_definition(values: list[int]) -> None:
    # few and small values: most bins empty, densification wraps past the last bin
    assert stories.signature(set(values)) == reference_signature(set(values))


def test_the_edges_of_the_tables() -> None:
    for length in (1, 2, 61, 62, 63, 64, 65, 200):
        for glue in (" ", "，"):
            words = ["x" * length, "長", "y" * (length // 2 + 1), "word", "z" * length] * 20
            _same(glue.join(words))
    _same("")
    _same("one two")
    _same("one two three")


def test_real_articles_have_the_signatures_of_their_definition(tmp_path: Path) -> None:
    texts = []
    for path in [*SAMPLES.glob("*.md"), *PAIRS.glob("*/*.md")]:
        article = parse_bytes(path.read_bytes(), path.name, 0, 0).article
        assert article is not None
        texts.append(stories.story_text(article.title, body_html(path.name, read_body(path))))
    assert len(texts) > 100
    signed = 0
    for text in texts:
        _same(text)
        signed += reference_signature(reference_shingles(normalize(text))) is not None
    assert signed > 100


def test_an_index_build_stores_the_signatures_of_their_definition(tmp_path: Path) -> None:
    write_library(tmp_path, 60, seed=5)
    articles = Library(tmp_path).scan(workers=1).articles
    prepared = documents.prepare_chunk(documents.Job(str(tmp_path)), articles)
    for article, columns, *_ in prepared:
        markup = body_html(article.path, read_body(tmp_path / article.path))
        text = stories.story_text(article.title, markup)
        assert columns[4] == reference_signature(reference_shingles(normalize(text)))
    assert sum(row.columns[4] is not None for row in prepared) >= 20


def test_each_distinct_token_is_hashed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[bytes] = []
    real = zlib.crc32

    def crc32(data: bytes, value: int = 0) -> int:
        calls.append(data)
        return real(data, value)

    monkeypatch.setattr(minhash, "_token_crcs", type(minhash._token_crcs)())
    monkeypatch.setattr(minhash.zlib, "crc32", crc32)
    text = " ".join(f"word{i % 50} 北约峰会{i % 7}" for i in range(2000))
    hashes = minhash.shingle_hashes(normalize(text))
    monkeypatch.undo()
    assert set(hashes.tolist()) == reference_shingles(normalize(text))
    # 50 words, 7 digits, 4 characters: not one CRC per shingle (thousands of them)
    assert len(calls) <= 61 < len(hashes)
