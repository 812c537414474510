"""Closing the terminal while a note is being typed (SIGHUP from tmux or ssh, a SIGTERM) never loses the text:
it is kept as a draft every few seconds and on the signal, saved if the library lets it, and offered back at the
next start when it could not be saved."""

from __future__ import annotations

import os
import signal

from papertui.library import Library
from papertui.tui.screens.note import NoteScreen
from papertui.tui.widgets.paper_list import PaperList

SIZE = (120, 36)


async def open_note(app, pilot, wait) -> str:
    await wait(pilot)
    pid = app.screen.query_one(PaperList).current_id
    await pilot.press("n")
    await wait(pilot)
    assert isinstance(app.screen, NoteScreen)
    return pid


async def test_unsaved_note_text_is_kept_as_a_draft_while_typing(library, make_app, wait):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        pid = await open_note(app, pilot, wait)
        app.screen.query_one("#note-text").text = "typed, not saved yet"
        app.screen.write_draft()  # what the timer does every DRAFT_EVERY_S
        drafts = library.drafts()
        assert [(d.paper_id, d.text) for d in drafts] == [(pid, "typed, not saved yet")]
        await pilot.press("escape")
        await wait(pilot)
        assert library.record(pid).note == "typed, not saved yet"
        assert library.drafts() == []  # saved: the draft is gone


async def test_a_hangup_saves_the_note_being_typed_and_ends_the_app(library, make_app, wait):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        pid = await open_note(app, pilot, wait)
        app.screen.query_one("#note-text").text = "typed when the ssh session died"
        os.kill(os.getpid(), signal.SIGHUP)
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.return_code == 128 + signal.SIGHUP
    assert library.record(pid).note == "typed when the ssh session died"
    assert library.drafts() == []


async def test_a_note_that_could_not_be_saved_on_sigterm_is_offered_at_the_next_start(
    home, library, make_app, wait, notices, monkeypatch
):
    from papertui.errors import PapertuiError

    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        pid = await open_note(app, pilot, wait)

        def busy(*args, **kwargs):
            raise PapertuiError("the library stayed busy")

        monkeypatch.setattr(library, "set_note", busy)
        app.screen.query_one("#note-text").text = "half a thought"
        os.kill(os.getpid(), signal.SIGTERM)
        await app.workers.wait_for_complete()
        await pilot.pause()
    monkeypatch.undo()
    assert library.record(pid).note == ""
    assert [d.text for d in library.drafts()] == ["half a thought"]

    again = Library(home)
    try:
        app2 = make_app(again)
        async with app2.run_test(size=SIZE) as pilot:
            await wait(pilot)
            assert any("Recovered notes" in n for n in notices(app2))
            await pilot.press("n")  # the same paper is still first in the list
            await wait(pilot)
            assert app2.screen.query_one("#note-text").text == "half a thought"
            await pilot.press("escape")
            await wait(pilot)
        assert again.record(pid).note == "half a thought"
        assert again.drafts() == []
    finally:
        again.close()


def test_a_draft_already_saved_is_not_offered_again(library):
    pid = library.browse()[0]
    library.set_note(pid, "same text")
    library.save_draft(pid, "same text\n", base="")
    assert library.drafts() == []
