"""Inline text in the converter: the stack of inline styles (bold, links, code…) and the marks a
browser draws around some elements (quotation marks for `<q>`, parentheses for ruby text)."""

from __future__ import annotations

from tui_reader.render.parse_state import ParseState
from tui_reader.render.textclean import clean_body_text, preformatted

# Nesting beyond this depth is ignored (its text still shows): real articles stay far below,
# and hostile ones must not cost quadratic time.
MAX_DEPTH = 64
INLINE_MARKS = frozenset(("q", "ruby", "rp", "rt"))  # elements `inline_mark` draws around


class InlineStyles(ParseState):
    """Inline styles and marks, for the converter."""

    def _push_style(self, tag: str, style: str) -> None:
        if len(self.style_stack) >= MAX_DEPTH:
            return  # absurd nesting (<b> a hundred thousand times) must not cost quadratic time
        self.style_stack.append((tag, style))
        self._restyle()

    def _pop_style(self, tag: str) -> None:
        # Only the innermost element of that name ends: mis-nested <b><i></b></i> stays readable.
        for index in range(len(self.style_stack) - 1, -1, -1):
            if self.style_stack[index][0] == tag:
                del self.style_stack[index]
                self._restyle()
                return

    def _restyle(self) -> None:
        names = dict.fromkeys(" ".join(style for _, style in self.style_stack).split())
        self.style = " ".join(names)

    def _inline_mark(self, tag: str, *, opening: bool) -> None:
        """What a browser draws around <q> (quotation marks) and <rt> (ruby text, here in
        parentheses after its base, unless the page gives its own <rp> parentheses)."""
        if tag == "ruby":
            self.ruby_parens = opening
        elif tag == "rp":
            self.ruby_parens = False
        elif tag == "q" or self.ruby_parens:
            mark = ("“" if opening else "”") if tag == "q" else ("(" if opening else ")")
            self.flow.add_text(mark, self.style)

    def _text_literal(self, text: str) -> None:
        """Text shown as written: unknown tags inside <pre> are code samples (XML), not HTML."""
        self.flow.add_text(preformatted(clean_body_text(text)), self.style)
