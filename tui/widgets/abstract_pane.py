"""AbstractPane: the reading pane for one paper — title, meta line, what of the watch list it matches, abstract
with the query's terms (and watched keywords) highlighted, numbered links (GitHub repositories first), tags and
note.

`load(pid)` reads the paper and its record in the pane's own worker and shows it; `show` draws a paper the
caller has read already (the main screen does, on the UI thread, before an action on the paper under the cursor).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.markdown import Markdown
from rich.style import Style
from rich.text import Text
from textual import work
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static
from textual.worker import get_current_worker

from papertui.errors import PapertuiError
from papertui.index.highlight import highlight_spans
from papertui.library_watch import WatchMatch, entries_matching, highlight_terms, matched_authors
from papertui.model import Paper, UserRecord
from papertui.store.watchlist import WatchEntry
from papertui.tui.app_context import papertui_app
from papertui.tui.widgets.paper_meta import metadata_lines
from papertui.tui.widgets.row_format import CODE_MARK, WATCH_MARK, format_upvotes


def paper_links(paper: Paper) -> list[str]:
    """Every link of a paper, GitHub repositories first, without duplicates (the numbering the user sees)."""
    out: list[str] = []
    for url in (*paper.github, *paper.links):
        if url not in out:
            out.append(url)
    return out


def meta_line(paper: Paper, record: UserRecord) -> Text:
    parts: list[str] = []
    if paper.display_date:
        parts.append(paper.display_date)
    if paper.upvotes is not None:
        parts.append(format_upvotes(paper.upvotes))
    if paper.authors_count is not None:
        parts.append(f"{paper.authors_count} author{'s' if paper.authors_count != 1 else ''}")
    parts.append(f"id {paper.id}")
    parts.append(record.triage)
    if paper.has_code:
        parts.append(f"{CODE_MARK} code")
    return Text(" · ".join(parts), style="dim")


SHOWN_CHARS = 20_000
"""The most of one text (abstract, note) the pane lays out: a real abstract is ~2,000 characters, and a pasted
20 MB one kept a core busy for minutes (highlighting, wrapping). The rest is one `papertui show` away."""
SHOWN_TITLE_CHARS = 1_000


def bounded(text: str, limit: int = SHOWN_CHARS) -> tuple[str, str | None]:
    """`text` cut at `limit` characters (at a space when one is near), and a notice of what was left out."""
    if len(text) <= limit:
        return text, None
    cut = text.rfind(" ", limit - 200, limit)
    cut = cut if cut > 0 else limit
    return text[:cut] + " …", f"({len(text) - cut:,} more characters not shown; papertui show ID prints them all)"


def highlighted(
    text: str,
    terms: Sequence[str],
    style: str | Style = "bold reverse",
    watched: Sequence[str] = (),
    watch_style: str | Style = "",
) -> Text:
    out = Text(text)
    for start, end in highlight_spans(text, watched) if watched else ():
        out.stylize(watch_style, start, end)
    for start, end in highlight_spans(text, terms) if terms else ():
        out.stylize(style, start, end)
    return out


def paper_parts(
    paper: Paper,
    record: UserRecord,
    terms: Sequence[str],
    match_style: str,
    watched: Sequence[WatchEntry] = (),
    watch_style: str | Style = "bold underline",
    *,
    all_authors: bool = False,
) -> tuple[Text, list[RenderableType]]:
    """The highlighted abstract, and everything the pane shows for one paper (title, authors and ids, meta,
    abstract, ...); `watched` are the watch list's entries that match it; `all_authors` lists every author
    instead of the first few."""
    words = highlight_terms(watched)
    title = highlighted(bounded(paper.title, SHOWN_TITLE_CHARS)[0], terms, match_style, words, watch_style)
    title.stylize("bold", 0, len(title))
    shown, left_out = bounded(paper.abstract or "(no abstract)")
    abstract = highlighted(shown, terms, match_style, words, watch_style)
    parts: list[RenderableType] = [title, *metadata_lines(paper, all_authors=all_authors), meta_line(paper, record)]
    if watched:
        parts.append(watch_line(paper, watched, watch_style))
    parts += [Text(), abstract]
    if left_out:
        parts.append(Text(left_out.replace("ID", paper.id), style="dim italic"))
    links = paper_links(paper)
    if links:
        parts.append(Text())
        for n, url in enumerate(links, 1):
            line = Text(f"[{n}] ", style="bold")
            line.append(url, style=f"link {url}")
            parts.append(line)
    parts.append(Text())
    tags = Text("Tags: ", style="bold")
    tags.append(" ".join(f"#{t}" for t in record.tags) if record.tags else "none  (t adds one)")
    parts.append(tags)
    if record.note.strip():
        parts.append(Text("Note:", style="bold"))
        note, left_out = bounded(record.note)
        parts.append(Markdown(note))
        if left_out:
            parts.append(Text(left_out.replace("ID", paper.id), style="dim italic"))
    else:
        parts.append(Text("Note: none  (n writes one)", style="dim"))
    return abstract, parts


def watch_line(paper: Paper, watched: Sequence[WatchEntry], style: str | Style) -> Text:
    """ "◆ Watched: Yann LeCun · state space model": the author names and keywords it was found by."""
    line = Text(f"{WATCH_MARK} Watched: ", style="bold")
    for n, entry in enumerate(watched):
        if n:
            line.append(" · ")
        names = matched_authors(paper.authors, entry) if entry.kind == "author" else []
        line.append(", ".join(names) or entry.value, style=style)
    return line


def paper_renderable(paper: Paper, record: UserRecord, terms: Sequence[str], match_style: str) -> RenderableType:
    """Everything the pane shows for one paper, as one Rich renderable."""
    return Group(*paper_parts(paper, record, terms, match_style)[1])


TITLE_IDLE = "Abstract"
TITLE_READING = "Abstract · reading: j/k scroll, keys act on this paper · esc back to the list"
"""The pane's border title: with focus it says so, since j/k then scroll here instead of moving the list."""


