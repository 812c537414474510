"""The watch list in the user store: entries as typed, one atomic and undoable write per change, old files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from papertui.errors import PapertuiError, UsageError
from papertui.library import Library
from papertui.store import userdata as userdata_module
from papertui.store.lock import LibraryLock
from papertui.store.userdata import UserStore
from papertui.store.watchlist import WatchEntry, parse_entry


def open_store(home: Path) -> UserStore:
    return UserStore(home / "userdata.json", LibraryLock(home / ".lock"), backups_dir=home / "backups")


@pytest.fixture
def store(tmp_path: Path) -> UserStore:
    return open_store(tmp_path)


def texts(store: UserStore) -> list[str]:
    return [e.text for e in store.watch_entries()]


@pytest.mark.parametrize(
    ("typed", "kind", "value", "shown"),
    [
        ('author:"Yann LeCun"', "author", "Yann LeCun", 'author:"Yann LeCun"'),
        ("author:Yann LeCun", "author", "Yann LeCun", 'author:"Yann LeCun"'),  # the shell ate the quotes
        ("Author:hinton", "author", "hinton", "author:hinton"),
        ('"state space model"', "keyword", "state space model", '"state space model"'),
        ("  state   space\tmodel ", "keyword", "state space model", '"state space model"'),
        ("mamba", "keyword", "mamba", "mamba"),
    ],
)
def test_entries_are_read_the_way_they_are_typed(typed, kind, value, shown):
    entry = parse_entry(typed)
    assert entry == WatchEntry(kind, value)
    assert entry.text == shown
    assert parse_entry(entry.text) == entry  # what `watch list` shows is what `watch remove` takes


@pytest.mark.parametrize("typed", ["", "   ", '"', 'author:"Yann', 'say "hi" there', "author:", 'author:""', "x" * 201])
def test_bad_entries_are_usage_errors(typed):
    with pytest.raises(UsageError):
        parse_entry(typed)


def test_add_keeps_order_and_skips_entries_already_watched_in_any_case(store):
    change = store.watch_add([parse_entry("mamba"), parse_entry("author:hinton")])
    assert change.description == "watching mamba, author:hinton"
    again = store.watch_add([parse_entry("MAMBA")])
    assert again.description.startswith("nothing to change")
    assert again.rev == change.rev  # nothing written, no undo step
    assert texts(store) == ["mamba", "author:hinton"]
    assert store.undo_label() == "watching mamba, author:hinton"


def test_an_author_and_a_keyword_of_the_same_text_are_two_entries(store):
    store.watch_add([parse_entry("hinton"), parse_entry("author:hinton")])
    assert texts(store) == ["hinton", "author:hinton"]


def test_remove_takes_any_spelling_and_refuses_an_entry_not_watched(store):
    store.watch_add([parse_entry('"State Space Model"'), parse_entry("mamba")])
    assert store.watch_remove(parse_entry("state space model")).description == 'stopped watching "State Space Model"'
    assert texts(store) == ["mamba"]
    with pytest.raises(PapertuiError) as err:
        store.watch_remove(parse_entry("diffusion"))
    assert err.value.exit_code == 1
    assert texts(store) == ["mamba"]


def test_undo_and_redo_step_through_watch_changes_and_tags_alike(store):
    store.watch_add([parse_entry("mamba")])
    store.tag(["p1"], ["reading"])
    store.watch_remove(parse_entry("mamba"))
    assert texts(store) == []
    assert store.undo().description == "undid: stopped watching mamba"
    assert texts(store) == ["mamba"]
    assert store.undo().description == 'undid: tagged 1 paper "reading"'
    assert store.get("p1").tags == ()
    assert texts(store) == ["mamba"]
    store.undo()
    assert texts(store) == []
    assert store.redo().description == "redid: watching mamba"
    assert texts(store) == ["mamba"]
    assert store.check() == []


def test_undo_after_a_restart_restores_the_list(tmp_path):
    open_store(tmp_path).watch_add([parse_entry("mamba"), parse_entry("author:hinton")])
    open_store(tmp_path).watch_remove(parse_entry("mamba"))
    reopened = open_store(tmp_path)
    reopened.undo()
    assert texts(open_store(tmp_path)) == ["mamba", "author:hinton"]


def test_a_window_cannot_undo_its_watch_change_under_another_windows(tmp_path):
    mine, other = open_store(tmp_path), open_store(tmp_path)
    mine.origin, other.origin = "window-a", "window-b"
    mine.watch_add([parse_entry("mamba")])
    other.watch_add([parse_entry("diffusion")])
    with pytest.raises(PapertuiError, match="watch list was changed since elsewhere"):
        mine.undo(own=True)
    assert texts(mine) == ["mamba", "diffusion"]


def test_a_failed_write_leaves_the_file_as_it_was(store, monkeypatch):
    store.watch_add([parse_entry("mamba")])
    before = store.path.read_bytes()

    def fail(self, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(userdata_module.AtomicJSONStorage, "write", fail)
    with pytest.raises(OSError):
        store.watch_add([parse_entry("diffusion")])
    assert store.path.read_bytes() == before
    assert texts(store) == ["mamba"]


def test_a_user_store_from_before_the_watch_list_opens_unchanged(tmp_path):
    old = open_store(tmp_path)
    old.tag(["p1"], ["reading"])
    data = json.loads(old.path.read_text())
    assert "watch" not in data  # written the way older versions write it
    raw = old.path.read_bytes()
    store = open_store(tmp_path)
    assert store.watch_entries() == []
    assert store.check() == []
    assert store.path.read_bytes() == raw
    store.watch_add([parse_entry("mamba")])
    assert store.get("p1").tags == ("reading",)
    assert store.undo().description == "undid: watching mamba"
    assert store.check() == []


def test_a_damaged_watch_list_is_reported_not_used(tmp_path):
    store = open_store(tmp_path)
    store.watch_add([parse_entry("mamba")])
    data = json.loads(store.path.read_text())
    data["watch"]["1"]["entries"] = [{"kind": "painter", "value": "Monet"}]
    store.path.write_text(json.dumps(data))
    problems = open_store(tmp_path).check()
    assert problems and "watch list" in problems[0]
    with pytest.raises(PapertuiError, match="watch list"):
        open_store(tmp_path).watch_entries()


def test_doctor_notices_a_watch_list_edited_behind_the_undo_log(tmp_path):
    store = open_store(tmp_path)
    store.watch_add([parse_entry("mamba")])
    data = json.loads(store.path.read_text())
    data["watch"]["1"]["entries"] = []
    store.path.write_text(json.dumps(data))
    assert any("differ from the last undo step" in p for p in open_store(tmp_path).check())


def test_two_libraries_on_one_home_keep_both_entries(home):
    first, second = Library(home), Library(home)
    try:
        first.watch_add("mamba")
        second.watch_add(['author:"Yann LeCun"'])
        first.watch_add("diffusion")
        assert [e.text for e in second.watch_list()] == ["mamba", 'author:"Yann LeCun"', "diffusion"]
    finally:
        first.close()
        second.close()
