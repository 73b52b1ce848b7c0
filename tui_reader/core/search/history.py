"""Recent and saved searches, kept in a small JSON file in the user data folder.

Recent searches are what was typed before an article was opened from the results, or left with
results shown, or saved; newest first, without repeats. Saved searches have a name and are meant
to appear as virtual categories. A file that cannot be read is treated as empty: losing this list
is an inconvenience, not a fault.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from tui_reader.core.paths import data_dir
from tui_reader.core.sanitize import clean_line

MAX_RECENT = 20


def history_path() -> Path:
    return data_dir() / "search-history.json"


@dataclass(slots=True)
class SearchHistory:
    """The recent searches (newest first) and the saved ones (name -> query)."""

    recent: list[str] = field(default_factory=list)
    saved: dict[str, str] = field(default_factory=dict)
    path: Path | None = None

    @classmethod
    def load(cls, path: Path | None = None) -> SearchHistory:
        path = path or history_path()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            recent = [clean_line(q) for q in data.get("recent", []) if isinstance(q, str)]
            saved = {
                clean_line(name): clean_line(query)
                for name, query in dict(data.get("saved", {})).items()
                if isinstance(name, str) and isinstance(query, str)
            }
        except (OSError, ValueError, TypeError, AttributeError):
            return cls(path=path)
        return cls([q for q in recent if q][:MAX_RECENT], saved, path)

    def remember(self, query: str) -> None:
        query = clean_line(query)
        if not query:
            return
        self.recent = [query, *(q for q in self.recent if q != query)][:MAX_RECENT]
        self.save()

    def save_search(self, name: str, query: str) -> None:
        self.saved[clean_line(name)] = clean_line(query)
        self.save()

    def forget_search(self, name: str) -> None:
        if self.saved.pop(name, None) is not None:
            self.save()

    def save(self) -> None:
        """Write atomically (a temporary file renamed over the old one); errors are ignored."""
        path = self.path or history_path()
        data = {"recent": self.recent, "saved": self.saved}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(path.name + ".tmp")
            temporary.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
            os.replace(temporary, path)
        except OSError:
            pass
