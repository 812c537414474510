"""PapertuiApp: the App object only — library handle, app-wide keys, palette, first screen, safe quit."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import shutil
import signal
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType

from papertui.errors import PapertuiError
from papertui.library import Library
from papertui.store.drafts import Draft
from papertui.tui.commands import PapertuiCommands
from papertui.tui.keymap import declared_bindings, read_keymap, remappable_classes
from papertui.tui.messages import ActionFailed
from papertui.tui.screens.help import HelpScreen
from papertui.tui.screens.main import MainScreen
from papertui.tui.screens.note import NoteScreen
from papertui.tui.screens.welcome import WelcomeScreen
from papertui.tui.ui_state import UIStateFile, visit_time

DEMO_SUBTITLE = "demo library (temporary: deleted when you quit)"
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
        library.mark_window()  # `u` undoes this window's steps, not another window's (Library.mark_window)
        self.demo = demo
        self.clipboard_timeout = clipboard_timeout
        self.debounce_s = debounce_s
        """How long typing must pause before the search runs. No pause by default: one search runs at a time and
        only the newest waiting one follows it (MainScreen.refresh_view), which already drops the keys typed
        meanwhile, so a pause would only add its length to every key."""
        self.ui_state = UIStateFile.of(library)
        state = self.ui_state.load()
        self.seen_after_s = state.seen_after_s if seen_after_s is None else seen_after_s
        """Seconds a paper opened in the reading pane must stay there to count as seen (0: never); from
        tui-state.json unless given."""
        self.tag_names: list[str] = []
        """The library's tags, most used first."""
        self.quick_tags: tuple[str, ...] = ()
        """The tag on key 1…9 ("" for a free key): fixed once given, see ui_state.assign_quick_tags."""
        self.note_drafts: dict[str, str] = {}
        """Note text whose save has not been acknowledged yet, by paper id (kept for a retry)."""
        self.recovered_drafts: dict[str, Draft] = {}
        """Drafts an earlier run left on disk (closed terminal, signal, crash), offered when the note is opened."""
        self.draft_warned = False
        self._signals: list[int] = []
        self.data_version = 0
        """Bumped after every write, so a screen coming back knows to read the library again."""
        self.user_keys: dict[str, str] = {}
        """binding id → keys the user chose in LibraryPaths.keymap (the help screen shows them)."""
        self.demo_home: Path | None = None
        """The throw-away demo library the welcome screen opened: the app owns it, and deletes it on exit."""
        self.previous_visit: str | None = state.last_visit
        """When the app was opened before this run (None: never): the sidebar's "New since last visit"."""
        if demo:
            self.sub_title = DEMO_SUBTITLE

    def on_mount(self) -> None:
        self._restore_theme()
        self._note_visit()
        try:
            empty = self.library.count() == 0
        except PapertuiError as exc:
            self.notify(str(exc), severity="error")
            empty = False
        self.push_screen(WelcomeScreen() if empty else MainScreen())
        if self.library.keymap_file.exists():
            self.apply_keymap()
        if self.demo:
            self._say_demo()
        self._catch_terminal_signals()
        self._offer_drafts()
        if self.ui_state.problem:  # read in __init__ (seen_after_s) and _restore_theme
            self.notify(self.ui_state.problem, title="App state", severity="warning", timeout=15)

    def _offer_drafts(self) -> None:
        try:
            drafts = self.library.drafts()
        except PapertuiError:
            return
        if not drafts:
            return
        self.recovered_drafts = {d.paper_id: d for d in drafts}
        titles = []
        for draft in drafts[:3]:
            try:
                titles.append(f"“{self.library.paper(draft.paper_id).title}”")
            except PapertuiError:
                titles.append(draft.paper_id)
        more = f" and {len(drafts) - 3} more" if len(drafts) > 3 else ""
        self.notify(
            f"Unsaved note text was kept from last time for {', '.join(titles)}{more}: press n on the paper to "
            "review it; esc saves it",
            title="Recovered notes",
            severity="warning",
            timeout=20,
        )

    def _catch_terminal_signals(self) -> None:
        """A closed terminal (SIGHUP) or a SIGTERM keeps the note being typed: drafts first, then a save."""
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGHUP, signal.SIGTERM):
            try:
                loop.add_signal_handler(sig, self.on_terminate_signal, sig)
            except (ValueError, RuntimeError, NotImplementedError):  # not the main thread, or no such signal
                continue
            self._signals.append(sig)

    def on_unmount(self) -> None:
        with contextlib.suppress(Exception):
            loop = asyncio.get_running_loop()
            for sig in self._signals:
                loop.remove_signal_handler(sig)
        self._signals = []
        if self.demo_home is not None:
            self.library.close()
            shutil.rmtree(self.demo_home, ignore_errors=True)

    def on_terminate_signal(self, sig: int) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, NoteScreen):
                screen.write_draft()  # synchronous: on disk before anything else can go wrong
        self.run_worker(self._save_notes_and_exit(sig), group="terminate", exclusive=True)

    async def _save_open_notes(self) -> PapertuiError | None:
        """Save the text of every note editor still open (with the note it started from); the first failure,
        if any (its text stays in its editor and in its draft)."""
        failed: PapertuiError | None = None
        for screen in self.screen_stack:
            if isinstance(screen, NoteScreen) and (edit := screen.unsaved()) is not None:
                try:
                    await asyncio.to_thread(self.library.set_note, edit.paper_id, edit.text, base=edit.base)
                except PapertuiError as exc:
                    failed = failed or exc
                    continue
                screen.saved_text = edit.text
                self.note_drafts.pop(edit.paper_id, None)
                self.library.discard_draft(edit.paper_id, edit.text)
        return failed

    async def _save_notes_and_exit(self, sig: int) -> None:
        await self._save_open_notes()  # what cannot be saved now is in its draft, offered at the next start
        if sig == signal.SIGHUP and not self.is_headless:
            # The terminal is gone: Textual's orderly exit writes to it and can block for ever (seen with a
            # closed pty). Everything the user made is on disk now (each write is atomic and fsynced; the index
            # is a cache that catches up at the next start), so leave at once.
            os._exit(128 + sig)
        self.exit(return_code=128 + sig)

    def open_demo_library(self, home: Path) -> None:
        """Continue on the throw-away demo library in `home` (made by papertui.demo.make_demo_library), as
        `papertui demo` does; the user's own library stays as it is."""
        self.library = Library(home)
        self.library.mark_window()
        self.demo_home = home
        self.demo = True
        self.ui_state = UIStateFile.of(self.library)
        self.previous_visit = None  # a fresh library: everything in it is new, so nothing is
        self.tag_names = []
        self.data_version += 1
        self.sub_title = DEMO_SUBTITLE
        self.switch_screen(MainScreen())
        self._say_demo()

    def _say_demo(self) -> None:
        self.notify("A temporary copy: your changes here are discarded when you quit.", title="Demo library")

    def _restore_theme(self) -> None:
        """The theme chosen last time (tui-state.json); one that no longer exists is ignored."""
        with contextlib.suppress(OSError, PapertuiError):
            saved = self.ui_state.load().theme
            if saved and saved in self.available_themes:
                self.theme = saved
        # Subscribed after restoring, so starting up does not write the file back.
        self.theme_changed_signal.subscribe(self, lambda theme: self._save_theme(theme.name))

    @work(thread=True, group="visit")
    def _note_visit(self) -> None:
        """Remember this start; the previous one was read in __init__, before this overwrites it."""
        with contextlib.suppress(OSError, PapertuiError):  # a convenience, like the theme
            self.ui_state.note_visit(visit_time())

    @work(thread=True, exclusive=True, group="ui-state")
    def _save_theme(self, name: str) -> None:
        with contextlib.suppress(OSError, PapertuiError):  # a convenience: failing to remember it costs nothing
            self.ui_state.update(theme=name)

    def apply_keymap(self) -> None:
        """The user's keys from LibraryPaths.keymap (tui/keymap.py); what cannot be applied is said once."""
        keymap = read_keymap(self.library.keymap_file, declared_bindings(remappable_classes()))
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

    def on_action_failed(self, message: ActionFailed) -> None:
        """A worker of any screen or component failed with a message for the user (it bubbled up to here)."""
        self.notify(message.message, title="Could not do that", severity="error", timeout=8)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    async def action_quit(self) -> None:
        """Quit, but only after every note being edited and every write in flight has reached the disk."""
        failed = await self._save_open_notes()
        if failed is not None:
            self.notify(f"{failed} — the note is not saved, so papertui stays open", severity="error")
            return
        writes = [w for w in self.workers if w.group == "write" and w.is_running]
        if writes:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.workers.wait_for_complete(writes), QUIT_WAIT_S)
        if self.note_drafts:
            self.notify("A note could not be saved (see the message above); n on the paper retries", severity="error")
            self.note_drafts.clear()  # second q quits
            return
        self.exit(0)
