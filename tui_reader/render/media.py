"""Links, images and embedded content in the converter: each gets a number in the link list, shown
after its text (`[3]`), and images and embeds a placeholder (`[image: label]`) where they were."""

from __future__ import annotations

from tui_reader.render import styles
from tui_reader.render.attributes import file_name, image_source, is_pixel, short_address
from tui_reader.render.inline import InlineStyles
from tui_reader.render.parse_state import Anchor
from tui_reader.render.textclean import one_line


class Media(InlineStyles):
    """Anchors, images and embeds, for the converter."""

    def _start_anchor(self, attributes: dict[str, str]) -> None:
        self._end_anchor()
        self.anchor = Anchor(attributes.get("href", ""), self.flow)
        self._push_style("a", styles.LINK)

    def _end_anchor(self) -> None:
        anchor, self.anchor = self.anchor, None
        if anchor is None:
            return
        self._pop_style("a")
        text = one_line("".join(anchor.text))
        if not text and not anchor.image:
            return  # nothing was shown for it, so nothing to number
        number = self.links.add(anchor.href, text or anchor.image, "link")
        if number is not None:
            anchor.flow.add_marker(f"[{number}]", styles.LINK_NUMBER)

    def _image(self, attributes: dict[str, str]) -> None:
        if is_pixel(attributes):
            return
        src = image_source(attributes)
        alt = one_line(attributes.get("alt", ""))
        if "emoji" in attributes.get("class", "").lower() and alt:
            self.flow.add_text(alt, self.style)  # custom emoji: its name, like text
            return
        label = alt or one_line(attributes.get("title", "")) or file_name(src) or "image"
        number = self.links.add(src, label, "image") if src else None
        if not self.saw_text and self.first_image is None:
            self.first_image = self.links.links[number - 1].url if number else ""
        self._placeholder(f"[image: {label}]", number)
        self.caption_break = self.figure_depth > 0
        if self.anchor is not None and not self.anchor.image:
            self.anchor.image = label

    def _embed(self, tag: str, attributes: dict[str, str]) -> None:
        src = attributes.get("src", "")
        if not src or src.startswith("data:"):
            return
        kind = {"video": "video", "audio": "audio"}.get(tag, "embedded")
        label = one_line(attributes.get("title", "")) or short_address(src)
        self._placeholder(f"[{kind}: {label}]", self.links.add(src, label, "link"))

    def _placeholder(self, label: str, number: int | None) -> None:
        flow = self.flow
        flow.add_marker(label, styles.PLACEHOLDER, spaced=True)
        if number is not None:
            flow.add_marker(f"[{number}]", styles.LINK_NUMBER)
        self.saw_text = True
