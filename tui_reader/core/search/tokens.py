"""How search splits text into tokens, the same way for articles and for queries.

Words (runs of letters and digits outside CJK scripts) are one token each, lowercased after
NFKC normalization, so `Ｇｒａｃｅ`, `GRACE` and `grace` are the same word; Chinese characters are
folded to one script (`core.search.scripts`), so `劇場版` and `剧场版` are the same text. CJK
text has no spaces, so each run of CJK characters becomes its overlapping character pairs
(bigrams): `北约峰会` is `北约 约峰 峰会`, and any substring of two or more characters is the
phrase of its own bigrams — found exactly, with no word list to miss it. A run of a single
character is that character. Between two CJK runs with no word in between (`北约，峰会`) a break
token is emitted, so a phrase of bigrams can never span the punctuation. Single characters are
searched in a separate column that holds each distinct CJK character of an article once (see
`unigrams`).

SQLite's `ascii` tokenizer then splits these strings on spaces only (every non-ASCII character is
a token character to it), so the tokens stored are exactly the ones made here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from tui_reader.core.search.scripts import fold

CJK_RANGES = (
    "\u3005-\u3007\u3041-\u3096\u309d-\u309f\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff\U00020000-\U0003134f"
)
CJK_CHAR = re.compile(f"[{CJK_RANGES}]")
WORD_CHARS = rf"[^\W_{CJK_RANGES}]"  # letters and digits that are not CJK
SEGMENT = re.compile(rf"([{CJK_RANGES}]+)|({WORD_CHARS}+)")
# A private-use character: never part of a token made from text (it is not a letter or digit).
BREAK = "\ue000"


def normalize(text: str) -> str:
    """The form both articles and queries are compared in: NFKC, lowercase, one script."""
    return fold(unicodedata.normalize("NFKC", text).lower())


def segments(normalized: str) -> list[tuple[bool, str]]:
    """(is_cjk, text) for each word and each CJK run, in order."""
    return [(bool(cjk), cjk or word) for cjk, word in SEGMENT.findall(normalized)]


def cjk_tokens(run: str) -> list[str]:
    """The tokens of one CJK run: its bigrams, or the character itself when alone."""
    if len(run) == 1:
        return [run]
    return list(map(str.__add__, run[:-1], run[1:]))


def tokens(normalized: str) -> list[str]:
    """The token stream of normalized text (see the module docstring): `token_string`'s tokens,
    which never hold a space."""
    joined = token_string(normalized)
    return joined.split(" ") if joined else []


def token_string(normalized: str) -> str:
    """`tokens` of normalized text joined by spaces, ready to store in FTS5.

    The same stream as `tokens`, built as strings run by run: this runs on every article."""
    return segments_string(SEGMENT.findall(normalized))


def segments_string(matches: list[tuple[str, str]]) -> str:
    """`token_string` of the text whose `SEGMENT.findall` is `matches` (each a CJK run, or a
    word): an index build shares them with the story signature (core.search.minhash)."""
    out: list[str] = []
    previous_cjk = False
    for cjk, word in matches:
        if cjk:
            if previous_cjk:
                out.append(BREAK)
            out.append(" ".join(map(str.__add__, cjk[:-1], cjk[1:])) if len(cjk) > 1 else cjk)
            previous_cjk = True
        else:
            out.append(word)
            previous_cjk = False
    return " ".join(out)


def parts_string(parts: Iterable[str]) -> str:
    """Several short fields (author, category names, tags) in one column; a break token between
    them so that a phrase never spans two fields."""
    return f" {BREAK} ".join(s for s in (token_string(normalize(p)) for p in parts) if s)


def unigrams(texts: Iterable[str]) -> str:
    """Each distinct CJK character of the (normalized) texts once, for one-character queries."""
    found: set[str] = set()
    for text in texts:
        found.update(text)  # distinct characters first (in C), then keep the CJK ones
    return " ".join(sorted(CJK_CHAR.findall("".join(found))))
