"""Tags, quick tags, notes, bulk actions and undo/redo from the main screen: shown at once AND on disk."""

from __future__ import annotations

from papertui.library import Library
from papertui.tui.screens.dialogs import ChoiceDialog, PromptDialog
from papertui.tui.screens.note import NoteScreen
from papertui.tui.widgets.paper_list import PaperList
from papertui.tui.widgets.tag_sidebar import TagSidebar

SIZE = (120, 36)


def current(app) -> str:
    return app.screen.query_one(PaperList).current_id


async def add_tag(pilot, wait, tag: str) -> None:
    await pilot.press("t")
    dialog = pilot.app.screen
    assert isinstance(dialog, PromptDialog)
    dialog.query_one("#prompt-input").value = tag
    await pilot.press("enter")
    await wait(pilot)


async def test_t_adds_a_tag_shown_in_list_sidebar_and_store(library, make_app, wait, shown):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        pid = current(app)
        await add_tag(pilot, wait, "reading")
        assert library.record(pid).tags == ("reading",)
        assert app.screen.query_one(PaperList).hit(pid).tags == ("reading",)
        assert "#reading" in shown(app.screen.query_one(PaperList))
        sidebar = app.screen.query_one(TagSidebar)
        assert sidebar.entry("tag:reading").count == 1
        assert "#reading" in shown(app.screen.query_one("#pane-body"))


async def test_the_tag_dialog_completes_existing_tags(library, make_app, wait):
    ids = library.browse()
    library.tag(ids[-1:], ["reinforcement-learning"])
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        await pilot.press("t", *"rein")
        await wait(pilot)
        await pilot.press("right", "enter")
        await wait(pilot)
        assert library.record(current(app)).tags == ("reinforcement-learning",)


async def test_tab_in_the_tag_dialog_accepts_the_suggestion(library, make_app, wait):
    ids = library.browse()
    library.tag(ids[-1:], ["diffusion"])
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        pid = current(app)
        await pilot.press("t", *"diff")
        await wait(pilot)
        await pilot.press("tab")
        await wait(pilot)
        assert app.screen.query_one("#prompt-input").value == "diffusion"
        await pilot.press("enter")
        await wait(pilot)
        assert library.record(pid).tags == ("diffusion",)


async def test_T_removes_a_tag_chosen_among_the_papers_tags(library, make_app, wait):
    pid = library.browse()[0]
    library.tag([pid], ["a", "b"])
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        assert current(app) == pid
        await pilot.press("T")
        await wait(pilot)
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("2")
        await wait(pilot)
        assert library.record(pid).tags == ("a",)


async def test_number_keys_toggle_the_most_used_tags(library, make_app, wait):
    ids = library.browse()
    library.tag(ids[1:4], ["popular"])
    library.tag(ids[1:2], ["rare"])
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        pid = current(app)
        assert app.tag_names[:2] == ["popular", "rare"]
        await pilot.press("1")
        await wait(pilot)
        assert library.record(pid).tags == ("popular",)
        await pilot.press("1")
        await wait(pilot)
        assert library.record(pid).tags == ()
        await pilot.press("2")
        await wait(pilot)
        assert library.record(pid).tags == ("rare",)


async def test_quick_tag_numbers_stay_put_when_the_counts_change(home, library, make_app, wait, shown):
    ids = library.browse()
    library.tag(ids[3:5], ["popular"])
    library.tag(ids[4:5], ["rare"])
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        # "rare" overtakes "popular" after the second toggle; key 2 must still mean "rare" for the third.
        for n in range(3):
            assert current(app) == ids[n]
            await pilot.press("2")
            await wait(pilot)
            await pilot.press("j")
            await wait(pilot)
        assert set(library.ids_with_tags(["rare"])) == {ids[0], ids[1], ids[2], ids[4]}
        assert set(library.ids_with_tags(["popular"])) == {ids[3], ids[4]}
        sidebar = shown(app.screen.query_one(TagSidebar))
        assert "1 #popular" in sidebar and "2 #rare" in sidebar
    assert app.ui_state.load().quick_tags[:2] == ("popular", "rare")