class AbstractPane(VerticalScroll, can_focus=True):
    """Scrollable reading pane; `escape` hands focus back to the list.

    A paper read here — the pane has focus (the user opened it with enter) and keeps showing that paper for
    `seen_after_s` — is reported with ReadLongEnough, and the screen marks it seen. Only gaining focus starts the
    count, and a different paper stops it: when the view changes under the reader (the paper left the inbox
    list) nothing new is counted, so one opening marks at most one paper and the inbox cannot drain by itself.
    """

    @dataclass
    class ReadLongEnough(Message):
        pane: AbstractPane
        paper_id: str

        @property
        def control(self) -> AbstractPane:
            return self.pane

    @dataclass
    class Loaded(Message, bubble=False):
        paper: Paper
        record: UserRecord
        terms: tuple[str, ...]

    HELP_GROUP: ClassVar[str] = "In the reading pane"
    COMPONENT_CLASSES: ClassVar[set[str]] = {"abstract-pane--watched"}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll_down", "Scroll down", show=False, id="pane.down"),
        Binding("k,up", "scroll_up", "Scroll up", show=False, id="pane.up"),
        Binding("space", "page_down", "Page down", show=False, id="pane.page_down"),
        Binding(
            "a",
            "toggle_authors",
            "All authors",
            show=False,
            tooltip="List every author of the paper, or only the first six again",
            id="pane.authors",
        ),
    ]

    DEFAULT_CSS = """
    AbstractPane { padding: 0 1; background: $surface; }
    AbstractPane > #pane-body { width: 1fr; height: auto; }
    AbstractPane > .abstract-pane--watched { color: $text-accent; text-style: bold underline; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.paper_id: str | None = None
        self.seen_after_s = 0.0
        """Seconds a paper must be read here to count as seen; 0: never (the app's setting)."""
        self._seen_timer: Timer | None = None
        self.abstract_text = Text()
        """The abstract as shown, with its highlight spans (what the user's terms lit up)."""
        self._wanted: str | None = None
        """The paper asked for last (a slower read of an earlier one is not shown)."""
        self.all_authors = False
        """Every author is listed, not the first six (`a` toggles; it stays so for the next papers)."""
        self._shown: tuple[Paper, UserRecord, tuple[str, ...]] | None = None
        self.watching: tuple[WatchMatch, ...] = ()
        """The watch list's entries with their papers (the screen sets it with the sidebar's counts)."""

    def compose(self):
        yield Static(Text("Select a paper to read its abstract.", style="dim"), id="pane-body")

    def on_mount(self) -> None:
        self.border_title = TITLE_IDLE

    def on_focus(self) -> None:
        self.border_title = TITLE_READING
        self._stop_seen_count()
        if self.seen_after_s > 0 and self.paper_id is not None:
            pid = self.paper_id
            self._seen_timer = self.set_timer(self.seen_after_s, lambda: self._read_long_enough(pid))

    def on_blur(self) -> None:
        self.border_title = TITLE_IDLE
        self._stop_seen_count()

    def _stop_seen_count(self) -> None:
        if self._seen_timer is not None:
            self._seen_timer.stop()
            self._seen_timer = None

    def _read_long_enough(self, pid: str) -> None:
        self._seen_timer = None
        if self.paper_id == pid and self.has_focus:
            self.post_message(self.ReadLongEnough(self, pid))

    def load(self, pid: str, terms: Sequence[str] = ()) -> None:
        """Read the paper in a worker and show it, unless another paper was asked for meanwhile."""
        self._wanted = pid
        self._load_worker(pid, tuple(terms))

    @work(thread=True, exclusive=True, group="pane")
    def _load_worker(self, pid: str, terms: tuple[str, ...]) -> None:
        library = papertui_app(self).library
        try:
            paper, record = library.paper(pid), library.record(pid)
        except PapertuiError:
            return  # gone since the list was read: the next view refresh drops it
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(paper, record, terms))

    def on_abstract_pane_loaded(self, message: Loaded) -> None:
        if message.paper.id == self._wanted:
            self.show(message.paper, message.record, message.terms)

    def show(self, paper: Paper, record: UserRecord, terms: Sequence[str] = ()) -> None:
        self._wanted = paper.id
        same = paper.id == self.paper_id
        if not same:
            self._stop_seen_count()
        self.paper_id = paper.id
        self._shown = (paper, record, tuple(terms))
        watched = entries_matching(self.watching, paper.id)
        style = self.get_component_rich_style("abstract-pane--watched", partial=True)
        self.abstract_text, parts = paper_parts(
            paper, record, terms, "bold reverse", watched, style, all_authors=self.all_authors
        )
        self.query_one("#pane-body", Static).update(Group(*parts))
        if not same:
            self.scroll_home(animate=False)

    def action_toggle_authors(self) -> None:
        self.all_authors = not self.all_authors
        if self._shown is not None:
            self.show(*self._shown)

    def show_nothing(self, message: str) -> None:
        self._wanted = None
        self._stop_seen_count()
        self.paper_id = None
        self._shown = None
        self.query_one("#pane-body", Static).update(Text(message, style="dim"))
