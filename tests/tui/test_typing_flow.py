"""What happens around a typed key: one screen update for the list, the pane once the keys pause, the
"searching…" note only for a slow search, and nothing started before the first paint that it does not need.

No wall-clock waits: a slow search is one held on an event, and the busy timer's end is fired by the test."""

from __future__ import annotations

import asyncio
import threading

from papertui.index.engine import PaperIndex
from papertui.library import Library
from papertui.tui.screens import main as main_module
from papertui.tui.widgets import library_reads
from papertui.tui.widgets.abstract_pane import AbstractPane
from papertui.tui.widgets.library_reads import LibraryReads
from papertui.tui.widgets.status_line import StatusLine

SIZE = (120, 36)


async def test_the_pane_follows_the_list_once_the_keys_pause(library, make_app, wait, shown, monkeypatch):
    loads: list[str] = []
    real = AbstractPane.load

    def counting(self, pid, terms=()):
        loads.append(pid)
        return real(self, pid, terms)

    monkeypatch.setattr(AbstractPane, "load", counting)
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        loads.clear()
        await pilot.press("slash")
        for key in "diffus":
            await pilot.press(key)
            await pilot.pause()
        await wait(pilot)
        assert loads[-1:] == [app.screen.papers.current_id]
        assert len(loads) <= 2  # not one per key typed
        pane_text = shown(app.screen.query_one("#pane-body"))
        assert "We train diffusion policies" in pane_text
        assert isinstance(app.screen.query_one(AbstractPane), AbstractPane)
        # Off the search box, the pane follows the cursor at once.
        await pilot.press("enter")
        loads.clear()
        await pilot.press("down")
        await pilot.pause()
        assert loads == [app.screen.papers.current_id] or app.screen.papers.row_count == 1


async def test_searching_is_said_only_when_a_search_is_slow(library, make_app, wait, monkeypatch):
    said: list[bool] = []
    real_set = StatusLine.set

    def recording(self, **changes):
        if changes.get("busy"):
            said.append(True)
        return real_set(self, **changes)

    monkeypatch.setattr(StatusLine, "set", recording)
    # The busy timer never ends by itself here: the test ends it (say_busy), before or after the search is done.
    monkeypatch.setattr(library_reads, "BUSY_AFTER_S", 3600)
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        reads = app.screen.query_one(LibraryReads)
        await pilot.press("slash", "r", "o", "b")
        await wait(pilot)
        reads.say_busy()  # the timer ends after a fast search is done: nothing to say
        await wait(pilot)
        assert said == []

        entered, release = threading.Event(), threading.Event()
        real_search = Library.search

        def held(self, *args, **kwargs):
            entered.set()
            release.wait(30)
            return real_search(self, *args, **kwargs)

        monkeypatch.setattr(Library, "search", held)
        await pilot.press("o")
        assert await asyncio.to_thread(entered.wait, 30), "the search started"
        reads.say_busy()  # the timer ends while the search is still running
        await pilot.pause()
        assert said == [True]
        assert "searching…" in str(app.screen.status.render())
        release.set()
        await wait(pilot)
        assert "searching…" not in str(app.screen.status.render())
        assert not app.screen.status.status.busy


async def test_counts_and_the_index_start_after_the_first_view(library: Library, make_app, wait, monkeypatch):
    running_at_browse: list[set[str | None]] = []
    warmed: list[bool] = []
    real_browse = Library.browse
    real_warm = PaperIndex.warm
    library.tag(library.browse()[:2], ["later"])
    app = make_app(library)

    def browse(self, *args, **kwargs):
        running_at_browse.append({w.group for w in app.workers if w.is_running})
        return real_browse(self, *args, **kwargs)

    def warm(self):
        warmed.append(True)
        return real_warm(self)

    monkeypatch.setattr(Library, "browse", browse)
    monkeypatch.setattr(PaperIndex, "warm", warm)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        assert running_at_browse, "the first view browses the library"
        assert not running_at_browse[0] & {"index", "counts"}
        assert app.tag_names == ["later"]  # the counts did arrive afterwards
        assert warmed == [True]  # and the index was warmed


async def test_the_first_letter_keeps_the_list_and_the_second_searches(library, make_app, wait):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        everything = list(app.screen.papers.ids)
        await pilot.press("slash", "d")
        await wait(pilot)
        assert list(app.screen.papers.ids) == everything
        assert app.screen.status.status.shown == len(everything)
        await pilot.press("i")
        await wait(pilot)
        shown = app.screen.papers.ids
        assert 0 < len(shown) < len(everything)  # "di" → diffusion, ...
        assert app.screen.status.status.shown == len(shown)


async def test_select_all_takes_every_match_not_only_the_rows_listed(library, make_app, wait, monkeypatch):
    monkeypatch.setattr(library_reads, "SEARCH_LIMIT", 1)  # a search lists its first row, as 500 in real life
    monkeypatch.setattr(main_module, "SEARCH_LIMIT", 1)
    # With one row listed the cursor is always on the last row, which loads more: keep that out of the way.
    monkeypatch.setattr(main_module.MainScreen, "_maybe_load_more", lambda self, index: None)
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        await pilot.press("slash", *"model", "enter")
        await wait(pilot)
        screen = app.screen
        assert screen.status.status.shown == 2 and screen.papers.row_count == 1
        await pilot.press("ctrl+p")
        await wait(pilot)
        await pilot.press(*"select every")
        await wait(pilot)
        await pilot.press("enter")
        await wait(pilot)
        assert app.screen is screen
        assert len(screen.papers.selected) == 2
        assert screen.status.status.selected == 2
        assert set(screen.papers.selected) == {h.id for h in library.search("model", limit=10).hits}