async def test_a_quick_tag_number_can_be_pinned_to_another_tag(library, make_app, wait):
    ids = library.browse()
    library.tag(ids[3:5], ["popular"])
    library.tag(ids[4:5], ["rare"])
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        app.screen.action_pin_quick_tag()
        await wait(pilot)
        app.screen.query_one("#prompt-input").value = "1 rare"
        await pilot.press("enter")
        await wait(pilot)
        assert app.ui_state.load().quick_tags[:2] == ("rare", "popular")
        await pilot.press("1")
        await wait(pilot)
        assert "rare" in library.record(ids[0]).tags


async def test_a_quick_tag_that_does_not_exist_says_so(library, make_app, wait, notices):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        await pilot.press("9")
        await wait(pilot)
        assert any("No quick tag 9" in n for n in notices(app))


async def test_bulk_tag_applies_to_the_selection(library, make_app, wait):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        ids = list(app.screen.query_one(PaperList).ids)
        await pilot.press("space", "space", "space")
        await add_tag(pilot, wait, "batch")
        assert set(library.ids_with_tags(["batch"])) == set(ids[:3])


async def test_a_note_is_saved_on_escape_and_still_there_after_a_restart(home, library, make_app, wait):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        pid = current(app)
        await pilot.press("n")
        await wait(pilot)
        assert isinstance(app.screen, NoteScreen)
        app.screen.query_one("#note-text").text = "Read **section 3** first."
        await pilot.press("escape")
        await wait(pilot)
        assert library.record(pid).note == "Read **section 3** first."
    library.close()
    again = Library(home)
    try:
        assert again.record(pid).note == "Read **section 3** first."
        app2 = make_app(again)
        async with app2.run_test(size=SIZE) as pilot:
            await wait(pilot)
            await pilot.press("n")
            await wait(pilot)
            assert app2.screen.query_one("#note-text").text == "Read **section 3** first."
    finally:
        again.close()


async def test_quitting_while_editing_a_note_saves_it(library, make_app, wait):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        pid = current(app)
        await pilot.press("n")
        await wait(pilot)
        app.screen.query_one("#note-text").text = "half-written thought"
        await pilot.press("ctrl+q")  # q itself types a "q" into the note
        await wait(pilot)
    assert library.record(pid).note == "half-written thought"


async def test_a_failed_note_save_keeps_the_text_for_a_retry(library, make_app, wait, notices, monkeypatch):
    from papertui.errors import PapertuiError

    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        pid = current(app)

        def broken(*args, **kwargs):
            raise PapertuiError("the library is locked by another papertui")

        monkeypatch.setattr(library, "set_note", broken)
        await pilot.press("n")
        await wait(pilot)
        app.screen.query_one("#note-text").text = "precious"
        await pilot.press("escape")
        await wait(pilot)
        assert any("locked" in n and "kept" in n for n in notices(app))
        monkeypatch.undo()
        await pilot.press("n")
        await wait(pilot)
        assert app.screen.query_one("#note-text").text == "precious"
        await pilot.press("escape")
        await wait(pilot)
        assert library.record(pid).note == "precious"


async def test_undo_and_redo_reverse_a_tag_and_say_what_they_did(library, make_app, wait, notices):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        pid = current(app)
        await add_tag(pilot, wait, "oops")
        await pilot.press("u")
        await wait(pilot)
        assert library.record(pid).tags == ()
        assert app.screen.query_one(PaperList).hit(pid).tags == ()
        assert any("undid" in n.lower() for n in notices(app))
        await pilot.press("ctrl+r")
        await wait(pilot)
        assert library.record(pid).tags == ("oops",)
        await pilot.press("ctrl+r")
        await wait(pilot)
        assert any("Nothing to redo" in n for n in notices(app))
