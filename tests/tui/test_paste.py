"""Pasting a page (bracketed paste) imports it: the common case over SSH, where no clipboard tool exists."""

from __future__ import annotations

from textual import events

from papertui.tui.screens.io_dialogs import ImportDialog
from papertui.tui.screens.main import MainScreen
from papertui.tui.screens.welcome import WelcomeScreen
from papertui.tui.widgets.paper_list import PaperList
from papertui.tui.widgets.search_box import SearchBox

SIZE = (120, 36)

PASTED_PAGE = """Get trending papers in your email inbox!
SubscribeMixture of Experts for Small Devices
We route tokens to tiny experts on phones; code at https://github.com/moe/tiny.
Kernel Methods for Tabular Data Revisited
We revisit kernel methods on tabular benchmarks and find them competitive with boosted trees.
"""


async def paste(pilot, wait, text: str) -> None:
    pilot.app.post_message(events.Paste(text))
    await wait(pilot)


async def test_pasting_a_page_in_the_list_imports_it(library, make_app, wait, notices):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        assert isinstance(app.focused, PaperList)
        await paste(pilot, wait, PASTED_PAGE)
        assert library.count() == 7
        assert any("Imported 2 new papers from pasted text" in n for n in notices(app))
        assert app.screen.query_one(PaperList).row_count == 7


async def test_pasting_one_line_in_the_list_searches_for_it(library, make_app, wait):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        await paste(pilot, wait, "protein folding")
        assert library.count() == 5
        assert app.screen.query_one(SearchBox).value == "protein folding"
        assert app.screen.query_one(PaperList).row_count == 1


async def test_pasting_a_page_on_the_welcome_screen_imports_it(empty_library, make_app, wait):
    app = make_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        await paste(pilot, wait, PASTED_PAGE)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.query_one(PaperList).row_count == 2
    assert empty_library.count() == 2


async def test_a_page_pasted_in_the_import_dialog_is_page_text_not_a_path(library, make_app, wait):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        await pilot.press("i")
        await wait(pilot)
        assert isinstance(app.screen, ImportDialog)
        assert app.focused is app.screen.query_one("#import-path")
        await paste(pilot, wait, PASTED_PAGE)
        assert isinstance(app.screen, MainScreen)
        assert library.count() == 7


async def test_a_path_pasted_in_the_import_dialog_stays_a_path(library, make_app, wait):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        await pilot.press("i")
        await wait(pilot)
        await paste(pilot, wait, "~/papers/today.txt")
        assert isinstance(app.screen, ImportDialog)
        assert app.screen.query_one("#import-path").value == "~/papers/today.txt"
