"""TriageScreen: walk papers one at a time — keep, skip, tag, note, copy, go back and forth, undo.

Started from "All" or the inbox, the walk is the unseen inbox as it was when triage started, newest import first
(today's page before last month's leftovers); papers imported later join at the end. That walk and the paper the
user is on are saved (ui_state) after every move, so leaving and coming back — even after quitting — resumes at
the same paper. Started from any other view (a search, a tag, a saved search) the walk is that view's papers in
its order; such a walk is not saved, since the view it came from is gone once the user types on.

Moving (←/→, h/l, k/j) never decides; deciding has keys of its own (y keep, s skip), so a key that moves the
cursor everywhere else can never file a paper here by accident.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, replace
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Label, ProgressBar, Static
from textual.worker import get_current_worker

from papertui.errors import PapertuiError
from papertui.library import Library
from papertui.tui.app_context import papertui_app
from papertui.tui.messages import ActionFailed, ChangeDone, PaperLoaded
from papertui.tui.screens.help import key_rows
from papertui.tui.ui_state import TriagePosition
from papertui.tui.widgets.abstract_pane import paper_renderable
from papertui.tui.widgets.paper_actions import PaperActions

KEYS_HELP = (
    (("triage.keep", "keep"), ("triage.skip", "skip"), ("triage.back", "previous"), ("triage.next", "next")),
    (
        ("main.undo", "undo"),
        ("main.tag", "tag"),
        ("main.note", "note"),
        ("main.copy_link", "copy link"),
        ("main.open", "open"),
        ("triage.leave", "leave"),
    ),
)
"""The keys shown under the paper, by binding id (so a remapped key shows as remapped): deciding and moving on
the first line, the rest on the second. The paper actions use the main screen's ids (main_bindings.py): a key
the user remaps for tagging tags here too."""


@dataclass(frozen=True)
class TriageView:
    """The main screen's view a walk was started from (anything but "All" and the inbox)."""

    query: str
    sort: str
    label: str
    within: frozenset[str] | None = None
    """The papers the view is kept to ("New since last visit"), or None."""


@dataclass
class WalkLoaded(Message):
    order: list[str]
    position: int
    states: dict[str, str]


@dataclass
class StatesRead(Message):
    states: dict[str, str]
    focus: str | None
    """After undo/redo: the paper to show (the one the change touched)."""


def keys_bar(keys: dict[str, str]) -> Text:
    """KEYS_HELP with the keys each binding id has now (`keys`: binding id → keys as the help shows them)."""
    text = Text(justify="center", no_wrap=True, overflow="ellipsis")
    for n, line in enumerate(KEYS_HELP):
        if n:
            text.append("\n")
        for i, (bid, what) in enumerate(line):
            if i:
                text.append("   ")
            text.append(f" {keys.get(bid, '?')} ", style="reverse bold")
            text.append(f" {what}")
    return text


class TriageScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "y",
            "decide('kept')",
            "Keep",
            tooltip="Keep the paper (it leaves the inbox) and show the next",
            id="triage.keep",
        ),
        Binding(
            "s",
            "decide('skipped')",
            "Skip",
            tooltip="Skip the paper (not interesting) and show the next",
            id="triage.skip",
        ),
        Binding(
            "left,h,k",
            "back",
            "Previous",
            tooltip="Show the previous paper of the walk (decides nothing)",
            id="triage.back",
        ),
        Binding(
            "right,l,j",
            "next",
            "Next",
            tooltip="Show the next paper of the walk (decides nothing)",
            id="triage.next",
        ),
        Binding("u", "undo", "Undo", tooltip="Undo the last decision and go back to it", id="main.undo"),
        Binding("ctrl+r", "redo", "Redo", show=False, id="main.redo"),
        Binding("t", "add_tag", "Tag", show=False, id="main.tag"),
        Binding("n", "edit_note", "Note", show=False, id="main.note"),
        Binding("c", "copy_link", "Copy link", show=False, id="main.copy_link"),
        Binding("o", "open_link", "Open", show=False, id="main.open"),
        Binding(
            "r",
            "restart",
            "Restart",
            show=False,
            tooltip="At the end: walk the papers still unseen",
            id="triage.restart",
        ),
        Binding("escape", "leave", "Leave", id="triage.leave"),
        Binding("down", "scroll(1)", "Scroll down", show=False, id="triage.scroll_down"),
        Binding("up", "scroll(-1)", "Scroll up", show=False, id="triage.scroll_up"),
        Binding("space,pagedown", "scroll(10)", "Page down", show=False, id="triage.page_down"),
        Binding("pageup", "scroll(-10)", "Page up", show=False, id="triage.page_up"),
    ]

    def __init__(self, view: TriageView | None = None) -> None:
        super().__init__(id="triage")
        self.view = view
        """The view walked, or None for the inbox."""
        self.order: list[str] = []
        self.position = 0
        self.states: dict[str, str] = {}
        self.loaded = False
        self.actions = PaperActions(self, id="actions")

    @property
    def library(self) -> Library:
        return papertui_app(self).library

    @classmethod
    def of_view(
        cls, query: str, sort: str, scope_label: str, typed: str, within: frozenset[str] | None = None
    ) -> TriageScreen:
        """The walk for the main screen's view: the inbox from "All" or the inbox, else the view in its order
        (labelled with its filter and what was typed)."""
        if query.strip() in ("", "is:unseen") and within is None:
            return cls()
        typed = typed.strip()
        label = " · ".join(part for part in (scope_label, f'"{typed}"' if typed else "") if part)
        return cls(TriageView(query.strip(), sort, label or query.strip(), within))

    def compose(self) -> ComposeResult:
        with Horizontal(id="triage-top"):
            title = f"Triage · {self.view.label}" if self.view is not None else "Triage · inbox"
            yield Label(title, id="triage-title")
            yield ProgressBar(total=1, show_eta=False, show_percentage=False, id="triage-progress")
            yield Label("", id="triage-count")
        with VerticalScroll(id="triage-paper"):
            yield Static(Text("Reading the inbox…", style="dim"), id="triage-body")
        yield Static(id="triage-keys")
        yield Footer()
        yield self.actions

    def on_mount(self) -> None:
        keys = {row.binding_id: row.keys for row in key_rows(self)}
        self.query_one("#triage-keys", Static).update(keys_bar(keys))
        self._load_walk(restart=False)

    # -- PaperTargets ---------------------------------------------------------------------------------
    def current_paper_id(self) -> str | None:
        return self.order[self.position] if 0 <= self.position < len(self.order) else None

    def target_ids(self) -> list[str]:
        pid = self.current_paper_id()
        return [pid] if pid else []

    # -- the walk -------------------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="triage-load")
    def _load_walk(self, restart: bool) -> None:
        lib = self.library
        try:
            if self.view is not None:
                saved = TriagePosition()
                order = lib.view_ids(self.view.query, self.view.sort, self.view.within)
                if restart:
                    order = [pid for pid, state in lib.triage_states(order).items() if state == "unseen"]
            else:
                saved = papertui_app(self).ui_state.load().triage
                order = lib.unseen_inbox() if restart or not saved.order else lib.resume_order(saved.order)
            states = lib.triage_states(order)
        except PapertuiError as exc:
            self.post_message(ActionFailed(str(exc)))
            return
        last = None if restart else saved.last
        if last in order:
            position = order.index(last)
        else:
            position = next((i for i, pid in enumerate(order) if states.get(pid) == "unseen"), len(order))
        self.post_message(WalkLoaded(order, position, states))

    def on_walk_loaded(self, message: WalkLoaded) -> None:
        self.order, self.position, self.states = message.order, message.position, message.states
        self.loaded = True
        self._save_position()
        self._show()

    def _show(self) -> None:
        total = len(self.order)
        bar = self.query_one("#triage-progress", ProgressBar)
        bar.update(total=max(total, 1), progress=min(self.position, total))
        kept = sum(1 for pid in self.order if self.states.get(pid) == "kept")
        skipped = sum(1 for pid in self.order if self.states.get(pid) == "skipped")
        number = min(self.position + 1, total)
        self.query_one("#triage-count", Label).update(f"{number} / {total} · {kept} kept · {skipped} skipped")
        body = self.query_one("#triage-body", Static)
        pid = self.current_paper_id()
        if not self.order and self.view is not None:
            body.update(Text("Nothing to triage: this view has no unseen papers. esc goes back.", style="bold"))
        elif not self.order:
            body.update(Text("Inbox zero: every paper in the library has been triaged. esc goes back.", style="bold"))
        elif pid is None:
            body.update(
                Text(
                    f"All {total} papers triaged: {kept} kept, {skipped} skipped.\n\n"
                    "r starts a new walk of the papers still unseen · ← goes back · esc leaves",
                    style="bold",
                )
            )
        else:
            self._load_paper(pid)

    @work(thread=True, exclusive=True, group="pane")
    def _load_paper(self, pid: str) -> None:
        try:
            paper, record = self.library.paper(pid), self.library.record(pid)
        except PapertuiError as exc:
            self.post_message(ActionFailed(str(exc)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(PaperLoaded(paper, record))

    def on_paper_loaded(self, message: PaperLoaded) -> None:
        if message.paper.id != self.current_paper_id():
            return
        record = message.record
        state = self.states.get(message.paper.id, record.triage)
        if state != record.triage:  # our own write is still on its way: show what the user decided
            record = replace(record, triage=state)
        self.query_one("#triage-body", Static).update(paper_renderable(message.paper, record, (), "bold reverse"))
        self.query_one("#triage-paper", VerticalScroll).scroll_home(animate=False)

    @work(thread=True, exclusive=True, group="triage-save")
    def _save_position(self) -> None:
        if self.view is not None:
            return  # only the inbox walk is resumed (module docstring)
        order = tuple(self.order)
        last = self.current_paper_id()
        # Remembering the position is a convenience; the decisions themselves are in the library.
        with contextlib.suppress(OSError, PapertuiError):
            papertui_app(self).ui_state.update(triage=TriagePosition(order, last))

    def _move(self, position: int) -> None:
        self.position = max(0, min(position, len(self.order)))
        self._save_position()
        self._show()

    # -- actions --------------------------------------------------------------------------------------------
    def action_decide(self, state: str) -> None:
        pid = self.current_paper_id()
        if pid is None:
            return
        self.states[pid] = state
        self.actions.run_write("triage", lambda: self.library.set_triage([pid], state))
        self._move(self.position + 1)

    def action_back(self) -> None:
        if self.position == 0:
            self.notify("This is the first paper of the walk", timeout=2)
            return
        self._move(self.position - 1)

    def action_next(self) -> None:
        if self.position >= len(self.order):
            self.notify("This is the end of the walk", timeout=2)
            return
        self._move(self.position + 1)

    def action_restart(self) -> None:
        if self.current_paper_id() is None:
            self._load_walk(restart=True)

    def action_add_tag(self) -> None:
        self.actions.add_tag()

    def action_edit_note(self) -> None:
        self.actions.edit_note()

    def action_copy_link(self) -> None:
        self.actions.copy_link()

    def action_open_link(self) -> None:
        self.actions.open_link()

    def action_undo(self) -> None:
        self.actions.undo()

    def action_redo(self) -> None:
        self.actions.redo()

    def action_leave(self) -> None:
        self.app.pop_screen()

    def action_scroll(self, lines: int) -> None:
        scroller = self.query_one("#triage-paper", VerticalScroll)
        scroller.scroll_relative(y=lines, animate=False)

    # -- results of writes ----------------------------------------------------------------------------------
    def on_change_done(self, message: ChangeDone) -> None:
        if message.verb == "triage":
            # Keep/skip were shown already (optimistically); a toast per paper would only be noise.
            papertui_app(self).data_version += 1
            return
        self.actions.after_change(message)
        change = message.change
        if change is not None and change.paper_ids:
            focus = None
            if message.verb in ("undo", "redo"):
                focus = next((pid for pid in change.paper_ids if pid in set(self.order)), None)
            self._read_states(list(change.paper_ids), focus)

    @work(thread=True, group="read")
    def _read_states(self, ids: list[str], focus: str | None) -> None:
        try:
            states = self.library.triage_states(ids)
        except PapertuiError:
            return
        self.post_message(StatesRead(states, focus))

    def on_states_read(self, message: StatesRead) -> None:
        self.states.update({k: v for k, v in message.states.items() if k in self.states})
        if message.focus is not None and message.focus in self.order:
            self._move(self.order.index(message.focus))
        else:
            self._show()
