"""The user's own keys (keys.json in the library folder): applied at start, shown in help, bad entries said."""

from __future__ import annotations

import json

from papertui.tui.keymap import declared_bindings, read_keymap, remappable_classes
from papertui.tui.screens.dialogs import PromptDialog
from papertui.tui.screens.help import HelpScreen
from papertui.tui.screens.main import MainScreen
from papertui.tui.screens.triage import TriageScreen

SIZE = (120, 36)


def test_every_key_the_app_shows_has_an_id_to_remap():
    ids = set(declared_bindings(remappable_classes()))
    assert {"main.tag", "main.search", "list.down", "triage.keep", "note.save", "app.quit"} <= ids


def test_a_damaged_or_odd_keymap_keeps_what_it_can(tmp_path):
    known = {"main.tag", "main.note"}
    path = tmp_path / "keys.json"
    assert read_keymap(path, known).keys == {} and not read_keymap(path, known).problems  # no file: no news
    path.write_text("{not json")
    broken = read_keymap(path, known)
    assert broken.keys == {} and "not valid JSON" in broken.problems[0]
    path.write_text(json.dumps({"main.tag": " a , b ", "main.nope": "x", "main.note": 3}))
    partly = read_keymap(path, known)
    assert partly.keys == {"main.tag": "a,b"}
    assert any("main.nope" in p for p in partly.problems) and any("main.note" in p for p in partly.problems)


async def test_a_remapped_key_works_and_the_old_one_does_not(library, make_app, wait, notices, shown):
    library.keymap_file.write_text(json.dumps({"main.tag": "a", "main.nope": "z"}))
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        assert any("main.nope" in n for n in notices(app))  # the bad entry is said, the good one applied
        await pilot.press("t")
        await wait(pilot)
        assert isinstance(app.screen, MainScreen)
        await pilot.press("a")
        await wait(pilot)
        assert isinstance(app.screen, PromptDialog)
        await pilot.press("escape")
        await wait(pilot)
        await pilot.press("question_mark")
        await wait(pilot)
        assert isinstance(app.screen, HelpScreen)
        table = shown(app.screen.query_one("#help-table"))
        assert any(line.split()[:2] == ["a", "Tag"] for line in table.splitlines())


async def test_a_remapped_paper_action_applies_in_triage_too(library, make_app, wait, shown):
    """Triage declares tag, note, copy, open, undo and redo under the main screen's ids: one remap, both screens."""
    library.keymap_file.write_text(json.dumps({"main.tag": "a"}))
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        await pilot.press("ctrl+t")
        await wait(pilot)
        assert isinstance(app.screen, TriageScreen)
        assert " a  tag" in shown(app.screen.query_one("#triage-keys"))  # the keys bar says the user's key
        await pilot.press("t")
        await wait(pilot)
        assert isinstance(app.screen, TriageScreen)  # the old key does nothing here either
        await pilot.press("a")
        await wait(pilot)
        assert isinstance(app.screen, PromptDialog) and app.screen.id == "tag-dialog"


def test_a_keymap_written_for_the_old_triage_ids_still_applies(tmp_path):
    path = tmp_path / "keys.json"
    path.write_text(json.dumps({"triage.tag": "a", "triage.note": "m", "main.note": "N"}))
    keymap = read_keymap(path, declared_bindings(remappable_classes()))
    assert keymap.keys == {"main.tag": "a", "main.note": "N"}  # the main id wins over its old triage alias
    assert keymap.problems == ()
