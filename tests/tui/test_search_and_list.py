"""The main screen's promises about searching, the list, sorting and the reading pane."""

from __future__ import annotations

from papertui.tui.widgets.abstract_pane import AbstractPane
from papertui.tui.widgets.paper_list import PaperList
from papertui.tui.widgets.search_box import SearchBox

SIZE = (120, 36)


def titles(app) -> list[str]:
    papers = app.screen.query_one(PaperList)
    return [papers.hit(pid).title for pid in papers.ids if papers.hit(pid)]


async def type_query(pilot, wait, text: str) -> None:
    await pilot.press("slash")
    pilot.app.screen.query_one(SearchBox).value = text
    await wait(pilot)


async def test_empty_query_browses_the_whole_library(library, make_app, wait, shown):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        papers = app.screen.query_one(PaperList)
        assert papers.row_count == 5
        assert app.screen.status.status.shown == 5
        assert "5 of 5 papers" in shown(app.screen.status)


async def test_search_narrows_the_list_and_highlights_the_terms(library, make_app, wait, shown):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        await type_query(pilot, wait, "diffus")
        assert titles(app) == ["Diffusion Policies for Tiny Robots"]
        assert "1 of 5 papers" in shown(app.screen.status)
        assert "Diffusion Policies for Tiny Robots" in shown(app.screen.query_one(PaperList))
        pane = app.screen.query_one(AbstractPane)
        assert "We train diffusion policies" in shown(app.screen.query_one("#pane-body"))
        # The typed prefix lights up the whole word, in the abstract and in the list's title.
        lit = [pane.abstract_text.plain[s.start : s.end] for s in pane.abstract_text.spans]
        assert lit == ["diffusion"]
        assert app.screen.query_one(PaperList).span_finder("Diffusion Policies") == [(0, 9)]


async def test_typing_keeps_focus_in_the_search_box(library, make_app, wait):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        await pilot.press("slash", *"spars")
        await wait(pilot)
        assert isinstance(app.focused, SearchBox)
        assert titles(app) == ["Sparse Attention Without Tears"]


async def test_enter_moves_to_the_list_with_the_top_result_selected(library, make_app, wait):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        await type_query(pilot, wait, "language")
        assert len(titles(app)) == 2
        await pilot.press("enter")
        await wait(pilot)
        papers = app.screen.query_one(PaperList)
        assert app.focused is papers
        assert papers.cursor == 0
        assert app.screen.query_one(SearchBox).value == "language"


async def test_down_in_the_search_box_moves_to_the_list(library, make_app, wait):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        await type_query(pilot, wait, "code")
        await pilot.press("down")
        await wait(pilot)
        assert isinstance(app.focused, PaperList)
        assert app.screen.query_one(SearchBox).value == "code"


async def test_escape_clears_the_search_and_shows_everything_again(library, make_app, wait):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        await type_query(pilot, wait, "protein")
        assert len(titles(app)) == 1
        await pilot.press("escape")
        await wait(pilot)
        assert app.screen.query_one(SearchBox).value == ""
        assert app.screen.query_one(PaperList).row_count == 5


async def test_a_bad_query_shows_a_gentle_hint_not_an_error(library, make_app, wait, notices):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        await type_query(pilot, wait, 'year:soon "attention')
        status = app.screen.status.status
        assert status.hint
        assert not [n for n in notices(app) if "error" in n.lower()]


async def test_cursor_keys_move_and_the_pane_follows(library, make_app, wait):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        papers = app.screen.query_one(PaperList)
        pane = app.screen.query_one(AbstractPane)
        await pilot.press("j", "j")
        await wait(pilot)
        assert papers.cursor == 2
        assert pane.paper_id == papers.current_id
        await pilot.press("G")
        await wait(pilot)
        assert papers.cursor == 4
        await pilot.press("g")
        await wait(pilot)
        assert papers.cursor == 0
        assert pane.paper_id == papers.ids[0]


async def test_enter_on_the_list_focuses_the_abstract_and_escape_returns(library, make_app, wait):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        await pilot.press("enter")
        assert isinstance(app.focused, AbstractPane)
        await pilot.press("escape")
        assert isinstance(app.focused, PaperList)


async def test_s_cycles_the_sort_and_the_status_line_says_which(library, make_app, wait, shown):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        seen = []
        for _ in range(4):
            await pilot.press("s")
            await wait(pilot)
            seen.append(app.screen.status.status.sort)
        assert seen == ["date", "upvotes", "title", "newest added"]
        await pilot.press("s", "s", "s")
        await wait(pilot)
        assert titles(app) == sorted(titles(app), key=str.casefold)
        assert "sort: title" in shown(app.screen.status)


