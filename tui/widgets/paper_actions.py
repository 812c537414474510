"""PaperActions: what the user can do to papers, shared by the main and triage screens — tag, untag, quick
tags, note, undo and redo; copying a link and opening in the browser are its part PaperLinks (paper_links.py).

A component: an invisible widget the screen mounts and hands its keys to. It asks the screen which papers to act
on through `PaperTargets` (the selection, else the current paper). Every read and write runs in one of its own
thread workers and reports back to it with a message (messages.py); what the screen must know bubbles on to it
(ChangeDone: a write reached the disk; QuickTagsPinned) and failures bubble to the app, which shows them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Protocol

from textual import work
from textual.app import ComposeResult
from textual.widget import Widget

from papertui.errors import PapertuiError
from papertui.library import Library
from papertui.store import notes
from papertui.store.userdata import Change
from papertui.tui.app_context import papertui_app
from papertui.tui.messages import (
    ActionFailed,
    ChangeDone,
    NoteMerged,
    NoteReady,
    QuickTagsPinned,
    TagsReady,
)
from papertui.tui.screens.dialogs import ChoiceDialog, PromptDialog, TagSuggester
from papertui.tui.screens.note import NoteEdit, NoteScreen
from papertui.tui.ui_state import pin_quick_tag
from papertui.tui.widgets.paper_links import PaperLinks


class PaperTargets(Protocol):
    """What the screen says about the papers its keys act on."""

    def target_ids(self) -> list[str]:
        """The papers a bulk action (tag, untag, quick tag, remove) acts on: the selection, else the current one."""
        ...

    def current_paper_id(self) -> str | None:
        """The one paper a single-paper action (note, copy, open) acts on."""
        ...


def split_tags(text: str) -> list[str]:
    return [t.strip() for t in text.split(",") if t.strip()]


class PaperActions(Widget):
    """The paper actions of one screen (see module docstring)."""

    DEFAULT_CSS = "PaperActions { display: none; }"

    def __init__(self, targets: PaperTargets, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._targets = targets
        self.links = PaperLinks(targets)

    def compose(self) -> ComposeResult:
        yield self.links

    @property
    def library(self) -> Library:
        return papertui_app(self).library

    def need_targets(self) -> list[str] | None:
        """The papers to act on, or None (said to the user) when there is none."""
        ids = self._targets.target_ids()
        if not ids:
            self.notify("No paper here", severity="warning")
            return None
        return ids

    # -- writes ---------------------------------------------------------------------------------------------
    def run_write(self, verb: str, write: Callable[[], Change | None]) -> None:
        """Run a library write in a worker; the result comes back as ChangeDone or ActionFailed."""
        self._write_worker(verb, write)

    @work(thread=True, group="write")
    def _write_worker(self, verb: str, write: Callable[[], Change | None]) -> None:
        try:
            change = write()
        except PapertuiError as exc:
            self.post_message(ActionFailed(str(exc)))
            return
        except Exception as exc:  # never lose the session over one failed write; say what happened
            self.post_message(ActionFailed(f"internal error while trying to {verb}: {exc!r}"))
            return
        self.post_message(ChangeDone(change, verb))

    # -- tags -----------------------------------------------------------------------------------------------
    def add_tag(self) -> None:
        ids = self.need_targets()
        if ids is None:
            return
        what = "this paper" if len(ids) == 1 else f"{len(ids)} selected papers"

        def done(answer: str | None) -> None:
            tags = split_tags(answer or "")
            if tags:
                self.run_write("tag", lambda: self.library.tag(ids, tags))

        self.app.push_screen(
            PromptDialog(
                f"Tag {what}",
                placeholder="tag name (commas for several)",
                help_text="tab/→ accepts the suggestion · enter tags · esc cancels",
                suggester=TagSuggester(papertui_app(self).tag_names),
                id="tag-dialog",
            ),
            done,
        )

    def remove_tag(self) -> None:
        ids = self.need_targets()
        if ids is not None:
            self._tags_of(ids)

    @work(thread=True, group="read")
    def _tags_of(self, ids: list[str]) -> None:
        try:
            records = self.library.records_of(ids)
        except PapertuiError as exc:
            self.post_message(ActionFailed(str(exc)))
            return
        tags: list[str] = []
        for pid in ids:
            for tag in records[pid].tags if pid in records else ():
                if tag not in tags:
                    tags.append(tag)
        self.post_message(TagsReady(ids, tags))

    def on_tags_ready(self, message: TagsReady) -> None:
        ids = message.ids
        if not message.tags:
            self.notify("No tags to remove" if len(ids) == 1 else "The selected papers have no tags")
            return

        def done(tag: str | None) -> None:
            if tag:
                self.run_write("untag", lambda: self.library.untag(ids, [tag]))

        self.app.push_screen(
            ChoiceDialog("Remove which tag?", [(t, f"#{t}") for t in message.tags], id="untag-dialog"), done
        )

    def quick_tag(self, number: int) -> None:
        slots = papertui_app(self).quick_tags
        tag = slots[number - 1] if number <= len(slots) else ""
        if not tag:
            self.notify(
                f"No quick tag {number} yet: keys 1–9 get your tags as you use them (palette: Pin a quick tag)",
                severity="warning",
            )
            return
        ids = self.need_targets()
        if ids is not None:
            self.run_write("tag", lambda: self._toggle_tag(ids, tag))

    def pin_quick_tag(self) -> None:
        """Ask for a key and a tag ("1 diffusion") and put that tag on that key for good."""

        def done(answer: str | None) -> None:
            number, _, tag = (answer or "").strip().partition(" ")
            tag = tag.strip()
            if not answer:
                return
            if len(number) != 1 or number not in "123456789" or not tag:
                self.notify("Type a key 1–9, a space and a tag, e.g. 1 diffusion", severity="warning")
                return
            known = {t.casefold(): t for t in papertui_app(self).tag_names}
            if tag.casefold() not in known:
                self.notify(f"No tag #{tag} yet: tag a paper with it first", severity="warning")
                return
            self._pin_worker(int(number), known[tag.casefold()])

        current = ", ".join(f"{i} #{t}" for i, t in enumerate(papertui_app(self).quick_tags, 1) if t) or "none yet"
        self.app.push_screen(
            PromptDialog(
                "Pin a quick tag: key and tag",
                placeholder="e.g. 1 diffusion",
                help_text=f"Now: {current}",
                id="pin-dialog",
            ),
            done,
        )

    @work(thread=True, group="write")
    def _pin_worker(self, number: int, tag: str) -> None:
        try:
            state = papertui_app(self).ui_state.change(
                lambda s: replace(s, quick_tags=pin_quick_tag(s.quick_tags, number, tag))
            )
        except (OSError, PapertuiError) as exc:
            self.post_message(ActionFailed(f"could not save the quick tags: {exc}"))
            return
        self.post_message(QuickTagsPinned(state.quick_tags, number, tag))

    def on_quick_tags_pinned(self, message: QuickTagsPinned) -> None:
        # Bubbles on: the main screen redraws the sidebar's numbers.
        papertui_app(self).quick_tags = message.quick_tags
        self.notify(f"Key {message.number} now toggles #{message.tag}", timeout=3)

    def _toggle_tag(self, ids: list[str], tag: str) -> Change:
        """Untag when every target has the tag, else tag them all (runs in the write worker)."""
        records = self.library.records_of(ids)
        key = tag.casefold()
        have = all(pid in records and key in {t.casefold() for t in records[pid].tags} for pid in ids)
        return self.library.untag(ids, [tag]) if have else self.library.tag(ids, [tag])

    # -- notes ----------------------------------------------------------------------------------------------
    def edit_note(self) -> None:
        pid = self._targets.current_paper_id()
        if pid is None:
            self.notify("No paper here", severity="warning")
            return
        self._read_note(pid)

    @work(thread=True, group="read")
    def _read_note(self, pid: str) -> None:
        try:
            paper = self.library.paper(pid)
            note = self.library.record(pid).note
        except PapertuiError as exc:
            self.post_message(ActionFailed(str(exc)))
            return
        self.post_message(NoteReady(pid, paper.title, note))

    def on_note_ready(self, message: NoteReady) -> None:
        pid = message.paper_id
        draft = papertui_app(self).note_drafts.get(pid)
        original = message.note
        recovered = papertui_app(self).recovered_drafts.get(pid)
        if draft is None and recovered is not None:
            # Left by an editor that did not get to save: its base keeps a note changed since then safe.
            draft = recovered.text
            original = recovered.base if recovered.base is not None else message.note
        text = draft if draft is not None else message.note
        screen = NoteScreen(pid, message.title, text, self.save_note, original=original, keep_draft=self.keep_draft)
        self.app.push_screen(screen)

    def keep_draft(self, edit: NoteEdit) -> None:
        try:
            self.library.save_draft(edit.paper_id, edit.text, edit.base)
        except PapertuiError as exc:
            if not papertui_app(self).draft_warned:
                papertui_app(self).draft_warned = True
                self.notify(f"Could not keep a draft of this note ({exc}); save it with ctrl+s", severity="warning")

    def save_note(self, edit: NoteEdit) -> None:
        # Kept until the write is acknowledged, so a failed save can be retried with the same text.
        papertui_app(self).note_drafts[edit.paper_id] = edit.text
        self._note_worker(edit)

    @work(thread=True, group="write")
    def _note_worker(self, edit: NoteEdit) -> None:
        try:
            change = self.library.set_note(edit.paper_id, edit.text, base=edit.base)
            stored = self.library.record(edit.paper_id).note
        except PapertuiError as exc:
            self.post_message(ActionFailed(f"{exc} — your note is kept: press n on the paper to save it again"))
            return
        if papertui_app(self).note_drafts.get(edit.paper_id) == edit.text:
            papertui_app(self).note_drafts.pop(edit.paper_id, None)
        papertui_app(self).recovered_drafts.pop(edit.paper_id, None)
        self.library.discard_draft(edit.paper_id, edit.text)
        if notes.has_conflict(stored) and not notes.has_conflict(edit.text):
            self.post_message(NoteMerged(edit.paper_id, stored))
        self.post_message(ChangeDone(change, "note"))

    def on_note_merged(self, message: NoteMerged) -> None:
        for screen in self.app.screen_stack:
            if isinstance(screen, NoteScreen) and screen.paper_id == message.paper_id:
                screen.take_merged(message.note)
        self.notify(
            "This note was changed elsewhere while you edited it: both texts are kept, the other one below a marker",
            title="Note",
            severity="warning",
            timeout=10,
        )

    # -- links (PaperLinks) ---------------------------------------------------------------------------------
    def copy_link(self) -> None:
        self.links.copy_link()

    def copy_markdown(self) -> None:
        self.links.copy_markdown()

    def open_link(self) -> None:
        self.links.open_link()

    # -- undo -----------------------------------------------------------------------------------------------
    def undo(self) -> None:
        # This window's own last step: another window's note is never undone behind its back.
        self.run_write("undo", lambda: self.library.undo(own=True))

    def redo(self) -> None:
        self.run_write("redo", lambda: self.library.redo(own=True))

    def after_change(self, message: ChangeDone) -> None:
        """Note that the library changed (other screens reload when they come back) and say what was done."""
        papertui_app(self).data_version += 1
        # Routine confirmations go quickly; they must not pile up over the reading pane.
        if message.change is None:
            where = " in this window (papertui undo in a shell works library-wide)" if message.verb == "undo" else ""
            self.notify(f"Nothing to {message.verb}{where}", timeout=3)
        elif message.change.paper_ids or message.verb in ("undo", "redo", "watch"):
            self.notify(message.change.description, timeout=3)
        else:
            self.notify(f"No change ({message.change.description})", timeout=3)
