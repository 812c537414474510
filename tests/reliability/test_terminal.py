"""The app survives tiny and changing terminals, and NO_COLOR: no crash, still usable."""

from __future__ import annotations

from pathlib import Path

import pytest

from papertui.library import Library
from papertui.tui.app import PapertuiApp

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SIZES = [(40, 10), (120, 36), (20, 5), (80, 24), (200, 60), (41, 11), (160, 48), (40, 10)]


@pytest.fixture
def lib(home: Path):
    library = Library(home)
    library.import_file(FIXTURES / "page_a.txt")
    yield library
    library.close()


async def _walk_screens(pilot) -> None:
    for key in ("j", "question_mark", "escape", "ctrl+t", "y", "escape", "slash"):
        await pilot.press(key)
        await pilot.pause()
    await pilot.press("l", "a", "n")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_started_at_40x10_and_resized_repeatedly_the_app_keeps_working(lib):
    app = PapertuiApp(lib, debounce_s=0.0)
    async with app.run_test(size=(40, 10)) as pilot:
        for width, height in SIZES:
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            await _walk_screens(pilot)
            await pilot.press("escape")
        assert app.is_running
        assert lib.record(lib.browse()[0]).triage == "kept"  # the triage key still reached the store


async def test_no_color_terminal_runs_every_screen(lib, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = PapertuiApp(lib, debounce_s=0.0)
    async with app.run_test(size=(80, 24)) as pilot:
        await _walk_screens(pilot)
        assert app.is_running
