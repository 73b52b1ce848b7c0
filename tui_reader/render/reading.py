"""Reading-time estimate: CJK text is read by characters, other scripts by words."""

from __future__ import annotations

import math
import re

# Han (with extensions A and compatibility ideographs), kana, Hangul: scripts read per character.
_CJK = re.compile(
    "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002fa1f]"
)
CJK_PER_MINUTE = 400
WORDS_PER_MINUTE = 220


def reading_minutes(text: str) -> int:
    """Minutes to read `text` (at least 1): CJK characters at ~400/min, words at ~220/min."""
    rest, cjk = _CJK.subn(" ", text)
    words = len(rest.split())
    return max(1, math.ceil(cjk / CJK_PER_MINUTE + words / WORDS_PER_MINUTE))
