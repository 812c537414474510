"""TagSidebar: the filters beside the list — All, Inbox, Untagged, Has code, Watched, New since last
visit, the user's tags and saved searches, each with a live count. Choosing one posts `FilterChosen` with the
query fragment it stands for (or the set of papers, for "New since last visit").

An OptionList is fine here: even a heavy user has tens or hundreds of tags, not thousands.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from papertui.index.query import tag_filter
from papertui.index.records import MIN_TAGGED
from papertui.library_related import suggested_query
from papertui.library_views import SidebarCounts
from papertui.tui.widgets.row_format import WATCH_MARK


@dataclass(frozen=True)
class SidebarEntry:
    key: str
    """Stable option id: "all", "unseen", "untagged", "code", "watched", "new", "tag:NAME", "suggested:NAME" or
    "saved:NAME"."""
    label: str
    query: str
    count: int | None
    """None: not counted (a ranking, not a set)."""
    quick: int | None = None
    """The number key that toggles this tag (its quick-tag slot)."""
    ids: frozenset[str] | None = None
    """The papers of an entry that is a set rather than a query ("new")."""


def sidebar_entries(counts: SidebarCounts, quick_tags: Sequence[str] = ()) -> list[SidebarEntry | None]:
    """The entries in display order; None marks a separator."""
    entries: list[SidebarEntry | None] = [
        SidebarEntry("all", "All", "", counts.papers),
        SidebarEntry("unseen", "Inbox (unseen)", "is:unseen", counts.unseen),
        SidebarEntry("untagged", "Untagged", "untagged", counts.untagged),
        SidebarEntry("code", "Has code", "has:code", counts.with_code),
    ]
    if counts.watch:
        entries.append(SidebarEntry("watched", f"{WATCH_MARK} Watched", "is:watched", len(counts.watched)))
    if counts.new is not None:
        entries.append(SidebarEntry("new", "New since last visit", "", len(counts.new), ids=frozenset(counts.new)))
    if counts.tags:
        entries.append(None)
        # A quick tag's number key toggles it, so show the number beside it.
        numbers = {tag.casefold(): i for i, tag in enumerate(quick_tags, 1) if tag}
        for name, n in counts.tags:
            entries.append(SidebarEntry(f"tag:{name}", f"#{name}", tag_filter(name), n, numbers.get(name.casefold())))
            if n >= MIN_TAGGED:  # fewer say too little about a tag to rank by
                entries.append(SidebarEntry(f"suggested:{name}", f"Suggested for {name}", suggested_query(name), None))
    if counts.saved:
        entries.append(None)
        entries += [SidebarEntry(f"saved:{name}", f"⌕ {name}", query, n) for name, query, n in counts.saved]
    return entries


def _prompt(entry: SidebarEntry, width: int) -> Text:
    count = "" if entry.count is None else f"{entry.count:,}"
    label_width = max(4, width - len(count) - 1)
    text = Text(no_wrap=True, overflow="ellipsis")
    label = Text(no_wrap=True, overflow="ellipsis")
    if entry.key.startswith("tag:"):
        label.append(f"{entry.quick} " if entry.quick else "  ", style="bold")
    if entry.key.startswith("suggested:"):
        label.append("  ↳ ", style="dim")
        label.append(entry.label, style="italic")
    else:
        label.append(entry.label)
    label.truncate(label_width, overflow="ellipsis", pad=True)
    text.append_text(label)
    text.append(" ")
    text.append(count, style="dim")
    return text


class TagSidebar(OptionList):
    """The filter list. `current` is the chosen entry (its key survives count refreshes)."""

    DEFAULT_CSS = """
    TagSidebar { width: 26; border: none; padding: 0; background: $panel; }
    """

    @dataclass
    class FilterChosen(Message):
        sidebar: TagSidebar
        key: str
        label: str
        query: str
        ids: frozenset[str] | None = None

        @property
        def control(self) -> TagSidebar:
            return self.sidebar

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.current = "all"
        self._entries: dict[str, SidebarEntry] = {}

    def show_counts(self, counts: SidebarCounts, quick_tags: Sequence[str] = ()) -> None:
        """Refill the list with fresh counts, keeping the highlighted entry where it was."""
        highlighted = self.highlighted_option.id if self.highlighted_option is not None else self.current
        width = max(10, (self.scrollable_content_region.width or 24) - 1)
        options: list[Option | None] = []
        self._entries = {}
        for entry in sidebar_entries(counts, quick_tags):
            if entry is None:
                options.append(None)
                continue
            self._entries[entry.key] = entry
            options.append(Option(_prompt(entry, width), id=entry.key))
        self.set_options(options)
        target = highlighted if highlighted in self._entries else "all"
        self.highlighted = self.get_option_index(target)

    def entry(self, key: str) -> SidebarEntry | None:
        return self._entries.get(key)

    def choose(self, key: str) -> None:
        """Select an entry by key as if the user picked it."""
        entry = self._entries.get(key)
        if entry is None:
            return
        self.current = key
        self.highlighted = self.get_option_index(key)
        self.post_message(self.FilterChosen(self, entry.key, entry.label, entry.query, entry.ids))

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.choose(event.option.id)
