"""Stories: the copies of one news item across sources (or reposted by one), found as they arrive.

An article's story text is what a reader sees of it, title and body, without the blocks that are
only link text (related-article lists, "read more" lines, source credits) — boilerplate that two
different articles of one source share. The text is normalized as search normalizes it (NFKC,
lowercase, Chinese folded to one script) and cut into tokens: a CJK character is a token, so is
a word of other scripts. Its shingles are the runs of three tokens (Chinese character 3-grams,
English word 3-grams), each hashed with CRC-32.

The signature is a MinHash by one permutation hashing (Li, Owen and Zhang 2012): the hash space is
cut into `SIZE` bins by the hash's top bits and each bin keeps the smallest hash that falls in it;
an empty bin (a short text) borrows from the next filled one (rotation densification, Shrivastava
2017). The share of equal bins of two signatures estimates the Jaccard similarity of their
shingle sets. One hash per shingle, in the standard library: measured against `datasketch` and
`simhash` in benchmarks/bench_stories.py and BENCHMARKS.md.

Finding copies as an article arrives is LSH banding: the signature is cut into `BANDS` bands of
`ROWS` bins, and each band's hash is a row of the `bands` table. Articles sharing a band are
candidates; a candidate whose estimated similarity reaches `THRESHOLD` is a confirmed pair (a row
of `links`). A story is a connected group of confirmed pairs; every member's row of `story` holds
the key of its earliest member (its root). An article with no copies has no row: it is a story of
its own. Removing an article (deleted, renamed, edited) removes its rows and regroups the rest of
its story from their remaining pairs, so an edited copy that no longer matches leaves its story,
and a renamed one (indexed again) finds its copies again.
"""

from __future__ import annotations

import re
import sqlite3
import zlib
from array import array
from collections import Counter
from collections.abc import Iterable
from operator import eq

from tui_reader.core.library.model import Article
from tui_reader.core.search.tokens import SEGMENT, normalize

SIZE = 128  # bins of a signature
BANDS = 32
ROWS = SIZE // BANDS
THRESHOLD = 0.7  # estimated Jaccard similarity from which two articles are one story
MIN_SHINGLES = 40  # a shorter text (an image with a caption) is never folded
CANDIDATES = 64  # candidates verified at most per article (those sharing the most bands)
BUCKET = 32  # the newest articles read of each band's bucket: a common band costs no more
BIN_BITS = 7  # SIZE == 1 << BIN_BITS
SLOT_SHIFT = 32 - BIN_BITS  # a mixed hash's bin is its top BIN_BITS bits, its value the rest
VALUE_MASK = (1 << SLOT_SHIFT) - 1
EMPTY = 1 << 32  # a bin no shingle fell in
MIX = 0x9E3779B1  # Knuth's multiplicative hash: spreads CRC-32's linear bits over the top ones

SCHEMA = """
CREATE TABLE IF NOT EXISTS sigs (key INTEGER PRIMARY KEY, sig BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS bands (
    band INTEGER NOT NULL, key INTEGER NOT NULL, PRIMARY KEY (band, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS links (
    a INTEGER NOT NULL, b INTEGER NOT NULL, PRIMARY KEY (a, b)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS links_b ON links (b);
CREATE TABLE IF NOT EXISTS story (key INTEGER PRIMARY KEY, root INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS story_root ON story (root);
"""
TABLES = ("sigs", "bands", "links", "story")
# the newest BUCKET keys of each band: copies arrive close together, and a true copy shares
# many bands, so a bucket crowded by boilerplate that many articles share is cut without loss
_CANDIDATES = " UNION ALL ".join(
    f"SELECT * FROM (SELECT key FROM bands WHERE band = ? ORDER BY key DESC LIMIT {BUCKET})"
    for _ in range(BANDS)
)

_ANCHOR = re.compile(r"(<a\b[^>]*>|</a\s*>)", re.I)
_LINK_OPEN, _LINK_CLOSE = "\ue001", "\ue002"
_LINK_TEXT = re.compile(f"{_LINK_OPEN}[^{_LINK_CLOSE}]*(?:{_LINK_CLOSE}|$)", re.M)
_WORDY = re.compile(r"\w")


def has_links(markup: str) -> bool:
    """Whether `markup` has links. Without, an article's story text holds the same tokens as its
    title and visible text (`story_text` leaves out only lines without any word), so
    `normalized_signature` of those, already normalized for the search text, is its signature."""
    return _ANCHOR.search(markup) is not None


def html_to_text(markup: str) -> str:
    """`core.search.htmltext.html_to_text`, imported when first used: an index's update needs
    it, a search never does."""
    from tui_reader.core.search.htmltext import html_to_text as converted

    return converted(markup)