async def test_space_selects_papers_and_the_status_counts_them(library, make_app, wait, shown):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        await pilot.press("space", "space")
        papers = app.screen.query_one(PaperList)
        assert len(papers.selected) == 2
        assert "2 selected" in shown(app.screen.status)
        await pilot.press("escape")
        assert not papers.selected


async def test_choosing_a_sidebar_filter_narrows_the_list(library, make_app, wait, shown):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        app.screen.sidebar.choose("code")
        await wait(pilot)
        assert sorted(titles(app)) == ["Diffusion Policies for Tiny Robots", "Retrieval Augmented Generation at Scale"]
        assert "in Has code" in shown(app.screen.status)


async def test_the_reading_pane_shows_when_it_has_focus(library, make_app, wait, shown):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait(pilot)
        pane = app.screen.query_one(AbstractPane)
        papers = app.screen.query_one(PaperList)
        assert "Abstract" in shown(pane)
        assert "reading" not in shown(pane)
        await pilot.press("enter")
        await wait(pilot)
        assert app.focused is pane
        assert "reading" in shown(pane) and "esc" in shown(pane)
        await pilot.press("escape")
        await wait(pilot)
        assert app.focused is papers and "reading" not in shown(pane)


async def test_an_action_key_acts_on_the_paper_the_pane_shows(library, make_app, wait, monkeypatch, shown):
    from papertui.tui.screens.dialogs import PromptDialog
    from papertui.tui.widgets import reader_panel

    # The pane follows the cursor only after the keys pause while typing; make that pause never end here, so
    # the test sees what a fast typist sees: the action key arrives before the pane caught up.
    monkeypatch.setattr(reader_panel, "PANE_WHILE_TYPING_S", 3600)
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait(pilot)
        screen = app.screen
        before = screen.pane.paper_id
        await pilot.press("slash")
        screen.query_one(SearchBox).value = "protein folding"
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("down", "t")
        assert isinstance(app.screen, PromptDialog)
        target = screen.papers.current_id
        assert target != before
        assert screen.pane.paper_id == target
        await pilot.pause()
        assert "Graph Neural Networks for Protein Folding" in shown(screen.pane.query_one("#pane-body"))
        app.screen.query_one("#prompt-input").value = "fast"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        assert library.record(target).tags == ("fast",)


async def test_slash_in_the_search_box_selects_the_query_instead_of_typing_it(library, make_app, wait):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait(pilot)
        await pilot.press("slash", *"graph", "slash")
        await wait(pilot)
        box = app.screen.query_one(SearchBox)
        assert box.value == "graph"
        await pilot.press(*"sparse")
        await wait(pilot)
        assert box.value == "sparse"  # the selected query was replaced


async def test_the_footer_shows_only_keys_that_work_in_the_search_box(library, make_app, wait):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait(pilot)

        def footer() -> list[str]:
            return [str(key.render()) for key in app.screen.query_one("Footer").query("FooterKey")]

        assert "/ Search" in footer() and "t Tag" in footer()
        await pilot.press("slash")
        await wait(pilot)
        keys = footer()
        assert "esc Clear search" in keys
        # Every printable key types into the box: none may be offered as a command here.
        assert all(not (len(k.split()[0]) == 1 and k.split()[0].isprintable()) for k in keys), keys


async def test_a_word_followed_by_a_space_is_a_whole_word_not_a_prefix(library, make_app, wait):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait(pilot)
        await type_query(pilot, wait, "robo")
        assert titles(app) == ["Diffusion Policies for Tiny Robots"]
        await type_query(pilot, wait, "robo ")  # the space ends the word: "robo" itself is in no paper
        assert titles(app) == []


async def test_an_estimated_total_and_a_capped_prefix_are_said_in_the_status_line(library, make_app, wait):
    from papertui.tui.widgets.status_line import Status, status_text

    line = str(status_text(Status(shown=4887, total=10000, about=True, notice="prefix 'co' uses its 8 commonest")))
    assert line.startswith("about 4,900 of 10,000 papers") and "prefix 'co' uses its 8 commonest" in line
    assert str(status_text(Status(shown=5238, total=10000))).startswith("5,238 of 10,000 papers")
