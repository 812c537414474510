"""SVG snapshots of the key screens (pytest-textual-snapshot). Update after a deliberate change with
`pytest tests/tui/test_snapshots.py --snapshot-update`, and look at the SVGs before committing them.

Deterministic by construction: every worker has finished, notifications are cleared and cursors do not blink.
"""

from __future__ import annotations

from textual.widgets import Input

from papertui.tui.widgets.search_box import SearchBox

SMALL = (80, 24)
WIDE = (160, 48)


def prepare(*keys: str, query: str | None = None, settle=None):
    """A run_before for snap_compare: settle, optionally search and press keys, settle again, tidy up."""

    async def run_before(pilot) -> None:
        app = pilot.app
        await settle(pilot)
        if query is not None:
            app.screen.query_one(SearchBox).value = query
            await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        for widget in app.screen.query(Input):
            widget.cursor_blink = False
        app.clear_notifications()
        await pilot.pause()

    return run_before


def test_main_screen_small(library, make_app, wait, snap_compare):
    app = make_app(library)
    assert snap_compare(app, terminal_size=SMALL, run_before=prepare(settle=wait))


def test_main_screen_wide_with_a_search(library, make_app, wait, snap_compare):
    library.tag(library.browse()[:2], ["reading"])
    app = make_app(library)
    assert snap_compare(app, terminal_size=WIDE, run_before=prepare("down", query="language", settle=wait))


def test_triage_screen(library, make_app, wait, snap_compare):
    app = make_app(library)
    assert snap_compare(app, terminal_size=SMALL, run_before=prepare("ctrl+t", "y", settle=wait))


def test_help_screen(library, make_app, wait, snap_compare):
    app = make_app(library)
    assert snap_compare(app, terminal_size=(100, 40), run_before=prepare("question_mark", settle=wait))


def test_tag_dialog(library, make_app, wait, snap_compare):
    library.tag(library.browse()[-1:], ["reinforcement-learning"])
    app = make_app(library)
    assert snap_compare(app, terminal_size=SMALL, run_before=prepare("t", "r", "e", settle=wait))


def test_welcome_screen(empty_library, make_app, wait, snap_compare):
    app = make_app(empty_library)
    assert snap_compare(app, terminal_size=(100, 30), run_before=prepare(settle=wait))
