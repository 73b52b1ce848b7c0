"""Bytes to text for article files of unknown encoding.

UTF-8 (with or without a BOM) first; then GB18030, which old Chinese archives use and which is a
superset of GBK and GB2312; as a last resort UTF-8 with replacement characters, so that a file with
a few bad bytes still reads. UTF-16 is taken when it starts with its BOM.
"""

from __future__ import annotations

import codecs

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def looks_binary(data: bytes) -> bool:
    """True for data that is not text: a NUL byte in the first 8 KiB (UTF-16 aside)."""
    if data.startswith(_UTF16_BOMS):
        return False
    return b"\x00" in data[:8192]


def decode(data: bytes) -> tuple[str, str]:
    """Return the text and the name of the encoding that read it."""
    if data.startswith(codecs.BOM_UTF8):
        return _utf8_or_replace(data[3:]), "utf-8-sig"
    if data.startswith(_UTF16_BOMS):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace"), "utf-8 (with replacement characters)"


def _utf8_or_replace(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")
