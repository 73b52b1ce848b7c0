"""Which HTML elements are blocks, which are never shown, and which names are HTML at all."""

from __future__ import annotations

# Elements whose start or end begins a new block (paragraph break).
BLOCK = frozenset(
    "address article aside blockquote body center dd details dialog dir div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main menu "
    "nav ol p pre section summary table tbody tfoot thead tr td th caption ul".split()
)
# Elements whose content a browser does not show as text. iframe/video/audio content is only a
# fallback; the element itself becomes a placeholder with its address.
SKIPPED = frozenset(
    "script style noscript template head title svg math select datalist iframe video audio "
    "frameset noframes".split()
)
# Content the parser reads as raw text up to the end tag, as browsers do: never retried as
# visible when left unclosed.
RAW_TEXT = frozenset(("script", "style"))
VOID = frozenset(
    "area base br col embed hr img input link meta param source track wbr keygen".split()
)
# Every HTML element name. Inside <pre>, anything else is a code sample (`<dependency>` in
# Maven XML) and is shown as written.
KNOWN = (
    BLOCK
    | SKIPPED
    | VOID
    | frozenset(
        "a abbr acronym b bdi bdo big blink button canvas cite code data del dfn em font i ins kbd "
        "label map mark marquee meter nobr noembed object optgroup option output picture progress "
        "q rb rp rt rtc ruby s samp slot small span strike strong sub sup textarea time tt u var "
        "center basefont image".split()
    )
)
