"""Two windows on one note: the app's save never silently replaces a note changed elsewhere meanwhile."""

from __future__ import annotations

from papertui.library import Library
from papertui.store.notes import MARKER
from papertui.tui.screens.note import NoteScreen
from papertui.tui.widgets.paper_list import PaperList

SIZE = (120, 36)


async def test_saving_a_note_changed_in_another_window_keeps_both_and_says_so(home, library, make_app, wait, notices):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        pid = app.screen.query_one(PaperList).current_id
        await pilot.press("n")
        await wait(pilot)
        assert isinstance(app.screen, NoteScreen)
        other = Library(home)  # the other window saves first
        other.set_note(pid, "from the other window", base="")
        other.close()
        app.screen.query_one("#note-text").text = "from this window"
        await pilot.press("ctrl+s")
        await wait(pilot)
        stored = library.record(pid).note
        assert stored.startswith("from this window") and stored.endswith("from the other window")
        assert MARKER in stored
        # The editor now shows what is stored, so the next save does not stack the other text twice.
        assert app.screen.query_one("#note-text").text == stored
        assert any("changed elsewhere" in n for n in notices(app))
        app.screen.query_one("#note-text").text = stored + "\nmerged by hand"
        await pilot.press("escape")
        await wait(pilot)
        assert library.record(pid).note == stored + "\nmerged by hand"


async def test_u_undoes_this_windows_step_and_leaves_another_windows_note(home, library, make_app, wait, notices):
    from papertui.tui.widgets.paper_list import PaperList

    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        ids = list(app.screen.query_one(PaperList).ids)
        await pilot.press("t")
        await wait(pilot)
        app.screen.query_one("#prompt-input").value = "mine"
        await pilot.press("enter")
        await wait(pilot)
        other = Library(home)  # another window, later
        other.mark_window()
        other.set_note(ids[1], "written in the other window", base="")
        other.close()
        await pilot.press("u")
        await wait(pilot)
        assert library.record(ids[0]).tags == ()
        assert library.record(ids[1]).note == "written in the other window"
        await pilot.press("u")
        await wait(pilot)
        assert any("Nothing to undo in this window" in n for n in notices(app))
        assert library.record(ids[1]).note == "written in the other window"
