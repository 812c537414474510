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
        assert screen.order == library.browse("relevance")
        assert "1 / 5 · 0 kept" in count_label(screen)
        title = library.paper(first).title
        assert title in shown(screen.query_one("#triage-body"))
        await pilot.press("y")
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
        for word in ("keep", "skip", "previous", "next", "undo", "tag", "note", "copy link"):
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
        assert library.record(first).triage == "unseen"


async def test_undo_reverses_the_last_decision_and_shows_that_paper(library, make_app, wait):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_triage(pilot, wait)
        first = screen.current_paper_id()
        await pilot.press("y")
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
        await pilot.press("y", "s")
        await wait(pilot)
        await pilot.press("escape")
        await wait(pilot)
        assert not isinstance(app.screen, TriageScreen)
        screen = await open_triage(pilot, wait)
        assert screen.current_paper_id() == order[2]
        await pilot.press("left")
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
        await pilot.press("y", "s", "s", "s", "s")
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
        await pilot.press("y", "escape")
        await wait(pilot)
        papers = app.screen.papers
        assert papers.hit(first).triage == "kept"
        assert app.screen.sidebar.entry("unseen").count == 4


async def test_moving_only_moves_and_never_decides(library, make_app, wait):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_triage(pilot, wait)
        order = list(screen.order)
        for key in ("right", "l", "j"):
            await pilot.press(key)
            await wait(pilot)
        assert screen.current_paper_id() == order[3]
        for key in ("left", "h", "k"):
            await pilot.press(key)
            await wait(pilot)
        assert screen.current_paper_id() == order[0]
        assert {library.record(pid).triage for pid in order} == {"unseen"}
        assert "0 kept · 0 skipped" in count_label(screen)


async def test_the_decision_keys_are_in_the_footer_and_the_keys_bar(library, make_app, wait, shown):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_triage(pilot, wait)
        footer = " ".join(str(key.render()) for key in screen.query_one("Footer").query("FooterKey"))
        assert "Keep" in footer and "Skip" in footer
        keys = shown(screen.query_one("#triage-keys"))
        assert " y  keep" in keys and " s  skip" in keys and "previous" in keys and "next" in keys


async def test_remapped_triage_keys_show_in_the_keys_bar(home, library, make_app, wait, shown):
    library.keymap_file.write_text('{"triage.keep": "enter"}', encoding="utf-8")
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_triage(pilot, wait)
        first = screen.current_paper_id()
        assert "keep" in shown(screen.query_one("#triage-keys"))
        assert " y  keep" not in shown(screen.query_one("#triage-keys"))
        await pilot.press("enter")
        await wait(pilot)
        assert library.record(first).triage == "kept"


DATED_PAGE = """Daily Papers

Old Dated Paper About Things

An abstract about old dated things that is long enough to be an abstract of a paper, surely.

  • 2 authors
·
Mar 12, 2025

Another Old Dated Paper

A second abstract about other old things that is long enough to be an abstract of a paper too.

  • 3 authors
·
Mar 11, 2025
"""


TODAY_PAGE = """Get trending papers in your email inbox once a day!
Get trending papers in your email inbox!
SubscribeUndated Paper Imported Today
An abstract of a paper imported today, long enough to look like a real abstract of a real paper.
Another Undated Paper From Today
A second abstract of a paper imported today, also long enough to look like an abstract of a paper.
"""


async def test_the_inbox_walk_starts_with_the_newest_import(home, make_app, wait):
    lib = Library(home)
    try:
        lib.import_text(DATED_PAGE, "last-month.txt")
        old = set(lib.browse())
        lib.import_text(TODAY_PAGE, "today.txt")
        app = make_app(lib)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_triage(pilot, wait)
            assert len(screen.order) == 4
            assert not old & set(screen.order[:2])
            assert set(screen.order[2:]) == old
    finally:
        lib.close()


async def test_triage_from_a_view_walks_that_view_in_its_order(library, make_app, wait):
    ids = library.browse()
    library.tag([ids[3], ids[1]], ["later"])
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        app.screen.sidebar.choose("tag:later")
        await wait(pilot)
        view = list(app.screen.papers.ids)
        assert sorted(view) == sorted([ids[1], ids[3]])
        screen = await open_triage(pilot, wait)
        assert screen.order == view
        assert "later" in str(screen.query_one("#triage-title").render())
        await pilot.press("y", "y")
        await wait(pilot)
        assert library.record(ids[0]).triage == "unseen"
        assert library.record(ids[1]).triage == library.record(ids[3]).triage == "kept"


async def test_the_help_on_the_triage_screen_lists_its_keys(library, make_app, wait, shown):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await open_triage(pilot, wait)
        await pilot.press("question_mark")
        await wait(pilot)
        text = shown(app.screen.query_one("#help-table"))
        lines = [" ".join(line.split()) for line in text.splitlines()]
        assert "y Keep — Keep the paper (it leaves the inbox) and show the next" in lines
        assert any(line.startswith("s Skip") for line in lines)
        assert any(line.startswith("←/h/k Previous") for line in lines)
        assert any(line.startswith("→/l/j Next") for line in lines)
