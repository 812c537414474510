"""Reading a paper in the reading pane for a few seconds marks it seen (it leaves the inbox as kept).

Only opening a paper (enter) counts: moving through the list never marks anything, and one opening marks at most
one paper, so the inbox cannot drain by itself while the app sits open on it.
"""

from __future__ import annotations

from papertui.tui.widgets.paper_list import PaperList

SIZE = (120, 36)


async def until(pilot, condition, rounds: int = 2000) -> None:
    """Let the app run until `condition()` holds (gated on the state, not on a length of time; the round count
    only gives up on a hang, generously, since a loaded machine fires the timer late)."""
    for _ in range(rounds):
        if condition():
            return
        await pilot.pause(0.01)
        await pilot.app.workers.wait_for_complete()
    raise AssertionError("the app never got there")


async def test_reading_a_paper_for_a_while_marks_it_seen(library, make_app, wait, shown):
    app = make_app(library, seen_after_s=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        screen = app.screen
        pid = screen.papers.current_id
        await pilot.press("enter")
        await until(pilot, lambda: library.record(pid).triage == "kept")
        await wait(pilot)
        assert app.focused is screen.pane and screen.pane.paper_id == pid
        assert screen.sidebar.entry("unseen").count == 4
        assert screen.pane._seen_timer is None  # one opening, one paper


async def test_moving_through_the_list_marks_nothing(library, make_app, wait):
    app = make_app(library, seen_after_s=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        await pilot.press("j", "j", "k")
        await wait(pilot)
        assert app.screen.pane._seen_timer is None
        assert {r.triage for r in library.records().values()} <= {"unseen"}


async def test_reading_in_the_inbox_view_keeps_the_paper_on_screen(library, make_app, wait):
    app = make_app(library, seen_after_s=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        screen = app.screen
        screen.sidebar.choose("unseen")
        await wait(pilot)
        pid = screen.papers.current_id
        await pilot.press("enter")
        await until(pilot, lambda: library.record(pid).triage == "kept")
        await wait(pilot)
        # The paper being read stays in front of the reader; it leaves the inbox list at the next refresh.
        assert screen.pane.paper_id == pid and screen.papers.current_id == pid
        assert screen.query_one(PaperList).row_count == 5
        assert sum(1 for r in library.records().values() if r.triage == "kept") == 1


async def test_zero_turns_marking_seen_off(library, make_app, wait):
    app = make_app(library, seen_after_s=0)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        await pilot.press("enter")
        await wait(pilot)
        assert app.screen.pane._seen_timer is None


def test_the_setting_defaults_to_three_seconds_and_is_read_from_tui_state(library, make_app):
    app = make_app(library)
    assert app.seen_after_s == 3.0
    app.ui_state.update(seen_after_s=0.0)
    assert make_app(library).seen_after_s == 0.0


async def test_the_help_says_how_seen_works(library, make_app, wait, shown):
    app = make_app(library, seen_after_s=3)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        await pilot.press("question_mark")
        await wait(pilot)
        text = shown(app.screen.query_one("#help-seen"))
        assert "3 s" in text and "seen_after_s" in text