def story_text(title: str, markup: str) -> str:
    """The title and the visible text of `markup`, without lines that are only link text."""
    pieces = _ANCHOR.split(markup)
    if len(pieces) > 1:  # mark the text inside links (a split: linear, whatever the nesting)
        out: list[str] = []
        inside = False
        for index, piece in enumerate(pieces):
            if index % 2 == 0:
                out.append(piece)
            elif piece[1] == "/":
                out.append(_LINK_CLOSE if inside else "")
                inside = False
            else:
                out.append("" if inside else _LINK_OPEN)
                inside = True
        markup = "".join(out)
    lines = html_to_text(markup).split("\n")
    kept = [line for line in lines if _WORDY.search(_LINK_TEXT.sub("", line))]
    text = "\n".join(kept).replace(_LINK_OPEN, "").replace(_LINK_CLOSE, "")
    return f"{title}\n{text}"


def shingles(text: str) -> set[int]:
    """The hashed 3-token shingles of `text` (see the module docstring)."""
    from tui_reader.core.search import minhash  # numpy: only where signatures are made

    return set(minhash.shingle_hashes(normalize(text)).tolist())


def signature(hashes: Iterable[int]) -> bytes | None:
    """The MinHash signature of a shingle set (None when the set is too small to compare)."""
    from tui_reader.core.search import minhash

    return minhash.signature(minhash.distinct(hashes))


def densified(mins: list[int]) -> list[int]:
    """The bins of a signature, `EMPTY` where no shingle fell, with rotation densification: an
    empty bin takes the next filled bin's value, marked by its distance (bins filled so, in
    order, count as filled for the last ones, which look past the end)."""
    if EMPTY not in mins:
        return mins
    out = list(mins)
    for slot in range(SIZE):
        if out[slot] == EMPTY:
            distance = 1
            while out[(slot + distance) % SIZE] == EMPTY:
                distance += 1
            source = out[(slot + distance) % SIZE]
            out[slot] = (source + distance * (VALUE_MASK + 1)) & 0xFFFFFFFF | (1 << 31)
    return out


def pack(mins: Iterable[int]) -> bytes:
    """A signature as stored: each bin's 32-bit value hashed to its top 16 bits (b-bit MinHash,
    Li and König 2010). Two different values then agree by chance once in 65,536 bins, which
    moves a similarity estimate by at most 0.0015%; the signature takes half the room."""
    return array("H", [((value * MIX) & 0xFFFFFFFF) >> 16 for value in mins]).tobytes()


def repack(stored: bytes) -> bytes:
    """A signature of 32-bit bins (index schema 8) as `pack` stores it now; one already packed is
    returned as it is."""
    return pack(array("I", stored)) if len(stored) == SIZE * 4 else stored


def text_signature(title: str, markup: str) -> bytes | None:
    return signature(shingles(story_text(title, markup)))


def normalized_signature(normalized: str) -> bytes | None:
    """The signature of a story text already normalized."""
    return segments_signature(SEGMENT.findall(normalized))


def segments_signature(matches: list[tuple[str, str]]) -> bytes | None:
    """The signature of the normalized story text whose `SEGMENT.findall` is `matches`."""
    from tui_reader.core.search import minhash

    return minhash.signature(minhash.segment_hashes(matches))


def similarity(a: bytes, b: bytes) -> float:
    """The share of equal bins: the estimated Jaccard similarity of two signatures."""
    return sum(map(eq, array("H", a), array("H", b))) / SIZE


def band_keys(sig: bytes) -> list[int]:
    """One integer per band: the band's number over 24 bits of the hash of its bins (under
    2**31, so SQLite stores it in 4 bytes; a chance collision only adds a candidate, which the
    signatures then reject)."""
    return [_band_key(sig, band) for band in range(BANDS)]


def _band_key(sig: bytes, band: int) -> int:
    start = band * ROWS * 2
    return (band << 24) | (zlib.crc32(sig[start : start + ROWS * 2]) & 0xFFFFFF)


# --- the tables, inside the search index's transactions -----------------------------------------


def add(
    connection: sqlite3.Connection, key: int, sig: bytes | None, bands: list[int] | None = None
) -> list[int]:
    """Index article `key`'s signature and join it to the stories of its copies; returns the
    keys of the copies confirmed. `bands`: `band_keys(sig)`, when already made."""
    if sig is None:
        return []
    if bands is None:
        bands = band_keys(sig)
    shared = Counter(k for (k,) in connection.execute(_CANDIDATES, bands))
    best = [k for k, _n in shared.most_common(CANDIDATES)]
    rows = connection.execute(
        f"SELECT key, sig FROM sigs WHERE key IN ({','.join('?' * len(best))})", best
    ).fetchall()
    copies = [other for other, other_sig in rows if similarity(sig, other_sig) >= THRESHOLD]
    connection.execute("INSERT OR REPLACE INTO sigs VALUES (?, ?)", (key, sig))
    connection.executemany(
        "INSERT OR IGNORE INTO bands VALUES (?, ?)", ((band, key) for band in bands)
    )
    if copies:
        connection.executemany(
            "INSERT OR IGNORE INTO links VALUES (?, ?)",
            ((min(key, other), max(key, other)) for other in copies),
        )
        roots = {_root(connection, other) for other in copies}
        root = roots.pop() if len(roots) == 1 else None
        if root is not None and min(_dates(connection, {root, key}))[2] == root:
            # joins one story whose first copy is earlier: one row, whatever the story's size
            connection.execute(_SET_ROOT, (key, root))
            return copies
        members = {key}
        for other in copies:
            members.update(_members(connection, other))
        _set_story(connection, members)
    return copies


