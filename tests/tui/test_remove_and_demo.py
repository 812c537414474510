"""Removing papers from the main screen (confirmed, undoable), and the welcome screen's demo library, which
never touches the user's own library."""

from __future__ import annotations

from papertui.library import Library
from papertui.tui.screens.dialogs import ChoiceDialog
from papertui.tui.screens.main import MainScreen
from papertui.tui.widgets.paper_list import PaperList

SIZE = (120, 36)


def paper_list(app) -> PaperList:
    return app.screen.query_one(PaperList)


async def test_delete_removes_the_selected_papers_after_a_confirmation_and_u_brings_them_back(
    library: Library, make_app, wait, notices
):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        ids = list(paper_list(app).ids)
        library.tag([ids[0]], ["keep-me"])
        await pilot.press("space", "space")  # selects the first two papers
        await pilot.press("delete")
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog)
        assert dialog.title_text == "Remove 2 papers?"
        titles = [h.title for h in library.rows(ids[:2])]
        assert all(t in dialog.help_text for t in titles)
        await pilot.press("2")  # Remove
        await wait(pilot)
        assert isinstance(app.screen, MainScreen)
        assert list(paper_list(app).ids) == ids[2:]
        assert library.count() == len(ids) - 2
        assert paper_list(app).selected == frozenset()
        assert any("removed 2 papers" in n for n in notices(app))

        await pilot.press("u")
        await wait(pilot)
        assert sorted(paper_list(app).ids) == sorted(ids)
        assert library.record(ids[0]).tags == ("keep-me",)


async def test_delete_on_the_cursor_paper_can_be_cancelled(library: Library, make_app, wait):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        ids = list(paper_list(app).ids)
        await pilot.press("delete")
        assert isinstance(app.screen, ChoiceDialog) and app.screen.title_text == "Remove 1 paper?"
        await pilot.press("enter")  # the first choice keeps the paper
        await wait(pilot)
        assert list(paper_list(app).ids) == ids
        await pilot.press("delete", "escape")
        await wait(pilot)
        assert library.count() == len(ids)


async def test_the_welcome_screens_demo_opens_a_throwaway_library(empty_library: Library, home, make_app, wait):
    app = make_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        assert app.screen.id == "welcome"
        await pilot.press("d")
        await wait(pilot)
        await wait(pilot)
        assert isinstance(app.screen, MainScreen)
        demo_home = app.demo_home
        assert demo_home is not None and demo_home != home
        assert paper_list(app).row_count == 49
        assert app.library.count() == 49
        assert empty_library.count() == 0  # the user's own library stays empty
    assert not demo_home.exists()  # deleted when the app ends
    assert empty_library.count() == 0


async def test_the_palette_offers_remove_and_it_asks_first(library: Library, make_app, wait):
    from papertui.tui.commands import PapertuiCommands

    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        commands = {c.title: c for c in PapertuiCommands(app.screen)._commands()}
        assert commands["Remove"].help.startswith("Remove the selected papers")
        await commands["Remove"].run()
        await wait(pilot)
        assert isinstance(app.screen, ChoiceDialog) and app.screen.title_text == "Remove 1 paper?"
