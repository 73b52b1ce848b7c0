"""The story signature's arithmetic, vectorised: shingle hashes and one-permutation MinHash.

What is computed is defined in `core.search.stories`: the CRC-32 of each distinct run of three
tokens joined by U+001F (UTF-8), and the 128 bins of their mixed hashes. Hashing each shingle
apart costs a join, an encode and a CRC in Python per shingle (most of a build's work on an
article); here each distinct token is hashed once (a cache kept by the process: the tokens of a
library repeat) and a shingle's CRC is put together from its three tokens' with numpy, by the
rule zlib's `crc32_combine` follows: the CRC of `A + B` is the CRC of `A` run through as many
zero bytes as `B` has, XOR the CRC of `B`. Running a CRC through `n` zero bytes is linear over
its 32 bits, so it is four table look-ups, one per byte of the CRC (`_shift`); the tables cover
shingles of up to `_SHIFTS` bytes after their first token, and a longer one is hashed whole.

Imported by the index build only (numpy takes ~0.1 s to import): never at start-up.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from typing import Any

import numpy as np

from tui_reader.core.search import stories
from tui_reader.core.search.stories import EMPTY, MIN_SHINGLES, MIX, SIZE, SLOT_SHIFT, VALUE_MASK
from tui_reader.core.search.tokens import SEGMENT

SEPARATOR = "\x1f"  # between the tokens of a shingle
_SEPARATOR_CRC = zlib.crc32(SEPARATOR.encode())
_SHIFTS = 64  # zero-byte runs the tables cover
_CACHE_LIMIT = 1 << 18  # distinct tokens whose CRC is kept


def _zero_byte_tables() -> Any:
    """`tables[n << 10 | k << 8 | b]`: a CRC register holding `b << 8k` after `n` zero bytes
    (0 <= n < `_SHIFTS`); the register after n zero bytes is the XOR of its 4 bytes' entries."""
    table = _byte_table()
    tables = np.empty((_SHIFTS, 4, 256), dtype=np.uint32)
    tables[0] = np.arange(256, dtype=np.uint32) << (8 * np.arange(4, dtype=np.uint32))[:, None]
    for n in range(1, _SHIFTS):
        previous = tables[n - 1]
        tables[n] = table[previous & 0xFF] ^ (previous >> 8)
    return tables.reshape(-1)


def _byte_table() -> Any:
    """zlib's CRC-32 table: the register after one zero byte from `b` is `table[b]`."""
    table = np.empty(256, dtype=np.uint32)
    for b in range(256):
        crc = b
        for _ in range(8):
            crc = (crc >> 1) ^ 0xEDB88320 if crc & 1 else crc >> 1
        table[b] = crc
    return table


_TABLES = _zero_byte_tables()
_ONE = _TABLES[1 << 10 : 2 << 10]  # the tables of one zero byte


def _shift(crcs: Any, lengths: Any) -> Any:
    """Each CRC of `crcs` (an intp array) run through `lengths` zero bytes (each < `_SHIFTS`)."""
    base = lengths << 10
    out = _TABLES.take(base + (crcs & 0xFF))
    out ^= _TABLES.take(base + (256 + ((crcs >> 8) & 0xFF)))
    out ^= _TABLES.take(base + (512 + ((crcs >> 16) & 0xFF)))
    out ^= _TABLES.take(base + (768 + (crcs >> 24)))
    return out


def _shift_one(crcs: Any) -> Any:
    """Each CRC of `crcs` (an intp array) run through one zero byte."""
    out = _ONE.take(crcs & 0xFF)
    out ^= _ONE.take(256 + ((crcs >> 8) & 0xFF))
    out ^= _ONE.take(512 + ((crcs >> 16) & 0xFF))
    out ^= _ONE.take(768 + (crcs >> 24))
    return out


class _TokenCrcs(dict[str, int]):
    """(UTF-8 length << 32 | CRC-32) of each token met, made on first use."""

    def __missing__(self, token: str) -> int:
        if len(self) >= _CACHE_LIMIT:
            self.clear()
        data = token.encode()
        value = self[token] = len(data) << 32 | zlib.crc32(data)
        return value


_token_crcs = _TokenCrcs()


def shingle_hashes(normalized: str) -> Any:
    """The distinct CRC-32s of the 3-token shingles of normalized text (a sorted uint32 array)."""
    return segment_hashes(SEGMENT.findall(normalized))


def segment_hashes(segments: list[tuple[str, str]]) -> Any:
    """`shingle_hashes` of the text whose `core.search.tokens.SEGMENT` matches are `segments`."""
    crc = _token_crcs.__getitem__
    packed: list[int] = []
    for cjk, word in segments:
        if cjk:
            packed.extend(map(crc, cjk))
        else:
            packed.append(crc(word))
    if len(packed) < 3:
        return np.empty(0, dtype=np.uint32)
    values = np.array(packed, dtype=np.intp)
    crcs = values & 0xFFFFFFFF
    lengths = values >> 32
    # the CRC of each `token + SEPARATOR`, of each pair `token SEPARATOR token SEPARATOR`, then
    # of each shingle, the CRC of the first part run through as many zero bytes as the next has
    joined = (_shift_one(crcs) ^ _SEPARATOR_CRC).astype(np.intp)
    second = lengths[1:-1] + 1
    third = lengths[2:]
    fits = (second < _SHIFTS) & (third < _SHIFTS)
    if fits.all():
        pairs = (_shift(joined[:-2], second) ^ joined[1:-1]).astype(np.intp)
        hashes = _shift(pairs, third) ^ crcs[2:].astype(np.uint32)
    else:  # a word too long for the tables: those shingles hashed whole
        hashes = np.empty(len(packed) - 2, dtype=np.uint32)
        short = np.flatnonzero(fits)
        pairs = (_shift(joined[short], second[short]) ^ joined[short + 1]).astype(np.intp)
        hashes[short] = _shift(pairs, third[short]) ^ crcs[short + 2].astype(np.uint32)
        tokens = [token for cjk, word in segments for token in (cjk or (word,))]
        for i in np.flatnonzero(~fits).tolist():
            gram = SEPARATOR.join(tokens[i : i + 3])
            hashes[i] = zlib.crc32(gram.encode())
    hashes.sort()
    return _distinct_sorted(hashes)


def distinct(hashes: Iterable[int]) -> Any:
    """Shingle hashes as `signature` takes them: a sorted uint32 array, each value once."""
    values = np.fromiter(hashes, dtype=np.uint32)
    values.sort()
    return _distinct_sorted(values)


def _distinct_sorted(values: Any) -> Any:
    return values[np.concatenate(([True], values[1:] != values[:-1]))] if len(values) else values


def signature(hashes: Any) -> bytes | None:
    """The packed MinHash signature (core.search.stories) of distinct shingle hashes (a uint32
    array, no value twice); None for fewer than `MIN_SHINGLES`."""
    if len(hashes) < MIN_SHINGLES:
        return None
    mixed = (hashes.astype(np.uint64) * MIX) & 0xFFFFFFFF
    mins = np.full(SIZE, EMPTY, dtype=np.uint64)
    np.minimum.at(mins, mixed >> SLOT_SHIFT, mixed & VALUE_MASK)
    return stories.pack(stories.densified(mins.tolist()))
