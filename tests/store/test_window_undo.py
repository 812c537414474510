"""Each app window undoes its own steps: another window's change is never undone behind its back, and the
shell's `papertui undo` stays library-wide."""

from __future__ import annotations

from pathlib import Path

import pytest

from papertui.errors import PapertuiError
from papertui.library import Library

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def windows(tmp_path: Path):
    home = tmp_path / "lib"
    setup = Library(home)
    setup.import_file(FIXTURES / "page_a.txt")
    ids = setup.browse("title")
    setup.close()
    first, second = Library(home), Library(home)
    first.mark_window()
    second.mark_window()
    yield first, second, ids
    first.close()
    second.close()


def test_a_window_undoes_its_own_step_not_the_newer_step_of_another(windows) -> None:
    first, second, ids = windows
    first.tag([ids[0]], ["mine"])
    second.set_note(ids[1], "the other window's note", base="")
    change = first.undo(own=True)
    assert change is not None and change.description == 'undid: tagged 1 paper "mine"'
    assert first.record(ids[0]).tags == ()
    assert second.record(ids[1]).note == "the other window's note"
    assert first.redo(own=True) is not None and first.record(ids[0]).tags == ("mine",)


def test_a_window_with_nothing_of_its_own_undoes_nothing(windows) -> None:
    first, second, ids = windows
    second.tag([ids[0]], ["theirs"])
    assert first.undo(own=True) is None
    assert first.record(ids[0]).tags == ("theirs",)


def test_a_step_whose_papers_changed_since_elsewhere_is_refused_with_the_reason(windows) -> None:
    first, second, ids = windows
    first.tag([ids[0]], ["mine"])
    second.tag([ids[0]], ["theirs"])
    with pytest.raises(PapertuiError, match=r"changed since elsewhere.*papertui undo"):
        first.undo(own=True)
    assert first.record(ids[0]).tags == ("mine", "theirs")


def test_the_shell_undo_stays_library_wide(windows) -> None:
    first, second, ids = windows
    first.tag([ids[0]], ["mine"])
    second.set_note(ids[1], "newest", base="")
    shell = Library(first.paths.home)
    try:
        change = shell.undo()
    finally:
        shell.close()
    assert change is not None and change.description.startswith("undid: added a note to")
    assert first.record(ids[0]).tags == ("mine",) and first.record(ids[1]).note == ""


def test_a_removal_below_another_windows_step_is_refused_from_the_window(windows) -> None:
    first, second, ids = windows
    first.remove([ids[0]])
    second.tag([ids[1]], ["later"])
    with pytest.raises(PapertuiError, match="library-wide"):
        first.undo(own=True)
    assert ids[0] not in first.browse()
