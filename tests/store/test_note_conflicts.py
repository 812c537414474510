"""Two editors of one note: the text saved second never silently replaces the text saved first."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from papertui.library import Library
from papertui.store.notes import MARKER

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def make_library(home: Path) -> tuple[Library, str]:
    lib = Library(home)
    lib.import_file(FIXTURES / "page_a.txt")
    return lib, lib.browse("title")[0]


def test_an_edit_started_before_another_save_keeps_both_texts(tmp_path) -> None:
    lib, pid = make_library(tmp_path / "lib")
    lib.set_note(pid, "first draft")
    other = Library(tmp_path / "lib")  # a second window
    other.set_note(pid, "written in the other window", base="first draft")
    change = lib.set_note(pid, "my careful rewrite", base="first draft")
    note = lib.record(pid).note
    assert note.startswith("my careful rewrite")
    assert MARKER in note and note.endswith("written in the other window")
    assert change.description.startswith("kept both texts of the note of")
    other.close()
    lib.close()


def test_an_edit_of_the_current_note_simply_replaces_it(tmp_path) -> None:
    lib, pid = make_library(tmp_path / "lib")
    lib.set_note(pid, "first draft")
    lib.set_note(pid, "second draft", base="first draft\n")  # editors add a newline: still the same text
    assert lib.record(pid).note == "second draft"
    lib.close()


def test_emptying_a_note_that_changed_elsewhere_keeps_the_other_text(tmp_path) -> None:
    lib, pid = make_library(tmp_path / "lib")
    lib.set_note(pid, "old")
    lib.set_note(pid, "theirs", base="old")
    lib.set_note(pid, "", base="old")
    note = lib.record(pid).note
    assert MARKER in note and note.endswith("theirs")
    lib.close()


def test_a_plain_note_command_replaces_the_note_and_says_so(tmp_path) -> None:
    lib, pid = make_library(tmp_path / "lib")
    lib.set_note(pid, "old")
    change = lib.set_note(pid, "replaced on purpose")
    assert lib.record(pid).note == "replaced on purpose"
    assert change.description == f"replaced the note of {pid}"
    lib.undo()
    assert lib.record(pid).note == "old"
    lib.close()


def test_undo_of_a_merged_save_brings_back_the_other_text(tmp_path) -> None:
    lib, pid = make_library(tmp_path / "lib")
    lib.set_note(pid, "old")
    lib.set_note(pid, "theirs", base="old")
    lib.set_note(pid, "mine", base="old")
    lib.undo()
    assert lib.record(pid).note == "theirs"
    lib.close()


def test_note_edit_with_a_slow_editor_keeps_a_note_saved_meanwhile(tmp_path) -> None:
    home = tmp_path / "lib"
    lib, pid = make_library(home)
    lib.set_note(pid, "before")
    lib.close()
    editor = tmp_path / "slow-editor"
    # The "editor" saves a note through another papertui process while it is open, then writes its own text.
    editor.write_text(
        f"#!{sys.executable}\n"
        "import subprocess, sys\n"
        f"subprocess.run([{sys.executable!r}, '-m', 'papertui', 'note', {pid!r}, 'saved meanwhile'], check=True)\n"
        "open(sys.argv[1], 'w').write('typed in the editor\\n')\n"
    )
    editor.chmod(editor.stat().st_mode | stat.S_IEXEC)
    env = {**os.environ, "PAPERTUI_HOME": str(home), "EDITOR": str(editor), "VISUAL": str(editor)}
    done = subprocess.run([sys.executable, "-m", "papertui", "note", pid, "--edit"], env=env, capture_output=True)
    assert done.returncode == 0, done.stderr
    assert b"kept both texts" in done.stdout
    lib = Library(home)
    note = lib.record(pid).note
    lib.close()
    assert note.startswith("typed in the editor") and note.endswith("saved meanwhile")
