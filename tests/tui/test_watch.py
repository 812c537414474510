"""The watch list in the app: the dialog, marked rows, the pane's watch line, the sidebar's Watched and New
since last visit entries."""

from __future__ import annotations

from papertui.library import Library
from papertui.store import catalog_merge
from papertui.tui.screens.triage import TriageScreen
from papertui.tui.screens.watch_dialog import WatchDialog
from papertui.tui.ui_state import UIStateFile
from papertui.tui.widgets.abstract_pane import AbstractPane
from papertui.tui.widgets.paper_list import PaperList
from papertui.tui.widgets.row_format import WATCH_MARK
from papertui.tui.widgets.tag_sidebar import TagSidebar

SIZE = (120, 36)
ROBOTS = "Diffusion Policies for Tiny Robots"
NEW_PAGE = (
    "Get trending papers in your email inbox once a day!\n"
    "Get trending papers in your email inbox!\n"
    "SubscribeMamba Meets Tiny Robots\n"
    "We drive palm-sized robots with a selective state space model and release the controller and the "
    "simulator used to train it.\n"
    "Quantum Sheep Counting\n"
    "We count sheep with a small quantum circuit and compare it with classical counting baselines on three "
    "farms.\n"
)


def id_of(library: Library, title: str) -> str:
    return next(p.id for p in library.papers(library.browse()).values() if p.title == title)


async def add_entry(pilot, wait, text: str) -> WatchDialog:
    await pilot.press("w")
    dialog = pilot.app.screen
    assert isinstance(dialog, WatchDialog)
    await wait(pilot)
    dialog.query_one("#watch-input").value = text
    await pilot.press("enter")
    await wait(pilot)
    return dialog


async def test_a_keyword_added_in_the_dialog_marks_rows_and_counts_in_the_sidebar(library, make_app, wait, shown):
    app = make_app(library)
    robots = id_of(library, ROBOTS)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        sidebar = app.screen.query_one(TagSidebar)
        assert sidebar.entry("watched") is None  # nothing watched: no entry
        dialog = await add_entry(pilot, wait, "tiny robots")
        assert [m.entry.text for m in dialog.matches] == ['"tiny robots"']
        assert "1 paper" in shown(dialog.query_one("#watch-entries"))
        assert dialog.query_one("#watch-input").value == ""
        await pilot.press("escape")
        await wait(pilot)
        assert [e.text for e in library.watch_list()] == ['"tiny robots"']
        papers = app.screen.query_one(PaperList)
        assert papers.watched == {robots}
        rows = shown(papers).splitlines()
        assert any(WATCH_MARK in row and ROBOTS in row for row in rows)
        assert sum(WATCH_MARK in row for row in rows) == 1
        sidebar = app.screen.query_one(TagSidebar)
        assert sidebar.entry("watched").count == 1
        assert "Watched" in shown(sidebar)
        sidebar.choose("watched")
        await wait(pilot)
        assert list(papers.ids) == [robots]


async def test_the_pane_says_what_matched_and_highlights_the_words(library, make_app, wait, shown):
    library.watch_add("tiny robots")
    app = make_app(library)
    robots = id_of(library, ROBOTS)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        papers = app.screen.query_one(PaperList)
        papers.move_to(robots)
        await wait(pilot)
        pane = app.screen.query_one(AbstractPane)
        assert pane.paper_id == robots
        assert f"{WATCH_MARK} Watched: tiny robots" in shown(app.screen.query_one("#pane-body"))
        abstract = pane.abstract_text
        lit = {abstract.plain[span.start : span.end] for span in abstract.spans}
        assert lit == {"robots", "tiny", "robot"}  # "palm-sized robots", ".../tiny-robots", ".../robot-sim"
        papers.move_to(id_of(library, "Sparse Attention Without Tears"))
        await wait(pilot)
        assert "Watched:" not in shown(app.screen.query_one("#pane-body"))


async def test_removing_in_the_dialog_and_undo_on_the_list(library, make_app, wait):
    library.watch_add(["tiny robots", "author:hinton"])
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        await pilot.press("w")
        await wait(pilot)
        await pilot.press("tab", "d")  # to the list; the first entry is highlighted
        await wait(pilot)
        assert [e.text for e in library.watch_list()] == ["author:hinton"]
        assert [m.entry.text for m in app.screen.matches] == ["author:hinton"]
        await pilot.press("escape")
        await wait(pilot)
        assert app.screen.query_one(PaperList).watched == frozenset()
        await pilot.press("u")
        await wait(pilot)
        assert [e.text for e in library.watch_list()] == ['"tiny robots"', "author:hinton"]
        assert app.screen.query_one(PaperList).watched == {id_of(library, ROBOTS)}


