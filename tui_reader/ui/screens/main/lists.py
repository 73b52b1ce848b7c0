"""The main screen's tree and article list kept in step with the model and the reading state:
showing the tree, marks and tags changed, the status line's summary, the tree rebuilt without
the articles the rules hide, and the stories (copies of one story count once).

Plain functions of the screen: the state they change is the screen's model and its widgets.
Reading state goes to the `StateStore` first (on disk when it returns), then to the model and
the tree, so what the user sees is always saved.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.worker import get_current_worker

from tui_reader.core.library.api import Snapshot
from tui_reader.core.sanitize import visible_name
from tui_reader.ui.messages import RulesApplied, StateRefreshed, StoriesLoaded
from tui_reader.ui.model.category_tree import CategoryTree
from tui_reader.ui.model.saved_store import saved_queries
from tui_reader.ui.model.stories import Stories
from tui_reader.ui.screens.river import UNREAD_LIST
from tui_reader.ui.widgets.sidebar.sidebar import SidebarContent
from tui_reader.ui.widgets.status import StatusLine, counted

if TYPE_CHECKING:
    from tui_reader.ui.screens.main.screen import MainScreen
    from tui_reader.ui.workers.rules import RulesEvaluated


def show_tree(screen: MainScreen) -> None:
    bookmarks = screen.state.bookmarks() if screen.state is not None else []
    problems = len(screen.snapshot.problems) if screen.snapshot else 0
    saved = saved_queries()
    content = SidebarContent(screen.model, bookmarks, problems, screen.unread_only, saved,
                             tag_ids(screen))  # fmt: skip
    screen.sidebar.show(content)
    update_summary(screen)
    screen.refresh_bindings()


def show_list(screen: MainScreen) -> None:
    """Build the list shown again from the new model; the first list is All unread."""
    river = screen.river
    if not river.active or not screen.model.complete:
        return
    if river.spec is None:
        river.show(UNREAD_LIST)
        if screen.snapshot is not None:  # the saved searches' counts, for their entries
            screen.saved_runs.count_all(screen.snapshot)
    else:
        river.reload()


def tag_ids(screen: MainScreen) -> dict[str, set[str]]:
    """The ids under each personal tag, for the tree's Tags entry (those a rule hides left
    out, as everywhere in the tree)."""
    state, hidden = screen.state, screen.reader_app.rule_state.hidden
    if state is None:
        return {}
    return {name: state.tagged(name) - hidden for name in state.all_tags()}


def marks_changed(screen: MainScreen, article_ids: list[str]) -> None:
    """Marks, bookmarks or tags of these articles changed in the store (a change of a whole
    list, an undo): show them as the store has them now."""
    state = screen.state
    if state is None:
        return
    now_read = [i for i in article_ids if state.is_read(i)]
    now_unread = [i for i in article_ids if not state.is_read(i)]
    categories = screen.model.set_read(now_read, True) | screen.model.set_read(now_unread, False)
    screen.sidebar.set_bookmarks(state.bookmarks())
    screen.sidebar.tags.show_tags(tag_ids(screen))
    screen.sidebar.update_marks(article_ids, categories)
    repaint_rows(screen, article_ids)
    show_user_tags(screen)
    update_summary(screen)
    screen.saved_runs.state_changed()
    screen.refresh_bindings()


def repaint_rows(screen: MainScreen, article_ids: Iterable[str]) -> None:
    """Repaint the list's rows of these articles: their marks changed."""
    if screen.river.active:
        screen.river.listing.repaint_rows(article_ids)
        screen.river.count_saved()


def show_user_tags(screen: MainScreen) -> None:
    """The open article's personal tags, above its title."""
    article = screen.reader.article
    tags = screen.state.tags_of(article.id) if article and screen.state is not None else ()
    screen.reader.show_user_tags(tags)


def set_read(screen: MainScreen, article_ids: list[str], read: bool) -> None:
    """Save, then show: the state store first, then counts and marks in the tree. With
    `[stories] mark_copies_read`, the copies of each article's story change with it."""
    if screen.state is None:
        return
    if screen.reader_app.config.mark_copies_read:
        article_ids = screen.stories.with_copies(article_ids)
    screen.state.set_read(article_ids, read)
    screen.say_warnings(screen.state.take_warnings())  # the disk failing, say
    categories = screen.model.set_read(article_ids, read)
    screen.sidebar.update_marks(article_ids, categories)
    repaint_rows(screen, article_ids)
    screen.sidebar.tags.refresh_counts()
    update_summary(screen)
    screen.saved_runs.state_changed()


