"""How counts are written for people, in the UI and the command line alike: "1 article",
"7,032 articles", "1 match", "3 matches" (never "article(s)")."""

from __future__ import annotations


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """`number` of `noun`, singular for one: `counted(2, "match", "matches")` is "2 matches";
    without `plural`, an "s" is added."""
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"
