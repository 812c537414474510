"""WelcomeScreen: shown when the library is empty — how to get papers in, and the demo library to try."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Footer, Label, Static

from papertui.errors import PapertuiError
from papertui.tui.app_context import papertui_app
from papertui.tui.messages import ActionFailed, FetchDone, ImportDone
from papertui.tui.widgets.library_io import LibraryIO
from papertui.tui.widgets.live_fetch import LiveFetch

WELCOME = (
    "Your library is empty. papertui reads the text of Hugging Face papers pages.\n\n"
    "1. Open a papers page in your browser (huggingface.co/papers, a daily list or a search), "
    "select everything (ctrl+a) and copy it (ctrl+c).\n"
    "2. Press i here and choose From clipboard, or paste the page right here (ctrl+shift+v in most terminals; "
    "works over SSH too), or save the text to a file and import that. "
    "From a shell: papertui import --clipboard  or  papertui import page.txt\n\n"
    "Or fetch today's Hugging Face daily papers (F), or load the demo library (a few made-up papers) and look "
    "around first."
)


class WelcomeScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "load_demo", "Load demo library", id="welcome.demo"),
        Binding("i", "import", "Import", id="welcome.import"),
        Binding("v", "import_clipboard", "Import clipboard", id="welcome.clipboard"),
        Binding("F", "fetch_hf", "Fetch today's papers", show=False, id="welcome.fetch"),
    ]
    PALETTE_NAMES: ClassVar[dict[str, str]] = {"welcome.fetch": "Fetch today's Hugging Face papers"}

    def __init__(self) -> None:
        super().__init__(id="welcome")
        self.io = LibraryIO(None, id="io")
        self.fetcher = LiveFetch(id="fetch")

    def compose(self) -> ComposeResult:
        with Center(id="welcome-center"), Vertical(id="welcome-box"):
            yield Label("Welcome to papertui", classes="dialog-title")
            yield Static(Text(WELCOME), id="welcome-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Load the demo library (d)", variant="primary", id="welcome-demo")
                yield Button("Import… (i)", id="welcome-import")
                yield Button("From clipboard (v)", id="welcome-clipboard")
                yield Button("Fetch today's (F)", id="welcome-fetch")
        yield Footer()
        yield self.io
        yield self.fetcher

    @dataclass
    class DemoReady(Message):
        """The throw-away demo library is built, in `home`."""

        home: Path

    def action_load_demo(self) -> None:
        """Open the throw-away demo library, as `papertui demo` does: nothing goes into the user's library."""
        if any(w.group == "demo" and w.is_running for w in self.workers):
            return  # a second d while the first one builds it
        self.notify("Opening the demo library…", timeout=2)
        self._demo_worker()

    @work(thread=True, group="demo")
    def _demo_worker(self) -> None:
        from papertui.demo import make_demo_library

        try:
            home = make_demo_library()
        except (PapertuiError, OSError) as exc:
            self.post_message(ActionFailed(f"could not open the demo library: {exc}"))
            return
        self.post_message(self.DemoReady(home))

    def on_welcome_screen_demo_ready(self, message: DemoReady) -> None:
        papertui_app(self).open_demo_library(message.home)

    def action_import(self) -> None:
        self.io.import_papers()

    def action_import_clipboard(self) -> None:
        self.io.import_clipboard()

    def action_fetch_hf(self) -> None:
        if self.fetcher.running is None:
            self.notify("Fetching today's Hugging Face papers…", timeout=3)
        self.fetcher.fetch_hf()

    def on_paste(self, event: events.Paste) -> None:
        event.stop()
        if self.io.paste(event.text) is not None:
            self.notify("That is one line, not a page: paste the whole text of a papers page", severity="warning")

    @on(Button.Pressed, "#welcome-demo")
    def _demo(self) -> None:
        self.action_load_demo()

    @on(Button.Pressed, "#welcome-import")
    def _import(self) -> None:
        self.action_import()

    @on(Button.Pressed, "#welcome-clipboard")
    def _clipboard(self) -> None:
        self.action_import_clipboard()

    @on(Button.Pressed, "#welcome-fetch")
    def _fetch(self) -> None:
        self.action_fetch_hf()

    @on(ImportDone)
    @on(FetchDone)
    def _imported(self) -> None:
        try:
            empty = papertui_app(self).library.count() == 0
        except PapertuiError:
            return
        if not empty:
            from papertui.tui.screens.main import MainScreen

            self.app.switch_screen(MainScreen())
