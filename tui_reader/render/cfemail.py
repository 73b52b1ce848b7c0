"""Cloudflare e-mail protection: pages saved from Cloudflare sites replace each address by
`[email protected]` and keep the real one XOR-encoded in `data-cfemail` (or in a
`/cdn-cgi/l/email-protection#…` link). A browser decodes it with a script; we decode it here so
the reader sees the address, not the placeholder."""

from __future__ import annotations

from tui_reader.core.sanitize import clean_line

PROTECTION_PATH = "/cdn-cgi/l/email-protection"


def decode_cfemail(encoded: str) -> str | None:
    """The address hidden in a `data-cfemail` hex string, or None if it is not one."""
    encoded = encoded.strip()
    if len(encoded) < 4 or len(encoded) % 2 or len(encoded) > 1024:
        return None
    try:
        data = bytes.fromhex(encoded)
    except ValueError:
        return None
    key = data[0]
    try:
        return clean_line(bytes(byte ^ key for byte in data[1:]).decode("utf-8")) or None
    except UnicodeDecodeError:
        return None


def decode_protected_href(href: str) -> str | None:
    """`mailto:` address for a `/cdn-cgi/l/email-protection#hex` link, else None."""
    path, _, fragment = href.partition("#")
    if not path.endswith(PROTECTION_PATH) or not fragment:
        return None
    address = decode_cfemail(fragment)
    return f"mailto:{address}" if address else None
