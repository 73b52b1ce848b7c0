"""Rich style names used by the article renderer.

Only attributes (bold, italic, underline, dim) and no fixed colours, so the article reads well in
every Textual theme and on any terminal background; the reading pane's own colours show through.
"""

from __future__ import annotations

TITLE = "bold"
META = "dim"
PREFIX = "dim"  # bullets, quote bars
LINK = "underline"
LINK_NUMBER = "dim"
PLACEHOLDER = "italic dim"  # images, embedded frames
CAPTION = "italic"
CODE = "bold"
PRE = ""
MARK = "reverse"
NOTE = "italic dim"  # the renderer's own remarks (truncation)
HEADINGS = {
    "h1": "bold underline",
    "h2": "bold underline",
    "h3": "bold",
    "h4": "bold",
    "h5": "bold italic",
    "h6": "bold italic",
}
INLINE = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "cite": "italic",
    "dfn": "italic",
    "var": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strike",
    "strike": "strike",
    "del": "strike",
    "code": CODE,
    "kbd": CODE,
    "samp": CODE,
    "tt": CODE,
    "mark": MARK,
    "th": "bold",
    "dt": "bold",
    "figure": CAPTION,  # text beside a figure's image is its caption
    "figcaption": CAPTION,
    "caption": CAPTION,
    "summary": "bold",
    **HEADINGS,
}
