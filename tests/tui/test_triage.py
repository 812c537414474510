"""Triage mode: one unseen paper at a time — keep, skip, back, undo, and resume where the user left off."""

from __future__ import annotations

from papertui.library import Library
from papertui.tui.screens.triage import TriageScreen

SIZE = (120, 36)


async def open_triage(pilot, wait) -> TriageScreen:
    await wait(pilot)
    await pilot.press("ctrl+t")
    await wait(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, TriageScreen)
    return screen


def count_label(screen: TriageScreen) -> str:
    return str(screen.query_one("#triage-count").render())


async def test_keep_and_skip_record_the_decision_and_move_on(library, make_app, wait, shown):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_triage(pilot, wait)
        first, second = screen.order[0], screen.order[1]
        assert screen.order == library.browse("date")
        assert "1 / 5 · 0 kept" in count_label(screen)
        title = library.paper(first).title
        assert title in shown(screen.query_one("#triage-body"))
        await pilot.press("k")
        await wait(pilot)
        assert library.record(first).triage == "kept"
        assert screen.current_paper_id() == second
        await pilot.press("s")
        await wait(pilot)
        assert library.record(second).triage == "skipped"
        assert "3 / 5 · 1 kept · 1 skipped" in count_label(screen)
        assert screen.query_one("#triage-progress").progress == 2


async def test_the_keys_are_shown_on_screen(library, make_app, wait, shown):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_triage(pilot, wait)
        keys = shown(screen.query_one("#triage-keys"))
        for word in ("keep", "skip", "back", "undo", "tag", "note", "copy link"):
            assert word in keys


async def test_back_returns_to_the_previous_paper(library, make_app, wait):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_triage(pilot, wait)
        first = screen.current_paper_id()
        await pilot.press("right")
        await wait(pilot)
        await pilot.press("left")
        await wait(pilot)
        assert screen.current_paper_id() == first
        assert library.record(first).triage == "kept"


async def test_undo_reverses_the_last_decision_and_shows_that_paper(library, make_app, wait):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_triage(pilot, wait)
        first = screen.current_paper_id()
        await pilot.press("k")
        await wait(pilot)
        await pilot.press("u")
        await wait(pilot)
        assert library.record(first).triage == "unseen"
        assert screen.current_paper_id() == first
        assert "0 kept" in count_label(screen)


async def test_tagging_in_triage_tags_the_paper_on_screen(library, make_app, wait):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_triage(pilot, wait)
        pid = screen.current_paper_id()
        await pilot.press("t")
        app.screen.query_one("#prompt-input").value = "later"
        await pilot.press("enter")
        await wait(pilot)
        assert library.record(pid).tags == ("later",)
        assert app.screen is screen


async def test_leaving_and_coming_back_resumes_at_the_same_paper(home, library, make_app, wait):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_triage(pilot, wait)
        order = list(screen.order)
        await pilot.press("k", "s")
        await wait(pilot)
        await pilot.press("escape")
        await wait(pilot)
        assert not isinstance(app.screen, TriageScreen)
        screen = await open_triage(pilot, wait)
        assert screen.current_paper_id() == order[2]
        await pilot.press("b")
        await wait(pilot)
    library.close()
    # Quitting and starting again resumes too (the position is saved beside the library).
    again = Library(home)
    try:
        app2 = make_app(again)
        async with app2.run_test(size=SIZE) as pilot:
            screen = await open_triage(pilot, wait)
            assert screen.order == order
            assert screen.current_paper_id() == order[1]
            assert "2 / 5 · 1 kept · 1 skipped" in count_label(screen)
    finally:
        again.close()


async def test_the_end_of_the_walk_says_so_and_r_starts_a_new_one(library, make_app, wait, shown):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_triage(pilot, wait)
        await pilot.press("k", "s", "s", "s", "s")
        await wait(pilot)
        assert "All 5 papers triaged: 1 kept, 4 skipped" in shown(screen.query_one("#triage-body"))
        await pilot.press("r")
        await wait(pilot)
        assert screen.order == []
        assert "Inbox zero" in shown(screen.query_one("#triage-body"))


async def test_triage_decisions_show_in_the_main_list_afterwards(library, make_app, wait):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_triage(pilot, wait)
        first = screen.current_paper_id()
        await pilot.press("k", "escape")
        await wait(pilot)
        papers = app.screen.papers
        assert papers.hit(first).triage == "kept"
        assert app.screen.sidebar.entry("unseen").count == 4
