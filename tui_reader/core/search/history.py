"""Recent and saved searches, kept in a small JSON file in the user data folder.

Recent searches are what was typed before an article was opened from the results, or left with
results shown, or saved; newest first, without repeats. Saved searches have a name and are meant
to appear as virtual categories. A file that cannot be read is treated as empty, and set aside
(`search-history.unreadable-STAMP.json`) when the next change is written, not written over: the
searches saved in it can be copied back by hand.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
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
    damaged: bool = False  # the file holds no search history: set aside on the next save
    unreadable: str = ""  # why the file could not be read (it may be whole): never written over

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
        except (FileNotFoundError, NotADirectoryError):  # no file there
            return cls(path=path)
        except OSError as error:  # (a read that failed says nothing of what the file holds)
            return cls(path=path, unreadable=error.strerror or str(error))
        except (ValueError, TypeError, AttributeError):
            return cls(path=path, damaged=True)
        return cls([q for q in recent if q][:MAX_RECENT], saved, path)

    def remember(self, query: str) -> None:
        query = clean_line(query)
        if not query:
            return
        self.recent = [query, *(q for q in self.recent if q != query)][:MAX_RECENT]
        self.save()

    def save_search(self, name: str, query: str) -> str:
        """Save `query` as `name`: "" when written, else why not (see `save`)."""
        self.saved[clean_line(name)] = clean_line(query)
        return self.save()

    def forget_search(self, name: str) -> str:
        if self.saved.pop(name, None) is None:
            return ""
        return self.save()

    def save(self) -> str:
        """Write atomically (a temporary file renamed over the old one): "" when written, else
        why not; then the file is left as it was, and no temporary file is left beside it. A
        file that is a symbolic link (to a synced folder) stays one: the file it points to is
        changed."""
        path = self.path or history_path()
        if self.unreadable:
            return f"cannot read {path.name} ({self.unreadable}): left as it is"
        if path.is_symlink():
            if self.damaged:  # a link to some other file: not ours to set aside
                return f"{path.name} links to a file that is not a search history: left as it is"
            path = Path(os.path.realpath(path))
        data = {"recent": self.recent, "saved": self.saved}
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
            if self.damaged and path.exists():
                stamp = f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{time.monotonic_ns()}"
                os.replace(path, path.with_name(f"{path.stem}.unreadable-{stamp}{path.suffix}"))
            os.replace(temporary, path)
        except OSError as error:
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)
            return f"cannot write {path.name}: {error.strerror or error}"
        self.damaged = False
        return ""