def state_refreshed(screen: MainScreen, message: StateRefreshed) -> None:
    """The store's read marks, bookmarks and tags, changed outside this screen, shown."""
    ids, categories = screen.model.sync_read(message.read_ids)
    screen.sidebar.update_marks(ids, categories)
    repaint_rows(screen, ids)
    if screen.state is not None:
        screen.sidebar.set_bookmarks(screen.state.bookmarks())
        screen.sidebar.update_marks(screen.sidebar.tags.show_tags(tag_ids(screen)), ())
        show_user_tags(screen)
    update_summary(screen)
    screen.saved_runs.state_changed()


def update_summary(screen: MainScreen) -> None:
    model = screen.model
    root = screen.reader_app.library.root
    parts = [visible_name(root.name or str(root))]
    unread = f"{model.unread:,} unread"
    if screen.stories.groups:  # copies of one story count once
        extra = screen.stories.extra_unread(model.is_read, model.articles.__contains__)
        unread = counted(model.unread - extra, "unread story", "unread stories")
    parts.append(f"{counted(model.total, 'article')}, {unread}")
    if screen.unread_only:
        parts.append("unread only (U)")
    rules = screen.reader_app.rule_state
    if rules.show_hidden and rules.hiding:
        parts.append(f"showing {counted(len(rules.hiding), 'hidden article')} (H)")
    elif rules.hidden:
        parts.append(f"{len(rules.hidden):,} hidden (H)")
    if screen.snapshot and screen.snapshot.problems:
        parts.append(f"{counted(len(screen.snapshot.problems), 'problem')} (P)")
    screen.query_one(StatusLine).set_summary(" · ".join(parts))


def stories_loaded(screen: MainScreen, message: StoriesLoaded) -> None:
    before = screen.stories.groups
    screen.stories = Stories(message.story_map)
    screen.sidebar.update_marks([], screen.model.use_stories(screen.stories.story_of()))
    update_summary(screen)
    if screen.stories.groups != before:
        screen.river.reload()  # the list shows each story once


# -- rules ---------------------------------------------------------------------------------------


def rules_evaluated(screen: MainScreen, message: RulesEvaluated) -> None:
    """The rules' views and acts are in: say what the acts did and what is broken (once),
    rebuild the tree when the hidden articles changed, repaint the highlighted ones."""
    rules = screen.reader_app.rule_state
    highlighted = rules.highlighted
    first = not rules.evaluated
    rules.rules, rules.evaluated = message.rules, True
    rules.hiding, rules.highlighted = message.views.hidden, message.views.highlighted
    rules.matched = dict(message.views.matched)
    if first:
        for rule in message.rules:
            if rule.broken:
                text = f"Rule not used ({rule.label}): {rule.error}"
                screen.notify(visible_name(text), severity="warning", timeout=15, markup=False)
    if message.problem:
        screen.notify(visible_name(message.problem), severity="warning", markup=False)
    done = [acted for acted in message.acted if acted.changed]
    if done and screen.state is not None:
        said = ", ".join(f"{a.rule.action} {counted(len(a.changed), 'article')}" for a in done)
        screen.notify(visible_name(f"Rules: {said}"), timeout=5, markup=False)
        screen.post_message(StateRefreshed(screen.state.read_ids()))
    if screen.model.complete and screen.model.hidden != rules.hidden:
        screen.rebuild_tree()
    elif highlighted != rules.highlighted:
        screen.sidebar.refresh()


def tree_without_hidden(screen: MainScreen, snapshot: Snapshot, hidden: frozenset[str]) -> None:
    """The tree of `snapshot` without the `hidden` articles, built in the screen's "rules-tree"
    worker and posted back as `RulesApplied`."""
    worker = get_current_worker()
    read = screen.state.read_ids() if screen.state is not None else set()
    model = CategoryTree(snapshot.articles, read, hidden, snapshot.by_id)
    if not worker.is_cancelled:
        screen.post_message(RulesApplied(snapshot, model))
