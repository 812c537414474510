"""The virtual paper list on its own: only visible rows are read and drawn, whatever the size of the view."""

from __future__ import annotations

import time
from collections.abc import Sequence

from textual.app import App, ComposeResult

from papertui.index.engine import Hit
from papertui.tui.widgets.paper_list import PaperList

ROWS = 100_000


def fake_hit(pid: str) -> Hit:
    return Hit(
        id=pid,
        score=0.0,
        title=f"Paper number {pid}",
        github=None,
        has_code=False,
        date="",
        upvotes=None,
        authors_count=None,
        tags=(),
        triage="unseen",
    )


class ListApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.requested: list[str] = []
        self.moves: list[str | None] = []

    def load(self, ids: Sequence[str]) -> list[Hit]:
        self.requested.extend(ids)
        return [fake_hit(i) for i in ids]

    def compose(self) -> ComposeResult:
        yield PaperList(self.load, id="papers")

    def on_paper_list_cursor_moved(self, message: PaperList.CursorMoved) -> None:
        self.moves.append(message.paper_id)


async def test_a_hundred_thousand_rows_are_shown_without_reading_them_all():
    app = ListApp()
    async with app.run_test(size=(100, 30)) as pilot:
        papers = app.query_one(PaperList)
        ids = [f"p{i}" for i in range(ROWS)]
        started = time.perf_counter()
        papers.set_rows(ids)
        elapsed = time.perf_counter() - started
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert elapsed < 0.5  # replacing the view is O(visible rows), not O(rows)
        assert papers.row_count == ROWS
        assert 0 < len(app.requested) < 200
        assert papers.hit("p0") is not None


async def test_jumping_to_the_end_reads_only_the_rows_around_it():
    app = ListApp()
    async with app.run_test(size=(100, 30)) as pilot:
        papers = app.query_one(PaperList)
        papers.set_rows([f"p{i}" for i in range(ROWS)])
        papers.focus()
        await pilot.pause()
        await app.workers.wait_for_complete()
        app.requested.clear()
        await pilot.press("G")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert papers.cursor == ROWS - 1
        assert f"p{ROWS - 1}" in app.requested
        assert len(app.requested) < 200
        assert papers.current_hit.title == f"Paper number p{ROWS - 1}"


async def test_a_burst_of_cursor_moves_reaches_the_listener_as_few_messages():
    app = ListApp()
    async with app.run_test(size=(100, 30)) as pilot:
        papers = app.query_one(PaperList)
        papers.set_rows([f"p{i}" for i in range(1000)], [fake_hit(f"p{i}") for i in range(1000)])
        await pilot.pause()
        app.moves.clear()
        for _ in range(50):
            papers.action_cursor_down()
        await pilot.pause()
        assert app.moves[-1] == "p50"
        assert len(app.moves) < 50


async def test_space_marks_rows_and_moves_on():
    app = ListApp()
    async with app.run_test(size=(100, 30)) as pilot:
        papers = app.query_one(PaperList)
        papers.set_rows(["a", "b", "c"], [fake_hit(i) for i in "abc"])
        papers.focus()
        await pilot.press("space", "space")
        assert papers.selected == {"a", "b"}
        assert papers.cursor == 2
        await pilot.press("k", "space")
        assert papers.selected == {"a"}


async def test_new_rows_keep_the_cursor_on_the_same_paper():
    app = ListApp()
    async with app.run_test(size=(100, 30)) as pilot:
        papers = app.query_one(PaperList)
        papers.set_rows(["a", "b", "c"], [fake_hit(i) for i in "abc"])
        papers.move_to("b")
        papers.set_rows(["c", "b", "a"], [fake_hit(i) for i in "cba"], keep="b")
        await pilot.pause()
        assert papers.current_id == "b" and papers.cursor == 1
        papers.set_rows(["x"], [fake_hit("x")], keep="b")
        assert papers.current_id == "x"


async def test_an_empty_view_says_so():
    app = ListApp()
    async with app.run_test(size=(60, 10)) as pilot:
        papers = app.query_one(PaperList)
        papers.set_rows([])
        await pilot.pause()
        assert papers.current_id is None
        assert "No papers." in papers.render_line(1).text


async def test_a_refresh_keeps_the_current_paper_at_the_same_place_on_screen():
    app = ListApp()
    async with app.run_test(size=(100, 30)) as pilot:
        papers = app.query_one(PaperList)
        ids = [f"p{i}" for i in range(1000)]
        papers.set_rows(ids, [fake_hit(i) for i in ids])
        await pilot.pause()
        papers.move_to("p500")
        await pilot.pause()
        papers.action_cursor_up()  # the cursor is now a row above the bottom edge of the viewport
        await pilot.pause()
        before = papers.cursor - papers.scroll_offset.y
        papers.set_rows(ids, [fake_hit(i) for i in ids], keep=papers.current_id)
        await pilot.pause()
        assert papers.current_id == "p499"
        assert papers.cursor - papers.scroll_offset.y == before
