"""One article of a digest: its header as the exports show it, and a guess at its language."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui_reader.core.sanitize import clean_line
from tui_reader.render.article import date_label
from tui_reader.render.export.document import safe_link

if TYPE_CHECKING:
    from tui_reader.core.library.api import Article

_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_KANA = re.compile("[\u3040-\u30ff]")
_HANGUL = re.compile("[\uac00-\ud7af]")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f]")
SAMPLE_CHARS = 4000  # a language is guessed from the start of a text


@dataclass(slots=True)
class Entry:
    """The header of one article in a digest: title, source, date, author, link."""

    number: int
    title: str
    source: str
    date: str
    author: str
    link: str

    @classmethod
    def of(cls, number: int, article: Article) -> Entry:
        first = article.categories[0] if article.categories else ()
        source = first[1] if len(first) > 1 else " / ".join(first)
        return cls(
            number,
            clean_line(article.title) or "(untitled)",
            clean_line(source),
            clean_line(date_label(article)),
            clean_line(article.author),
            safe_link(article.link),
        )

    @property
    def anchor(self) -> str:
        return f"article-{self.number}"

    def details(self) -> list[str]:
        """Source, date and author, those it has."""
        return [part for part in (self.source, self.date, self.author) if part]


def guess_language(text: str, default: str = "en") -> str:
    """`zh` for text mostly Chinese, `ja` or `ko` for Japanese or Korean, `en` for text mostly in
    Latin letters, else `default`. Chinese characters carry a word's worth each, so a third as
    many of them as Latin letters make a text Chinese."""
    sample = text[:SAMPLE_CHARS]
    han = len(_HAN.findall(sample))
    kana = len(_KANA.findall(sample))
    hangul = len(_HANGUL.findall(sample))
    latin = len(_LATIN.findall(sample))
    if kana and kana * 10 >= han:
        return "ja"
    if hangul and hangul >= han and hangul * 3 >= latin:
        return "ko"
    if han and han * 3 >= latin:
        return "zh"
    return "en" if latin else default


def majority_language(languages: list[str], default: str = "en") -> str:
    """The language most of the texts are in."""
    if not languages:
        return default
    return max(sorted(set(languages)), key=languages.count)
