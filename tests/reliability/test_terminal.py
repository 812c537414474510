"""The app survives tiny and changing terminals, and NO_COLOR: no crash, still usable."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.terminal_theme import SVG_EXPORT_THEME

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


def _colours(svg: str) -> set[str]:
    """The text and background colours of an SVG screenshot (not the window's decoration: rich draws its three
    coloured buttons as circles, which are left out here)."""
    text = re.findall(r"fill:\s*(#[0-9a-fA-F]{6})", svg)
    backgrounds = re.findall(r'<rect fill="(#[0-9a-fA-F]{6})"', svg)
    # "No colour" is drawn in the export theme's default foreground and background.
    default = {SVG_EXPORT_THEME.foreground_color.hex, SVG_EXPORT_THEME.background_color.hex}
    return {c.lower() for c in text + backgrounds} - default


def _is_grey(colour: str) -> bool:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return r == g == b


async def _screens_shown(app: PapertuiApp, pilot) -> list[str]:
    """SVG screenshots of the main screen, the help screen and triage, each once its work is done."""
    shots = []
    for key in ("", "question_mark", "escape", "ctrl+t"):
        if key:
            await pilot.press(key)
        await app.workers.wait_for_complete()
        await pilot.pause()
        shots.append(app.export_screenshot())
    return shots


@pytest.mark.parametrize("no_color", [True, False])
async def test_no_color_terminal_shows_no_colour_on_any_screen(lib, monkeypatch, no_color):
    """With NO_COLOR every colour drawn is a grey; without it the same screens are coloured (so the check can
    tell the two apart)."""
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    app = PapertuiApp(lib, debounce_s=0.0)
    async with app.run_test(size=(80, 24)) as pilot:
        shots = await _screens_shown(app, pilot)
        await _walk_screens(pilot)
        assert app.is_running
    for svg in shots:
        coloured = {c for c in _colours(svg) if not _is_grey(c)}
        if no_color:
            assert coloured == set()
        else:
            assert coloured