async def test_a_bad_entry_is_said_and_nothing_is_stored(library, make_app, wait, notices):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        dialog = await add_entry(pilot, wait, '"tiny robots')
        assert any("unbalanced quote" in n for n in notices(app))
        assert dialog.query_one("#watch-input").value == '"tiny robots'  # kept, to be fixed
        assert library.watch_list() == []


async def test_new_since_last_visit_after_a_second_start(library, make_app, wait, monkeypatch):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        assert app.screen.query_one(TagSidebar).entry("new") is None  # a first start: nothing to compare with
    first_start = UIStateFile.of(library).load().last_visit
    assert first_start is not None
    # Imported later than that start (the clock is set ahead rather than waited for).
    monkeypatch.setattr(catalog_merge, "now", lambda: "2999-01-01T00:00:00+00:00")
    library.import_text(NEW_PAGE, "later.txt")
    monkeypatch.undo()
    fresh = {id_of(library, "Mamba Meets Tiny Robots"), id_of(library, "Quantum Sheep Counting")}
    second = make_app(library)
    assert second.previous_visit == first_start
    async with second.run_test(size=SIZE) as pilot:
        await wait(pilot)
        sidebar = second.screen.query_one(TagSidebar)
        assert sidebar.entry("new").count == 2
        sidebar.choose("new")
        await wait(pilot)
        papers = second.screen.query_one(PaperList)
        assert set(papers.ids) == fresh
        await pilot.press("ctrl+t")  # triage walks this view, not the inbox
        await wait(pilot)
        assert isinstance(second.screen, TriageScreen)
        assert set(second.screen.order) == fresh
        await pilot.press("escape")
        await wait(pilot)
        await pilot.press("escape")  # back to All
        await wait(pilot)
        assert papers.row_count == library.count()


async def test_the_watched_view_goes_back_to_all_when_its_last_entry_is_removed(library, make_app, wait):
    library.watch_add("tiny robots")
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        sidebar = app.screen.query_one(TagSidebar)
        sidebar.choose("watched")
        await wait(pilot)
        assert app.screen.query_one(PaperList).row_count == 1
        await pilot.press("w")
        await wait(pilot)
        await pilot.press("tab", "d", "escape")
        await wait(pilot)
        assert sidebar.entry("watched") is None
        assert sidebar.current == "all"
        assert app.screen.query_one(PaperList).row_count == library.count()


async def test_the_pane_names_the_watched_author(library, make_app, wait, shown):
    from papertui.model import ParsedPaper

    paper = ParsedPaper(
        title="Energy Based Models Revisited",
        abstract="We revisit energy based models with a new training recipe for image generation.",
        authors=("Yann LeCun", "Ada Lovelace"),
        reader="arxiv-atom",
    )
    library.import_papers([paper], "feed.xml", reader="arxiv-atom")
    library.watch_add("author:lecun")
    app = make_app(library)
    energy = id_of(library, paper.title)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        papers = app.screen.query_one(PaperList)
        assert papers.watched == {energy}
        papers.move_to(energy)
        await wait(pilot)
        assert f"{WATCH_MARK} Watched: Yann LeCun" in shown(app.screen.query_one("#pane-body"))


async def test_more_like_this_from_a_new_view_ranks_the_whole_library_and_escape_returns(
    library, make_app, wait, monkeypatch
):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
    monkeypatch.setattr(catalog_merge, "now", lambda: "2999-01-01T00:00:00+00:00")
    library.import_text(NEW_PAGE, "later.txt")
    monkeypatch.undo()
    fresh = {id_of(library, "Mamba Meets Tiny Robots"), id_of(library, "Quantum Sheep Counting")}
    second = make_app(library)
    async with second.run_test(size=SIZE) as pilot:
        await wait(pilot)
        screen = second.screen
        screen.sidebar.choose("new")
        await wait(pilot)
        screen.papers.move_to(id_of(library, "Mamba Meets Tiny Robots"))
        await pilot.press("m")
        await wait(pilot)
        assert screen.scope_ids is None
        assert not set(screen.papers.ids) <= fresh  # older papers are among the similar ones
        await pilot.press("escape")
        await wait(pilot)
        assert screen.scope_ids == fresh
        assert set(screen.papers.ids) == fresh
