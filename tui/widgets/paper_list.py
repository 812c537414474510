"""PaperList: the virtual list of papers (a ScrollView using the Line API).

Only the rows on screen are ever rendered, and rows are cached, so a list of 100,000 papers costs the same as a
list of 50. The widget holds the ids of the whole view; the rows' data (Hits) either come with the ids (search
results) or are read lazily for the rows around the viewport by a `loader` run in a thread worker (browsing).
The cursor is a non-repainting reactive: moving it refreshes just the two lines involved.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from textual import events, on, work
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from papertui.index.records import Hit
from papertui.tui.widgets.row_format import Columns, RowStyles, placeholder_row, render_row, row_styles

RowLoader = Callable[[Sequence[str]], list[Hit]]
SpanFinder = Callable[[str], list[tuple[int, int]]]


class PaperList(ScrollView, can_focus=True):
    """A keyboard-driven list of papers with a cursor and a multi-selection."""

    HELP_GROUP: ClassVar[str] = "In the paper list"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("up,k", "cursor_up", "Up", show=False, id="list.up"),
        Binding("g,home", "first", "First paper", show=False, id="list.first"),
        Binding("G,end", "last", "Last paper", show=False, id="list.last"),
        Binding("pagedown,ctrl+f", "page_down", "Page down", show=False, id="list.page_down"),
        Binding("pageup,ctrl+b", "page_up", "Page up", show=False, id="list.page_up"),
        Binding("space", "toggle_select", "Select", show=False, id="list.select"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "paper-list--cursor",
        "paper-list--cursor-blurred",
        "paper-list--match",
        "paper-list--code",
        "paper-list--tag",
        "paper-list--meta",
        "paper-list--unseen",
        "paper-list--kept",
        "paper-list--skipped",
        "paper-list--selected",
        "paper-list--watched",
        "paper-list--placeholder",
        "paper-list--empty",
    }

    DEFAULT_CSS = """
    PaperList {
        background: $surface;
        scrollbar-gutter: stable;
        overflow-x: hidden;
        overflow-y: auto;
        & > .paper-list--cursor { background: $block-cursor-background; color: $block-cursor-foreground;
                                  text-style: $block-cursor-text-style; }
        & > .paper-list--cursor-blurred { background: $block-cursor-blurred-background; }
        & > .paper-list--match { text-style: bold underline; color: $text-warning; }
        & > .paper-list--code { color: $text-success; }
        & > .paper-list--tag { color: $text-secondary; }
        & > .paper-list--meta { color: $text-muted; }
        & > .paper-list--unseen { color: $text-accent; }
        & > .paper-list--kept { color: $text-success; }
        & > .paper-list--skipped { color: $text-muted; }
        & > .paper-list--selected { color: $text-warning; text-style: bold; }
        & > .paper-list--watched { color: $accent; text-style: bold; }
        & > .paper-list--placeholder { color: $text-muted; }
        & > .paper-list--empty { color: $text-muted; text-style: italic; }
    }
    """

    cursor: reactive[int] = reactive(0, repaint=False, init=False)
    """Index of the highlighted row in the view."""

    @dataclass
    class CursorMoved(Message):
        """The highlighted paper changed (bursts collapse: only the latest matters to the abstract pane)."""

        paper_list: PaperList
        paper_id: str | None
        index: int

        @property
        def control(self) -> PaperList:
            return self.paper_list

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, PaperList.CursorMoved) and message.paper_list is self.paper_list

    @dataclass
    class Opened(Message):
        """`enter` on a paper."""

        paper_list: PaperList
        paper_id: str

        @property
        def control(self) -> PaperList:
            return self.paper_list

    @dataclass
    class SelectionChanged(Message):
        paper_list: PaperList
        count: int

        @property
        def control(self) -> PaperList:
            return self.paper_list

    @dataclass
    class _RowsLoaded(Message):
        generation: int
        hits: list[Hit]

    def __init__(
        self,
        loader: RowLoader | None = None,
        *,
        empty_text: str = "No papers.",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.loader = loader
        self.empty_text = empty_text
        self.span_finder: SpanFinder | None = None
        self._ids: Sequence[str] = ()
        self._hits: dict[str, Hit] = {}
        self._pending: set[str] = set()
        self._generation = 0
        self._selected: set[str] = set()
        self._strips: LRUCache[tuple, Strip] = LRUCache(maxsize=512)
        self._styles: RowStyles | None = None
        self._columns = Columns(date=False, votes=False)
        self.watched: frozenset[str] = frozenset()
        """Papers the watch list matches: their rows are marked."""

    # -- data -------------------------------------------------------------------------------------------------
    @property
    def row_count(self) -> int:
        return len(self._ids)

    @property
    def ids(self) -> Sequence[str]:
        return self._ids

    @property
    def current_id(self) -> str | None:
        return self._ids[self.cursor] if 0 <= self.cursor < len(self._ids) else None

    @property
    def current_hit(self) -> Hit | None:
        pid = self.current_id
        return self._hits.get(pid) if pid else None

    def hit(self, paper_id: str) -> Hit | None:
        return self._hits.get(paper_id)

    @property
    def selected(self) -> frozenset[str]:
        return frozenset(self._selected)

    def set_rows(
        self,
        ids: Sequence[str],
        hits: Iterable[Hit] = (),
        *,
        span_finder: SpanFinder | None = None,
        keep: str | None = None,
    ) -> None:
        """Show a new view. `hits` may cover all rows (search) or none/some (browse: the rest load lazily).

        The cursor goes to the paper `keep` when it is in the view, else to the top.
        """
        self._generation += 1
        self._ids = ids
        self._hits = {h.id: h for h in hits}
        self._columns = Columns.for_hits(list(self._hits.values()))
        self._pending.clear()
        self._strips.clear()
        self.span_finder = span_finder
        self.virtual_size = Size(self.size.width, len(ids))
        height = self.scrollable_content_region.height
        # The kept paper stays where it was on screen (a refresh after tagging must not jump the list).
        offset = self.cursor - self.scroll_offset.y
        if not 0 <= offset < height:
            offset = height // 2
        index = _find(ids, keep, self.cursor) if keep is not None else 0
        self.set_reactive(PaperList.cursor, index)
        self.scroll_to(y=max(0, index - offset) if keep is not None else 0, animate=False, immediate=True)
        self.refresh()
        self._announce()

    def set_watched(self, ids: frozenset[str]) -> None:
        if ids != self.watched:
            self.watched = ids
            self._strips.clear()
            self.refresh()

    def select_all(self) -> None:
        self._selected.update(self._ids)
        self._strips.clear()
        self.refresh()
        self.post_message(self.SelectionChanged(self, len(self._selected)))

    def clear_selection(self) -> None:
        if self._selected:
            self._selected.clear()
            self._strips.clear()
            self.refresh()
            self.post_message(self.SelectionChanged(self, 0))

    # -- cursor -----------------------------------------------------------------------------------------------
    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self._ids) - 1)) if self._ids else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_line(old)
        self.refresh_line(new)
        self._scroll_cursor_into_view()
        self._announce()

    def _announce(self) -> None:
        self.post_message(self.CursorMoved(self, self.current_id, self.cursor))

    def _scroll_cursor_into_view(self) -> None:
        height = self.scrollable_content_region.height
        top = self.scroll_offset.y
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif height and self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def move_to(self, paper_id: str) -> bool:
        index = _find(self._ids, paper_id, self.cursor)
        if index < len(self._ids) and self._ids[index] == paper_id:
            self.cursor = index
            return True
        return False

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self._ids) - 1

    def action_page_down(self) -> None:
        self.cursor += max(1, self.scrollable_content_region.height - 1)

    def action_page_up(self) -> None:
        self.cursor -= max(1, self.scrollable_content_region.height - 1)

    def action_toggle_select(self) -> None:
        pid = self.current_id
        if pid is None:
            return
        self._selected.symmetric_difference_update({pid})
        self.refresh_line(self.cursor)
        self.post_message(self.SelectionChanged(self, len(self._selected)))
        self.cursor += 1

    def key_enter(self, event: events.Key) -> None:
        pid = self.current_id
        if pid is not None:
            event.stop()
            self.post_message(self.Opened(self, pid))

    def on_click(self, event: events.Click) -> None:
        index = self.scroll_offset.y + event.y
        if 0 <= index < len(self._ids):
            if index == self.cursor and event.chain >= 2:
                self.post_message(self.Opened(self, self._ids[index]))
            self.cursor = index

    # -- rendering --------------------------------------------------------------------------------------------
    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None
        self._strips.clear()

    def on_focus(self) -> None:
        self._strips.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._strips.clear()
        self.refresh()

    def on_resize(self) -> None:
        self._strips.clear()
        self.virtual_size = Size(self.size.width, len(self._ids))

    def _row_styles(self) -> RowStyles:
        if self._styles is None:
            self._styles = row_styles(self.rich_style, self.get_component_rich_style)
        return self._styles

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if not self._ids:
            if y == 1:
                style = self.get_component_rich_style("paper-list--empty")
                return Strip([Segment(f"  {self.empty_text}"[:width], style)]).extend_cell_length(
                    width, self.rich_style
                )
            return Strip.blank(width, self.rich_style)
        if index >= len(self._ids):
            return Strip.blank(width, self.rich_style)
        pid = self._ids[index]
        hit = self._hits.get(pid)
        is_cursor = index == self.cursor
        selected = pid in self._selected
        watched = pid in self.watched
        key = (pid, width, is_cursor, selected, self.has_focus, hit is None, watched)
        strip = self._strips.get(key)
        if strip is None:
            styles = self._row_styles()
            if hit is None:
                self._request_rows(index)
                text = placeholder_row(width, styles)
            else:
                spans = self.span_finder(hit.title) if self.span_finder else ()
                text = render_row(
                    hit, width, styles, selected=selected, spans=spans, columns=self._columns, watched=watched
                )
            if is_cursor:
                cursor_class = "paper-list--cursor" if self.has_focus else "paper-list--cursor-blurred"
                text.stylize(self.get_component_rich_style(cursor_class))
            strip = Strip(text.render(self.app.console), width).crop_extend(0, width, self.rich_style)
            self._strips[key] = strip
        return strip

    # -- lazy rows --------------------------------------------------------------------------------------------
    def _request_rows(self, index: int) -> None:
        """Ask for the rows around `index` (a page either side of the viewport) that are not known yet."""
        if self.loader is None:
            return
        page = max(self.scrollable_content_region.height, 10)
        top = self.scroll_offset.y
        start, end = max(0, min(index, top) - page), min(len(self._ids), max(index, top + page) + page)
        wanted = [i for i in self._ids[start:end] if i not in self._hits and i not in self._pending]
        if wanted:
            self._pending.update(wanted)
            self._load_rows(self._generation, wanted)

    @work(thread=True, group="paper-list-rows")
    def _load_rows(self, generation: int, ids: list[str]) -> None:
        assert self.loader is not None
        try:
            hits = self.loader(ids)
        except Exception:  # a failed read (library closed under us) just leaves the placeholders
            return
        self.post_message(self._RowsLoaded(generation, hits))

    @on(_RowsLoaded)
    def _rows_loaded(self, message: _RowsLoaded) -> None:
        message.stop()
        if message.generation != self._generation:
            return
        for h in message.hits:
            self._hits[h.id] = h
            self._pending.discard(h.id)
        wider = Columns.for_hits(message.hits)
        if (wider.date and not self._columns.date) or (wider.votes and not self._columns.votes):
            self._columns = Columns(self._columns.date or wider.date, self._columns.votes or wider.votes)
        self._strips.clear()
        self.refresh()
        if self.current_id in {h.id for h in message.hits}:
            self._announce()


def _find(ids: Sequence[str], paper_id: str, hint: int) -> int:
    """Index of `paper_id` in ids, looking near `hint` first (the usual case after a re-sort is far, though)."""
    if 0 <= hint < len(ids) and ids[hint] == paper_id:
        return hint
    try:
        return list(ids).index(paper_id)
    except ValueError:
        return 0