def remove(connection: sqlite3.Connection, keys: Iterable[int]) -> None:
    """Forget articles (deleted, or about to be indexed again) and regroup what is left of their
    stories from the pairs that remain."""
    for key in keys:
        row = connection.execute("SELECT sig FROM sigs WHERE key=?", (key,)).fetchone()
        if row is None:
            continue
        connection.executemany(
            "DELETE FROM bands WHERE band=? AND key=?", ((band, key) for band in band_keys(row[0]))
        )
        connection.execute("DELETE FROM sigs WHERE key=?", (key,))
        members = _members(connection, key) - {key}
        connection.execute("DELETE FROM links WHERE a=? OR b=?", (key, key))
        connection.execute("DELETE FROM story WHERE key=?", (key,))
        if members:
            connection.executemany("DELETE FROM story WHERE key=?", ((m,) for m in members))
            for group in _components(connection, members):
                if len(group) > 1:
                    _set_story(connection, group)


def clear(connection: sqlite3.Connection) -> None:
    for table in TABLES:
        connection.execute(f"DELETE FROM {table}")


def _members(connection: sqlite3.Connection, key: int) -> set[int]:
    row = connection.execute("SELECT root FROM story WHERE key=?", (key,)).fetchone()
    if row is None:
        return {key}
    return {k for (k,) in connection.execute("SELECT key FROM story WHERE root=?", row)}


def _components(connection: sqlite3.Connection, members: set[int]) -> list[set[int]]:
    """The connected groups of `members` by the confirmed pairs among them."""
    parent = {m: m for m in members}

    def find(m: int) -> int:
        while parent[m] != m:
            parent[m] = parent[parent[m]]
            m = parent[m]
        return m

    marks = ",".join("?" * len(members))
    for a, b in connection.execute(
        f"SELECT a, b FROM links WHERE a IN ({marks}) AND b IN ({marks})",
        [*members, *members],
    ):
        parent[find(a)] = find(b)
    groups: dict[int, set[int]] = {}
    for m in members:
        groups.setdefault(find(m), set()).add(m)
    return list(groups.values())


def _root(connection: sqlite3.Connection, key: int) -> int | None:
    """The first copy of `key`'s story; None when it has no copies yet."""
    row = connection.execute("SELECT root FROM story WHERE key=?", (key,)).fetchone()
    return None if row is None else int(row[0])


def _dates(connection: sqlite3.Connection, keys: set[int]) -> list[tuple[bool, float, int]]:
    """(undated, date, key) of each of `keys`: the earliest is the smallest."""
    marks = ",".join("?" * len(keys))
    # the dates read by key and compared here: an ORDER BY ts lets SQLite walk the whole ts index
    rows = connection.execute(f"SELECT key, ts FROM docs WHERE key IN ({marks})", list(keys))
    return [(ts is None, ts or 0.0, key) for key, ts in rows] or [(True, 0.0, min(keys))]


_SET_ROOT = "INSERT INTO story VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET root = excluded.root"


def _set_story(connection: sqlite3.Connection, members: set[int]) -> None:
    """Make `members` one story, rooted at the earliest (undated ones last, then by key)."""
    first = min(_dates(connection, members))[2]
    connection.executemany(_SET_ROOT, [(m, first) for m in members])


# --- choosing and naming copies ----------------------------------------------------------------


def source_of(article: Article) -> str:
    """The source an article came from, as `source:` filters it: the second name of its first
    category path (新媒体 / cnBeta / 最新 is from cnBeta), else its author, else its category."""
    for path in article.categories:
        if len(path) >= 2:
            return path[1]
    if article.author:
        return article.author
    return article.categories[0][0] if article.categories and article.categories[0] else ""


def preferred_copy(copies: list[Article], prefer: list[str]) -> Article:
    """The copy to read first: from the first source of `prefer` that has one (a source is
    matched by any of its category names or its author, in any case), else the earliest (the
    first of `copies`, which come earliest first)."""
    for wanted in (name.casefold() for name in prefer):
        for article in copies:
            names = {n.casefold() for path in article.categories for n in path}
            if wanted in names or wanted == article.author.casefold():
                return article
    return copies[0]


def also_in(copies: list[Article], shown: Article, limit: int = 2) -> str:
    """ "also in IT之家 · 快科技 (+2)": the sources of the copies other than `shown`."""
    sources: list[str] = []
    for article in copies:
        if article.id != shown.id:
            name = source_of(article) or "?"
            if name not in sources:
                sources.append(name)
    if not sources:
        return ""
    more = len(sources) - limit
    return "also in " + " · ".join(sources[:limit]) + (f" (+{more})" if more > 0 else "")
