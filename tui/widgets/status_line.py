"""StatusLine: one line under the list — "N of M papers", the filter, the sort, the selection, and any
gentle hint about the query."""

from __future__ import annotations

from dataclasses import dataclass, replace

from rich.text import Text
from textual.widgets import Static


@dataclass(frozen=True)
class Status:
    shown: int = 0
    """Papers in the view (all matches, or the whole library)."""
    total: int = 0
    """Papers in the library."""
    loaded: int | None = None
    """How many of the matches the list holds, when fewer than `shown` (big result sets)."""
    sort: str = "date"
    scope: str = ""
    """The sidebar filter's label ("" for All)."""
    selected: int = 0
    missing: str | None = None
    """"412 of 500 have no date: listed last" when sorting by something many papers lack."""
    about: bool = False
    """`shown` is an estimate (the typed word's total was sampled, or the search was cut short)."""
    notice: str | None = None
    """How the search was done, e.g. a typed word standing for its commonest completions."""
    hint: str | None = None
    busy: bool = False
    activity: str | None = None
    """Work under way that outlives a view (a live fetch): kept when a new view replaces the hint."""


def about(n: int) -> str:
    """An estimate said plainly and without false precision: "about 4,900"."""
    if n < 100:
        return f"about {n:,}"
    digits = len(str(n)) - 2
    return f"about {round(n, -digits):,}"


def status_text(s: Status) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    shown = about(s.shown) if s.about else f"{s.shown:,}"
    text.append(f"{shown} of {s.total:,} papers", style="bold")
    if s.loaded is not None and s.loaded < s.shown:
        text.append(f" (first {s.loaded:,} listed)", style="dim")
    if s.activity:  # first after the count: a long hint must not push it out of sight
        text.append(f" · {s.activity}", style="bold")
    if s.scope:
        text.append(f" · in {s.scope}")
    text.append(f" · sort: {s.sort}")
    if s.missing:
        text.append(f" ({s.missing})", style="dim")
    if s.selected:
        text.append(f" · {s.selected} selected", style="bold")
    if s.busy:
        text.append(" · searching…", style="dim")
    if s.notice:
        text.append(f" · {s.notice}", style="dim")
    if s.hint:
        text.append(f" · {s.hint}", style="italic")
    return text


class StatusLine(Static):
    DEFAULT_CSS = """
    StatusLine { height: 1; padding: 0 1; background: $panel; color: $text; }
    StatusLine.-hint { color: $text-warning; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.status = Status()

    def set(self, **changes: object) -> None:
        self.status = replace(self.status, **changes)  # type: ignore[arg-type]
        self.set_class(bool(self.status.hint), "-hint")
        self.update(status_text(self.status), layout=False)  # always one line: no layout pass per key
