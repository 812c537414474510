"""tui-state.json holds the user's saved searches: a file papertui cannot use is never written over before a copy
of it is safe in backups/, and the app starts with defaults and says why."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

import pytest
from cli_proc import _drop_permission_override, permissions_enforceable

from papertui.paths import library_paths
from papertui.tui.ui_state import UIState, UIStateFile


def run_python_unprivileged(code: str) -> subprocess.CompletedProcess:
    preexec = _drop_permission_override if os.geteuid() == 0 else None
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, preexec_fn=preexec)


HAND_EDIT = '{"saved_searches": {"llm": "language model", "rl": "reinforcement",}}'


def test_an_unparsable_state_file_is_backed_up_before_it_is_replaced(tmp_path):
    paths = library_paths(tmp_path)
    paths.tui_state.write_text(HAND_EDIT)
    store = UIStateFile(paths.tui_state)
    assert store.load() == UIState()
    assert store.problem and "not valid JSON" in store.problem
    store.save_search("new", "diffusion")
    backups = sorted(paths.backups.glob("tui-state-*"))
    assert len(backups) == 1 and backups[0].read_text() == HAND_EDIT
    assert json.loads(paths.tui_state.read_text())["saved_searches"] == {"new": "diffusion"}


def test_reading_alone_never_touches_an_unusable_file(tmp_path):
    paths = library_paths(tmp_path)
    paths.tui_state.write_text(HAND_EDIT)
    store = UIStateFile(paths.tui_state)
    store.load()
    store.load()
    assert paths.tui_state.read_text() == HAND_EDIT
    assert not paths.backups.exists()


def test_a_state_file_that_cannot_be_backed_up_is_kept_and_changes_stay_in_memory(tmp_path):
    paths = library_paths(tmp_path)
    paths.tui_state.write_text(HAND_EDIT)
    paths.backups.write_text("a file where the backups folder should be")
    store = UIStateFile(paths.tui_state)
    store.save_search("new", "diffusion")
    assert paths.tui_state.read_text() == HAND_EDIT
    assert store.load().saved_searches == {"new": "diffusion"}
    assert store.problem


def test_a_replaced_state_file_does_not_keep_mode_000(tmp_path):
    paths = library_paths(tmp_path)
    paths.tui_state.write_text(HAND_EDIT)
    paths.tui_state.chmod(0)
    store = UIStateFile(paths.tui_state)
    store.load()
    store.save_search("new", "diffusion")
    mode = paths.tui_state.stat().st_mode
    assert mode & stat.S_IRUSR and mode & stat.S_IWUSR


@pytest.mark.skipif(not permissions_enforceable(), reason="cannot drop root's file-permission override")
def test_an_unreadable_state_file_is_never_overwritten(tmp_path):
    paths = library_paths(tmp_path)
    paths.tui_state.write_text(HAND_EDIT.replace(",}}", "}}"))
    paths.tui_state.chmod(0)
    code = (
        "from papertui.tui.ui_state import UIStateFile\n"
        f"s = UIStateFile({str(paths.tui_state)!r})\n"
        "assert s.load().saved_searches == {}, 'defaults'\n"
        "assert 'cannot be read' in s.problem, s.problem\n"
        "s.save_search('new', 'x')\n"
        "assert s.load().saved_searches == {'new': 'x'}\n"
    )
    result = run_python_unprivileged(code)
    paths.tui_state.chmod(0o644)
    assert result.returncode == 0, result.stderr
    assert json.loads(paths.tui_state.read_text())["saved_searches"] == {"llm": "language model", "rl": "reinforcement"}
