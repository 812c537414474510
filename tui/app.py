"""PapertuiApp: the App object only — library handle, app-wide keys, palette, first screen, safe quit."""

from __future__ import annotations

import asyncio
import contextlib
import gc
from typing import ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType

from papertui.errors import PapertuiError
from papertui.library import Library
from papertui.tui.commands import PapertuiCommands
from papertui.tui.keymap import declared_bindings, read_keymap, remappable_classes
from papertui.tui.screens.help import HelpScreen
from papertui.tui.screens.main import MainScreen
from papertui.tui.screens.note import NoteScreen
from papertui.tui.screens.welcome import WelcomeScreen
from papertui.tui.ui_state import UIStateFile

QUIT_WAIT_S = 10.0
"""How long quitting waits for writes still running (a tag or note must reach the disk)."""


class PapertuiApp(App[int]):
    CSS_PATH = "papertui.tcss"
    TITLE = "papertui"
    COMMANDS = App.COMMANDS | {PapertuiCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", id="app.help"),
    ]

    def __init__(
        self,
        library: Library,
        *,
        demo: bool = False,
        clipboard_timeout: float = 3.0,
        debounce_s: float = 0.0,
        seen_after_s: float | None = None,
    ) -> None:
        super().__init__()
        self.library = library
        self.demo = demo
        self.clipboard_timeout = clipboard_timeout
        self.debounce_s = debounce_s
        """How long typing must pause before the search runs. No pause by default: one search runs at a time and
        only the newest waiting one follows it (main_view.refresh_view), which already drops the keys typed
        meanwhile, so a pause would only add its length to every key."""
        self.ui_state = UIStateFile(library.paths.tui_state, library.lock)
        self.seen_after_s = self.ui_state.load().seen_after_s if seen_after_s is None else seen_after_s
        """Seconds a paper opened in the reading pane must stay there to count as seen (0: never); from
        tui-state.json unless given."""
        self.tag_names: list[str] = []
        """The library's tags, most used first."""
        self.quick_tags: tuple[str, ...] = ()
        """The tag on key 1…9 ("" for a free key): fixed once given, see ui_state.assign_quick_tags."""
        self.note_drafts: dict[str, str] = {}
        """Note text whose save has not been acknowledged yet, by paper id (kept for a retry)."""
        self.data_version = 0
        """Bumped after every write, so a screen coming back knows to read the library again."""
        self.user_keys: dict[str, str] = {}
        """binding id → keys the user chose in LibraryPaths.keymap (the help screen shows them)."""
        if demo:
            self.sub_title = "demo library (temporary: deleted when you quit)"

    def on_mount(self) -> None:
        self._restore_theme()
        try:
            empty = self.library.catalog.count() == 0
        except PapertuiError as exc:
            self.notify(str(exc), severity="error")
            empty = False
        self.push_screen(WelcomeScreen() if empty else MainScreen())
        if self.library.paths.keymap.exists():
            self.apply_keymap()
        if self.demo:
            self.notify("A temporary copy: your changes here are discarded when you quit.", title="Demo library")

    def _restore_theme(self) -> None:
        """The theme chosen last time (tui-state.json); one that no longer exists is ignored."""
        with contextlib.suppress(OSError, PapertuiError):
            saved = self.ui_state.load().theme
            if saved and saved in self.available_themes:
                self.theme = saved
        # Subscribed after restoring, so starting up does not write the file back.
        self.theme_changed_signal.subscribe(self, lambda theme: self._save_theme(theme.name))

    @work(thread=True, exclusive=True, group="ui-state")
    def _save_theme(self, name: str) -> None:
        with contextlib.suppress(OSError, PapertuiError):  # a convenience: failing to remember it costs nothing
            self.ui_state.update(theme=name)

    def apply_keymap(self) -> None:
        """The user's keys from LibraryPaths.keymap (tui/keymap.py); what cannot be applied is said once."""
        keymap = read_keymap(self.library.paths.keymap, declared_bindings(remappable_classes()))
        if keymap.keys:
            self.user_keys = keymap.keys
            self.set_keymap(keymap.keys)
        if keymap.problems:
            self.notify("\n".join(keymap.problems), title="Keys", severity="warning", timeout=15)

    def freeze_long_lived(self) -> None:
        """Exempt everything alive now (the opened index, its caches, the catalog) from cycle collection.

        A full collection walks every tracked object while holding the GIL: with a 100,000-paper library open
        one took up to 100 ms and the UI stalled mid-typing (measured). What is alive once the index is warm
        lives as long as the app, so the collector gains nothing by walking it again; with it frozen the
        worst stall measured was under 30 ms.
        """
        gc.freeze()

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    async def action_quit(self) -> None:
        """Quit, but only after every note being edited and every write in flight has reached the disk."""
        for screen in self.screen_stack:
            if isinstance(screen, NoteScreen) and (edit := screen.unsaved()) is not None:
                try:
                    await asyncio.to_thread(self.library.set_note, edit.paper_id, edit.text)
                except PapertuiError as exc:
                    self.notify(f"{exc} — the note is not saved, so papertui stays open", severity="error")
                    return
                screen.saved_text = edit.text
                self.note_drafts.pop(edit.paper_id, None)
        writes = [w for w in self.workers if w.group == "write" and w.is_running]
        if writes:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.workers.wait_for_complete(writes), QUIT_WAIT_S)
        if self.note_drafts:
            self.notify("A note could not be saved (see the message above); n on the paper retries", severity="error")
            self.note_drafts.clear()  # second q quits
            return
        self.exit(0)
