"""WatchDialog: the watch list in the app — each entry with how many papers it matches, a line to add authors
and keywords, `d` (or delete) on an entry to stop watching it. Changes are written in workers, like every
write of the app, and reported to the screen that opened the dialog (it reloads: rows marked, sidebar counts);
`u` there undoes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.message_pump import MessagePump
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from papertui.errors import PapertuiError
from papertui.library_watch import WatchMatch
from papertui.tui.app_context import papertui_app
from papertui.tui.messages import ChangeDone

HELP = "enter adds · tab, then d removes the highlighted entry · esc closes · u on the list undoes"
EMPTY = "Not watching anything yet: type an author or a keyword above."


class WatchDialog(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="watch.close"),
        Binding("d,delete", "remove", "Stop watching", tooltip="Remove the highlighted entry", id="watch.remove"),
    ]

    @dataclass
    class Listed(Message, bubble=False):
        matches: list[WatchMatch]

    @dataclass
    class Failed(Message, bubble=False):
        message: str

    @dataclass
    class Written(Message, bubble=False):
        change: ChangeDone
        added: bool

    def __init__(self, owner: MessagePump, *, id: str | None = "watch-dialog") -> None:
        """`owner` hears of every change (ChangeDone), as if it had made it."""
        super().__init__(id=id)
        self.owner = owner
        self.matches: list[WatchMatch] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="watch-box"):
            yield Label("Watch list", classes="dialog-title")
            yield Input(placeholder='author:"Yann LeCun", a keyword, or "a phrase"', compact=True, id="watch-input")
            yield OptionList(id="watch-entries")
            yield Label(HELP, classes="dialog-help", id="watch-help")

    def on_mount(self) -> None:
        self.query_one("#watch-input", Input).focus()
        self._read()

    @work(thread=True, exclusive=True, group="watch-read")
    def _read(self) -> None:
        try:
            matches = papertui_app(self).library.watch_matches()
        except PapertuiError as exc:
            self.post_message(self.Failed(str(exc)))
            return
        self.post_message(self.Listed(matches))

    def on_watch_dialog_listed(self, message: Listed) -> None:
        self.matches = message.matches
        entries = self.query_one("#watch-entries", OptionList)
        kept = entries.highlighted
        options = []
        for match in message.matches:
            n = len(match.ids)
            prompt = Text(match.entry.text)
            prompt.append(f"  {n} paper{'s' if n != 1 else ''}", style="dim")
            options.append(Option(prompt, id=match.entry.text))
        entries.set_options(options)
        if options:
            entries.highlighted = min(kept or 0, len(options) - 1)
        self.query_one("#watch-help", Label).update(HELP if options else f"{EMPTY}\n{HELP}")

    @on(Input.Submitted, "#watch-input")
    def _add(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self._write(lambda lib: lib.watch_add(event.value), added=True)

    def action_remove(self) -> None:
        entries = self.query_one("#watch-entries", OptionList)
        option = entries.highlighted_option
        if option is not None and option.id is not None and entries.has_focus:
            entry = option.id
            self._write(lambda lib: lib.watch_remove(entry), added=False)

    @work(thread=True, group="write")
    def _write(self, write, added: bool) -> None:
        try:
            change = write(papertui_app(self).library)
        except PapertuiError as exc:
            self.post_message(self.Failed(str(exc)))
            return
        self.post_message(self.Written(ChangeDone(change, "watch"), added))

    def on_watch_dialog_written(self, message: Written) -> None:
        self.owner.post_message(message.change)
        if message.added:
            self.query_one("#watch-input", Input).value = ""
        self._read()

    def on_watch_dialog_failed(self, message: Failed) -> None:
        self.notify(message.message, title="Watch list", severity="error", timeout=8)

    def action_close(self) -> None:
        self.dismiss(None)
