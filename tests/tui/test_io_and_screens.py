"""Export, import, the welcome screen, the help screen and the command palette."""

from __future__ import annotations

import json
from pathlib import Path

from papertui.tui.screens.help import HelpScreen
from papertui.tui.screens.io_dialogs import ExportDialog, ImportDialog
from papertui.tui.screens.main import MainScreen
from papertui.tui.screens.welcome import WelcomeScreen
from papertui.tui.widgets.library_reads import LibraryReads
from papertui.tui.widgets.paper_list import PaperList
from papertui.tui.widgets.search_box import SearchBox

SIZE = (120, 36)

MORE_PAPERS = """Get trending papers in your email inbox!
SubscribeMixture of Experts for Small Devices
We route tokens to tiny experts on phones; code at https://github.com/moe/tiny.
Sparse Attention Without Tears
A study of sparse attention patterns in long-context language models; we find simple block patterns suffice.
"""


async def test_x_exports_the_current_view_to_a_file_and_says_where(library, make_app, wait, notices, tmp_path):
    app = make_app(library)
    target = tmp_path / "out.json"
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        app.screen.query_one(SearchBox).value = "language"
        await wait(pilot)
        await pilot.press("down", "x")
        await wait(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        dialog.query_one("#export-format").value = "json"
        dialog.query_one("#export-path").value = str(target)
        await pilot.click("#export-ok")
        await wait(pilot)
        assert any(f"Wrote 2 papers to {target}" in n for n in notices(app))
    data = json.loads(target.read_text())
    titles = sorted(p["title"] for p in (data if isinstance(data, list) else data["papers"]))
    assert titles == ["Sparse Attention Without Tears", "Speculative Decoding Revisited"]


async def test_export_writes_in_the_current_directory_by_default(library, make_app, wait, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    library.tag(library.browse()[:2], ["reading"])
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        await pilot.press("x")
        await wait(pilot)
        dialog = app.screen
        dialog.query_one("#export-scope").value = "tag:reading"
        dialog.query_one("#export-format").value = "bib"
        await wait(pilot)
        assert dialog.query_one("#export-path").value == "papertui-reading.bib"
        await pilot.click("#export-ok")
        await wait(pilot)
    text = (tmp_path / "papertui-reading.bib").read_text()
    assert text.count("@") == 2


async def test_export_of_the_selection_holds_only_the_selected_papers(library, make_app, wait, tmp_path):
    app = make_app(library)
    target = tmp_path / "sel.md"
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        first = app.screen.query_one(PaperList).current_id
        await pilot.press("space", "x")
        await wait(pilot)
        dialog = app.screen
        dialog.query_one("#export-scope").value = "selection"
        dialog.query_one("#export-path").value = str(target)
        dialog.query_one("#export-path").focus()
        await pilot.press("enter")
        await wait(pilot)
    text = target.read_text()
    assert library.paper(first).title in text
    assert sum(t in text for t in ("Sparse Attention", "Speculative", "Graph Neural", "Retrieval", "Diffusion")) == 1


async def test_i_imports_a_file_and_the_list_grows(library, make_app, wait, notices, tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(MORE_PAPERS)
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        await pilot.press("i")
        await wait(pilot)
        assert isinstance(app.screen, ImportDialog)
        app.screen.query_one("#import-path").value = str(page)
        await pilot.press("enter")
        await wait(pilot)
        assert app.screen.query_one(PaperList).row_count == 6
        assert any("Imported 1 new paper, 1 already known" in n for n in notices(app))
        assert app.screen.sidebar.entry("all").count == 6


async def test_importing_a_file_that_is_not_a_papers_page_says_why(library, make_app, wait, notices, tmp_path):
    page = tmp_path / "notes.txt"
    page.write_text("")
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        await pilot.press("i")
        app.screen.query_one("#import-path").value = str(tmp_path / "missing.txt")
        await pilot.press("enter")
        await wait(pilot)
        assert any("no such file" in n for n in notices(app))
        assert isinstance(app.screen, MainScreen)


async def test_import_from_the_clipboard(library, make_app, wait, monkeypatch):
    from papertui.tui import clipboard

    monkeypatch.setattr(clipboard, "system_paste", lambda timeout=0: MORE_PAPERS)
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        await pilot.press("i")
        await pilot.click("#import-clipboard")
        await wait(pilot)
        assert app.screen.query_one(PaperList).row_count == 6


async def test_papers_imported_by_another_process_show_up(library, make_app, wait, home):
    from papertui.library import Library

    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        app.screen.query_one(LibraryReads).poll_revs()  # the first look only notes where the library is
        await wait(pilot)
        other = Library(home)  # e.g. `papertui import` in another terminal
        other.import_text(MORE_PAPERS, "elsewhere.txt")
        other.close()
        app.screen.query_one(LibraryReads).poll_revs()
        await wait(pilot)
        assert app.screen.query_one(PaperList).row_count == 6


async def test_an_empty_library_opens_on_the_welcome_screen(empty_library, make_app, wait, shown):
    app = make_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        text = shown(app.screen.query_one("#welcome-text"))
        assert "papertui import --clipboard" in text
        assert "demo library" in text


async def test_the_welcome_screen_loads_the_demo_library(empty_library, make_app, wait, monkeypatch, tmp_path):
    page = tmp_path / "demo.txt"
    page.write_text(MORE_PAPERS)
    monkeypatch.setattr("papertui.demo.demo_files", lambda: [page])
    app = make_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        await pilot.press("d")
        await wait(pilot)
        await wait(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.query_one(PaperList).row_count == 2
        assert app.library.count() == 2
    assert empty_library.count() == 0  # a throw-away library: the user's own stays empty


async def test_question_mark_lists_every_key(library, make_app, wait, shown):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        await pilot.press("question_mark")
        await wait(pilot)
        assert isinstance(app.screen, HelpScreen)
        descriptions = {row.description for row in app.screen.rows}
        for wanted in (
            "Tag",
            "Untag",
            "Note",
            "Copy link",
            "Copy as Markdown",
            "Open",
            "Sort",
            "Undo",
            "Redo",
            "Export",
            "Import",
            "Triage",
            "Select",
            "Quit",
            "Toggle quick tag 1",
        ):
            assert wanted in descriptions
        keys = {row.description: row.keys for row in app.screen.rows}
        assert keys["Down"] in ("↓/j", "j/↓")
        assert "Command palette" in shown(app.screen.query_one("#help-table"))
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_the_palette_lists_the_actions_and_runs_one(library, make_app, wait):
    from textual.command import CommandPalette

    from papertui.tui.commands import PapertuiCommands

    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        provider = PapertuiCommands(app.screen)
        titles = [c.title for c in provider._commands()]
        for wanted in ("Tag", "Note", "Export", "Import", "Triage", "Rename a tag…", "Load the demo library"):
            assert wanted in titles
        assert "Down" not in titles
        await pilot.press("ctrl+p")
        await wait(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"sort")
        await wait(pilot)
        await pilot.press("enter")
        await wait(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.sort == "date"


async def test_saving_a_search_adds_it_to_the_sidebar_with_a_count(library, make_app, wait):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        app.screen.query_one(SearchBox).value = "language"
        await wait(pilot)
        await pilot.press("down", "S")
        app.screen.query_one("#prompt-input").value = "LLM"
        await pilot.press("enter")
        await wait(pilot)
        entry = app.screen.sidebar.entry("saved:LLM")
        assert entry is not None and entry.count == 2 and entry.query == "language"
        await pilot.press("escape")  # clear the search
        await wait(pilot)
        app.screen.sidebar.choose("saved:LLM")
        await wait(pilot)
        assert app.screen.query_one(PaperList).row_count == 2


def test_the_stylesheet_is_shipped_beside_the_app():
    import papertui.tui.app as app_module

    assert (Path(app_module.__file__).parent / "papertui.tcss").is_file()
