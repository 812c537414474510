"""App-wide messages: what workers report back to the screens (widget messages live in their widgets).

Workers never touch widgets; they post one of these to the widget or screen that started them, and its handler
(on the UI thread) updates what is shown — after checking that the result is not stale. A message only its
sender handles does not bubble; ChangeDone, ImportDone, FetchProgress, FetchDone, SearchSaved and QuickTagsPinned
bubble on to the screen (it reloads what it shows) and ActionFailed to the app (it notifies).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from papertui.index.records import Hit
from papertui.library import ImportReport
from papertui.library_views import SidebarCounts
from papertui.model import Paper, UserRecord
from papertui.store.userdata import Change

if TYPE_CHECKING:
    from papertui.live_fetch import FetchReport  # only when fetching: it loads the HTTP client


@dataclass(frozen=True)
class ViewRequest:
    """What the list should show: a query (scope and typed text combined) in a sort order."""

    query: str
    sort: str
    typing: bool = False
    keep: str | None = None
    """Paper to keep the cursor on (None: top row)."""
    limit: int = 0
    within: frozenset[str] | None = None
    """Only these papers (a sidebar entry that is a set of papers, not a query: "New since last visit")."""


@dataclass
class ViewReady(Message):
    request: ViewRequest
    ids: list[str]
    hits: list[Hit]
    terms: tuple[str, ...]
    total: int
    """Matches (or every paper when browsing)."""
    library_size: int
    hint: str | None = None
    partial: bool = False
    missing: str | None = None
    """How many papers have no value for the sort (listed last), when some have none."""
    estimate: bool = False
    """`total` is an estimate (typing mode or a search cut short): shown as "about N"."""
    notice: str | None = None
    """How the search was done, when the user should know (a typed word standing for its commonest completions)."""


@dataclass
class ViewBusy(Message):
    """A search has been running for a while: the status line says "searching…"."""


@dataclass
class ViewFailed(Message):
    request: ViewRequest
    message: str


@dataclass
class PaperLoaded(Message):
    paper: Paper
    record: UserRecord


@dataclass
class ChangeDone(Message):
    """A write (tag, note, triage, undo...) reached the disk. `change` is None for "nothing to undo/redo"."""

    change: Change | None
    verb: str
    """What the user did, for the notification: "tag", "untag", "note", "triage", "undo", "redo"..."""


@dataclass
class ActionFailed(Message):
    """A worker failed with a user-facing message (a PapertuiError); the app shows it as a notification."""

    message: str


@dataclass
class CountsReady(Message):
    counts: SidebarCounts
    quick_tags: tuple[str, ...] = ()
    """The tag on key 1…9 ("" for a free key)."""


@dataclass
class QuickTagsPinned(Message):
    quick_tags: tuple[str, ...]
    number: int
    tag: str


@dataclass
class CopyDone(Message, bubble=False):
    text: str
    ok: bool
    error: str | None = None


@dataclass
class ImportDone(Message):
    """One or more sources were imported (the demo library is several files)."""

    reports: list[ImportReport]


@dataclass
class FetchProgress(Message):
    """A live fetch moved on: `done` of `total` requests (days, pages) answered; the status line says it."""

    site: str
    done: int
    total: int


@dataclass
class FetchDone(Message):
    """A live fetch ended: `result` holds what was imported (and why it stopped early, if it did); `error` is
    set instead when nothing could be fetched at all. Bubbles on to the screen, which reloads."""

    site: str
    result: FetchReport | None
    error: str | None = None


@dataclass
class ExportDone(Message, bubble=False):
    count: int
    path: str


@dataclass
class IndexProgress(Message):
    done: int
    total: int


@dataclass
class IndexReady(Message):
    message: str | None
    failed: bool = False
    """The index could not be opened or rebuilt: `message` says why, searching is off until it is fixed."""


@dataclass
class LibraryChanged(Message):
    """Another process changed the library (an import or edit from the CLI): the screen reads it again."""


@dataclass
class NoteMerged(Message, bubble=False):
    """A note save met another edit of the same note: `note` is what is stored now (both texts)."""

    paper_id: str
    note: str


@dataclass
class NoteReady(Message, bubble=False):
    """The note of a paper was read: open the editor on it."""

    paper_id: str
    title: str
    note: str


@dataclass
class LinksReady(Message, bubble=False):
    """A paper was read for a link action: `purpose` is "copy", "copy-markdown" or "open"."""

    paper: Paper
    purpose: str


@dataclass
class OpenDone(Message, bubble=False):
    url: str
    ok: bool
    error: str | None = None


@dataclass
class TagsReady(Message, bubble=False):
    """The tags on the target papers, to choose one to remove."""

    ids: list[str]
    tags: list[str]


@dataclass
class SearchSaved(Message):
    """A saved search was stored (or deleted, when `query` is empty)."""

    name: str
    query: str


@dataclass
class RevsRead(Message, bubble=False):
    """The library's (catalog, user data) revisions, read to notice changes made by another process."""

    revs: tuple[int, int]
