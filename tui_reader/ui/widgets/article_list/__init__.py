"""The article list of the river layout: a virtual list of rows (see article_list.py)."""

from __future__ import annotations

from tui_reader.ui.widgets.article_list.article_list import ArticleList
from tui_reader.ui.widgets.article_list.look import NoLook, RowLook

__all__ = ["ArticleList", "NoLook", "RowLook"]
